// Framing over a real pseudo-terminal, with the serialport driver exactly as it opens /dev/ttyACM0.
import { writeSync } from 'node:fs';
import t from 'tap';
import type { Terminator } from '../../drivers/src/serial/frame-splitter.ts';
import { SerialTransport } from '../../drivers/src/serial/serial-transport.ts';
import type { ScanRead } from '../../drivers/src/transport.ts';
import { parsePayload } from '../../daemon/src/parse/index.ts';
import { PtyPair } from '../../simulators/src/pty/pty-pair.ts';
import { PtySerialScanner } from '../../simulators/src/scanner/pty-serial-scanner.ts';
import type { SimTerminator } from '../../simulators/src/scanner/scanner-bytes.ts';
import { ptyRequirement } from '../helpers/socat.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

async function rig(t: { teardown(fn: () => unknown): void }, scannerTerm: SimTerminator, driverTerm: Terminator, idleMs = 60) {
  const pair = await PtyPair.create();
  const scanner = new PtySerialScanner(pair, { baudRate: 115200, terminator: scannerTerm, chunkBytes: 64 });
  const transport = new SerialTransport({ path: pair.hostPath, baudRate: 115200, terminator: driverTerm, idleMs, maxBytes: 4096 });
  const reads: ScanRead[] = [];
  transport.on('read', (r) => reads.push(r));
  await transport.open();
  t.teardown(async () => {
    await transport.close();
    await scanner.close();
  });
  return { scanner, reads };
}

t.test('Vietnamese text split at every byte boundary arrives whole', ptyRequirement(), async (t) => {
  const { scanner, reads } = await rig(t, 'CR', 'CR', 0);
  const bytes = Buffer.from(`${AN}\r`, 'utf8');
  let wrong = 0;
  for (let cut = 1; cut < bytes.length; cut++) {
    await scanner.sendRaw(bytes.subarray(0, cut), 4096);
    await new Promise((r) => setTimeout(r, 1)); // the halves travel as separate PTY reads
    await scanner.sendRaw(bytes.subarray(cut), 4096);
    await until(() => reads.length === cut, 2000, 2);
    if (reads[cut - 1]!.bytes.toString('utf8') !== AN) wrong++;
  }
  t.equal(wrong, 0, `${bytes.length - 1} split points, every read byte-exact`);
});

const CASES: Array<[SimTerminator, Terminator]> = [
  ['CR', 'CR'],
  ['LF', 'LF'],
  ['CRLF', 'CRLF'],
  ['TAB', 'TAB'],
  ['ETX', 'ETX'],
  ['CRLF', 'any'],
  ['none', 'none'],
  ['none', 'any'],
];
for (const [scannerTerm, driverTerm] of CASES) {
  t.test(`scanner suffix ${scannerTerm}, driver set to ${driverTerm}`, ptyRequirement(), async (t) => {
    const { scanner, reads } = await rig(t, scannerTerm, driverTerm);
    await scanner.scan(AN);
    await until(() => reads.length === 1); // without a suffix only silence separates two scans
    await scanner.scan(AN);
    await until(() => reads.length === 2);
    t.ok(
      reads.every((r) => r.bytes.toString('utf8') === AN),
      'two reads, both whole',
    );
    t.equal(reads[0]!.end, scannerTerm === 'none' ? 'idle' : 'terminator');
  });
}

t.test('a scanner set to Windows-1252 output gives a counted encoding error, not a wrong patient', ptyRequirement(), async (t) => {
  const { scanner, reads } = await rig(t, 'CR', 'any');
  await scanner.scan(AN, { encoding: 'cp1252' });
  await until(() => reads.length === 1);
  const r = parsePayload(reads[0]!.bytes);
  t.match(r, { ok: false, error: { code: 'encoding' } });
});

// A stalled event loop (a big report being rendered, a long garbage collection) must not cut a
// scan in two: when the loop comes back, the silence timer is overdue, but the rest of the scan is
// already waiting in the PTY. Timers run before I/O in each loop turn; the driver must look first.
const busyWait = (msec: number): void => {
  const until = performance.now() + msec;
  while (performance.now() < until);
};

for (const term of ['CR', 'none'] as const) {
  t.test(`a stalled event loop does not split a read (suffix ${term}, 60 ms silence)`, ptyRequirement(), async (t) => {
    const { scanner, reads } = await rig(t, term, term);
    const bytes = Buffer.from(term === 'CR' ? `${AN}\r` : AN, 'utf8');
    const cut = 40;
    await scanner.sendRaw(bytes.subarray(0, cut), 4096);
    await new Promise((r) => setTimeout(r, 20)); // the first part is in the driver, its silence timer armed
    writeSync(scanner.pair.deviceFd(), bytes.subarray(cut)); // the rest is in the PTY before the stall
    busyWait(200);
    await until(() => reads.length >= 1);
    await new Promise((r) => setTimeout(r, 150)); // a second (split) read would have come by now
    t.same(
      reads.map((r) => [r.bytes.toString('utf8'), r.end]),
      [[AN, term === 'CR' ? 'terminator' : 'idle']],
      'one whole read',
    );
  });
}
