// HID-POS reassembly against simulated devices that emit the exact 64-byte reports of the Honeywell
// and Newland families (no USB hardware on this machine; see docs/research/scanner-protocols.md).
import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { HidPosTransport } from '../../../../drivers/src/hid-pos/hid-pos-transport.ts';
import { LAYOUTS, layoutForVendor, type HidPosFamily } from '../../../../drivers/src/hid-pos/layouts.ts';
import type { ScanRead } from '../../../../drivers/src/transport.ts';
import { hidPosReports } from '../../../../simulators/src/scanner/hid-reports.ts';
import { SimulatedHidScanner } from '../../../../simulators/src/scanner/simulated-hid.ts';

const FAMILIES: HidPosFamily[] = ['honeywell', 'newland'];

function payloadOf(size: number): Buffer {
  // Vietnamese text repeated and cut to `size` bytes at a letter boundary-agnostic point.
  const base = Buffer.from('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021|', 'utf8');
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = base[i % base.length]!;
  return out;
}

async function setup(t: { teardown(fn: () => unknown): void }, family: HidPosFamily, lostReportMs = 100) {
  const sim = new SimulatedHidScanner({ kind: 'hidPos', family });
  const transport = new HidPosTransport({ identity: { path: sim.path }, layout: LAYOUTS[family], open: sim.opener, lostReportMs });
  const reads: ScanRead[] = [];
  const warnings: string[] = [];
  transport.on('read', (r) => reads.push(r));
  transport.on('warning', (w) => warnings.push(w.code));
  await transport.open();
  t.teardown(() => transport.close());
  return { sim, transport, reads, warnings };
}

t.test('report shape: 64 bytes, report id 2, length byte, continuation flag', async (t) => {
  const reports = hidPosReports(payloadOf(150), 'honeywell');
  t.equal(reports.length, 3, '150 bytes -> 3 reports');
  t.same(
    reports.map((r) => r.length),
    [64, 64, 64],
  );
  t.same(
    reports.map((r) => r[1]),
    [56, 56, 38],
  );
  t.same(
    reports.map((r) => r[63]),
    [1, 1, 0],
  );
  t.equal(reports[0]!.subarray(2, 5).toString(), ']Q1', 'Honeywell: AIM id in bytes 2-4');
  t.equal(hidPosReports(payloadOf(400), 'newland').length, 8, '400 bytes -> 8 reports');
  t.equal(layoutForVendor(0x0c2e)?.family, 'honeywell');
  t.equal(layoutForVendor(0x1eab)?.family, 'newland');
  t.equal(layoutForVendor(0x05e0), null, 'Zebra: layout unconfirmed, refused rather than guessed');
});

for (const family of FAMILIES) {
  t.test(`${family}: payloads of 1, 56, 57, 150 and 400 bytes arrive whole`, async (t) => {
    const { sim, reads } = await setup(t, family);
    for (const size of [1, 56, 57, 150, 400]) {
      const p = payloadOf(size);
      await sim.scan(p);
      const r = reads.pop();
      t.ok(r && r.bytes.equals(p) && r.end === 'report', `${size} bytes`);
    }
  });

  t.test(`${family}: a Vietnamese letter straddling two reports is reassembled byte-exact`, async (t) => {
    const { sim, reads } = await setup(t, family);
    // Put the 3-byte "ễ" at offsets 55..57, across the 56-byte boundary.
    const p = Buffer.concat([Buffer.alloc(55, 0x41), Buffer.from('ễ', 'utf8'), Buffer.from('|end')]);
    await sim.scan(p);
    t.equal(reads.length, 1);
    t.equal(reads[0]!.bytes.toString('utf8'), `${'A'.repeat(55)}ễ|end`);
  });

  t.test(`${family}: a lost final report becomes a truncated read, not silence`, async (t) => {
    const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    t.teardown(() => clock.uninstall());
    const { sim, reads } = await setup(t, family, 50);
    const p = payloadOf(150);
    const sent = sim.scan(p, { dropLast: true });
    await clock.tickAsync(1); // the simulator's 1 ms between reports
    await sent;
    await clock.tickAsync(45);
    t.equal(reads.length, 0, 'nothing before the lost-report wait (50 ms) is over');
    await clock.tickAsync(10);
    t.equal(reads.length, 1, 'then a read');
    t.equal(reads[0]!.end, 'lostReport');
    t.ok(reads[0]!.bytes.equals(p.subarray(0, 112)), 'the two reports that arrived');
    await sim.scan(payloadOf(20));
    t.ok(reads[1]?.bytes.equals(payloadOf(20)), 'the next read is clean');
  });
}

t.test('malformed reports are counted warnings and do not poison the next read', async (t) => {
  const { sim, reads, warnings } = await setup(t, 'honeywell');
  const bad = hidPosReports(payloadOf(10), 'honeywell')[0]!;
  const zeroLen = Buffer.from(bad);
  zeroLen[1] = 0;
  const tooLong = Buffer.from(bad);
  tooLong[1] = 57;
  const wrongId = Buffer.from(bad);
  wrongId[0] = 0x04;
  await sim.sendReports([zeroLen, tooLong, wrongId, Buffer.alloc(10)], 0);
  t.same(warnings, ['SCANNER_BAD_REPORT', 'SCANNER_BAD_REPORT', 'SCANNER_BAD_REPORT', 'SCANNER_BAD_REPORT']);
  await sim.scan(payloadOf(30));
  t.ok(reads[0]?.bytes.equals(payloadOf(30)));
});

t.test('unplug emits one disconnect; replug and reopen resume reading', async (t) => {
  const { sim, transport, reads } = await setup(t, 'newland');
  const disconnects: string[] = [];
  transport.on('disconnect', (e) => disconnects.push(e.message));
  sim.unplug();
  t.equal(disconnects.length, 1);
  t.match(disconnects[0], /could not read from HID device/);
  t.notOk(transport.isOpen);
  await t.rejects(transport.open(), { code: 'SCANNER_OPEN_FAILED' }, 'cannot open while unplugged');
  sim.replug();
  await transport.open();
  await sim.scan(payloadOf(60));
  t.ok(reads[0]?.bytes.equals(payloadOf(60)));
});
