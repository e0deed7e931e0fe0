// The simulated HID scanners stand in for node-hid's devices in every HID test of the daemon. They
// must behave as the real ones do where the driver depends on it: opening only the device's own
// path and only while plugged in, delivering reports as `data` events, signalling removal with
// node-hid's plain error string, and refusing to send once closed or unplugged.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import type { HidDevice } from '../../../../drivers/src/hid-pos/hid-device.ts';
import { hidPosReports, keyboardReports } from '../../../../simulators/src/scanner/hid-reports.ts';
import { SimulatedHidScanner } from '../../../../simulators/src/scanner/simulated-hid.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

async function opened(sim: SimulatedHidScanner): Promise<{ device: HidDevice; reports: Buffer[]; errors: unknown[] }> {
  const device = await sim.opener(sim.path);
  const reports: Buffer[] = [];
  const errors: unknown[] = [];
  device.on('data', (r) => reports.push(r));
  device.on('error', (e) => errors.push(e));
  return { device, reports, errors };
}

t.test('each simulated scanner has its own path, and opens only by it', async (t) => {
  const a = new SimulatedHidScanner({ kind: 'hidPos', family: 'honeywell' });
  const b = new SimulatedHidScanner({ kind: 'keyboard' });
  t.match(a.path, /^sim-hid:[0-9a-f]{1,8}$/);
  t.not(a.path, b.path);
  t.equal(new SimulatedHidScanner({ kind: 'keyboard' }, '/dev/hidraw7').path, '/dev/hidraw7');
  await t.rejects(a.opener(b.path), { message: `cannot open device with path ${b.path}` });
  t.equal(a.opens, 0);
  await a.opener(a.path);
  t.equal(a.opens, 1);
});

t.test('a scan arrives as the reports of its mode, in order', async (t) => {
  const pos = new SimulatedHidScanner({ kind: 'hidPos', family: 'newland' });
  const p = await opened(pos);
  await pos.scan(AN, { intervalMs: 0 });
  t.same(
    p.reports.map((r) => r.toString('hex')),
    hidPosReports(Buffer.from(AN, 'utf8'), 'newland').map((r) => r.toString('hex')),
  );
  const raw = Uint8Array.from([0xc3, 0x28]);
  t.same(pos.reportsFor(raw), hidPosReports(raw, 'newland'), 'raw bytes are sent as given');

  const wedge = new SimulatedHidScanner({ kind: 'keyboard' });
  const k = await opened(wedge);
  await wedge.scan('001089', { intervalMs: 0 });
  t.same(
    k.reports.map((r) => r.toString('hex')),
    keyboardReports('001089').map((r) => r.toString('hex')),
  );
  t.same(wedge.reportsFor(Buffer.from('Nam', 'utf8')), keyboardReports('Nam'));
});

t.test('reports are spaced by the interval: 1 ms for HID-POS, 8 ms per report for a wedge', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  t.teardown(() => clock.uninstall());
  const pos = new SimulatedHidScanner({ kind: 'hidPos', family: 'honeywell' });
  const p = await opened(pos);
  const at: number[] = [];
  p.device.on('data', () => at.push(performance.now()));
  const start = performance.now();
  const sent = pos.scan(Buffer.alloc(150, 0x41));
  await clock.runAllAsync();
  t.same(
    at.map((x) => x - start),
    [0, 1, 2],
    'three reports, 1 ms apart',
  );
  t.equal((await sent) - start, 2, 'resolves with the time the last report was handed over');

  const wedge = new SimulatedHidScanner({ kind: 'keyboard' });
  const k = await opened(wedge);
  const keyAt: number[] = [];
  k.device.on('data', () => keyAt.push(performance.now()));
  const kStart = performance.now();
  const typed = wedge.scan('01');
  await clock.runAllAsync();
  await typed;
  t.same(
    keyAt.map((x) => x - kStart),
    [0, 8, 16, 24, 32, 40],
    "'0', '1', Enter: down and up each",
  );
});

t.test('dropLast loses the final report, as a faulty cable does', async (t) => {
  const sim = new SimulatedHidScanner({ kind: 'hidPos', family: 'honeywell' });
  const { reports } = await opened(sim);
  await sim.scan(Buffer.alloc(150, 0x41), { dropLast: true, intervalMs: 0 });
  t.same(
    reports.map((r) => r[63]),
    [1, 1],
    'two reports that both promise more',
  );
});

t.test("an unplug is node-hid's error string, once; then nothing opens until the replug", async (t) => {
  const sim = new SimulatedHidScanner({ kind: 'hidPos', family: 'newland' });
  const { errors } = await opened(sim);
  sim.unplug();
  t.same(errors, ['could not read from HID device'], 'a string, not an Error, as node-hid emits');
  sim.unplug();
  t.equal(errors.length, 1, 'unplugging twice says it once');
  await t.rejects(sim.scan(AN, { intervalMs: 0 }), { message: 'the simulated HID scanner is not open' });
  await t.rejects(sim.opener(sim.path), { message: `cannot open device with path ${sim.path}` });
  sim.replug();
  const again = await opened(sim);
  t.equal(sim.opens, 2);
  await sim.scan('x', { intervalMs: 0 });
  t.equal(again.reports.length, 1);
});

t.test('a closed device gets no more reports and no removal error', async (t) => {
  const sim = new SimulatedHidScanner({ kind: 'keyboard' });
  const { device, reports, errors } = await opened(sim);
  await device.close();
  await t.rejects(sim.scan('001089', { intervalMs: 0 }), { message: 'the simulated HID scanner is not open' });
  sim.unplug();
  t.same(reports, []);
  t.same(errors, [], 'removing a closed device raises nothing');
});
