import t from 'tap';
import { until } from '../../../helpers/wait.ts';
import { KeyboardTransport } from '../../../../drivers/src/hid-keyboard/keyboard-transport.ts';
import { charToUsage, usageToChar } from '../../../../drivers/src/hid-keyboard/usage-to-char.ts';
import type { ScanRead } from '../../../../drivers/src/transport.ts';
import { SimulatedHidScanner } from '../../../../simulators/src/scanner/simulated-hid.ts';

t.test('US-layout usage table, shift included; | is Shift+backslash', async (t) => {
  t.equal(usageToChar(0x04, false), 'a');
  t.equal(usageToChar(0x04, true), 'A');
  t.equal(usageToChar(0x27, false), '0');
  t.equal(usageToChar(0x1e, true), '!');
  t.equal(usageToChar(0x31, true), '|');
  t.same(charToUsage('|'), { usage: 0x31, shift: true });
  t.equal(charToUsage('ễ'), null, 'no key types a Vietnamese letter');
});

t.test('a wedge scanner typing a payload is decoded from key-down/key-up reports', async (t) => {
  const sim = new SimulatedHidScanner({ kind: 'keyboard' });
  const transport = new KeyboardTransport({ identity: { path: sim.path }, open: sim.opener });
  const reads: ScanRead[] = [];
  transport.on('read', (r) => reads.push(r));
  await transport.open();
  t.teardown(() => transport.close());
  const ascii = '001089012345|013456789|Nguyen Van An|15031989|Nam|Ha Noi|20042021';
  await sim.scan(ascii, { intervalMs: 0 });
  t.equal(reads.length, 1);
  t.equal(reads[0]!.bytes.toString('latin1'), ascii);
  await sim.scan('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021', { intervalMs: 0 });
  t.equal(
    reads[1]!.bytes.toString('latin1'),
    '001089012345|013456789|Nguyn Vn An|15031989|Nam|H Ni|20042021',
    'Vietnamese letters are lost: the reason for the health warning',
  );
});

t.test('a wedge scan closed by silence (no Enter) carries the time of its last key, not of the silence', async (t) => {
  const sim = new SimulatedHidScanner({ kind: 'keyboard' });
  const transport = new KeyboardTransport({ identity: { path: sim.path }, open: sim.opener, idleMs: 80 });
  const reads: ScanRead[] = [];
  let emittedAt = 0;
  transport.on('read', (r) => {
    reads.push(r);
    emittedAt = performance.timeOrigin + performance.now();
  });
  await transport.open();
  t.teardown(() => transport.close());
  const typed = sim.reportsFor('001089012345').slice(0, -2); // Enter's key-down and key-up left out
  await sim.sendReports(typed, 0);
  await until(() => reads.length > 0, 5000);
  t.equal(reads[0]?.bytes.toString('latin1'), '001089012345', 'closed by silence');
  // The read is emitted only after 80 ms of silence (a timer never fires early), so a stamp taken at
  // the last key is at least that much before the emission; a stamp taken at the flush would not be.
  t.ok(emittedAt - reads[0]!.at >= 75, `stamped at the last key, ${(emittedAt - reads[0]!.at).toFixed(1)} ms before the silence closed the read`);
});
