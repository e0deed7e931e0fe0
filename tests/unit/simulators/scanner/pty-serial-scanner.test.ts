// The simulated serial scanner on the device end of a pseudo-terminal. A PTY has no baud rate, so
// the simulator paces its own writes as a UART would: the daemon's idle-gap framing and its latency
// figures are only meaningful if bytes arrive at the pace of a real 9600 or 115200 baud scanner.
// Two scans must never interleave on the wire, one failed scan must not stall the next, and a
// large burst the daemon has not drained yet must wait rather than be lost.
// Pacing and ordering are checked on a plain file standing in for the PTY; the burst on a kernel
// PTY (simulators/src/pty/kernel-pty.ts, needs python3).

import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import type { ScannerPty } from '../../../../simulators/src/pty/scanner-pty.ts';
import { KernelPty, kernelPtyAvailable } from '../../../../simulators/src/pty/kernel-pty.ts';
import { PtySerialScanner } from '../../../../simulators/src/scanner/pty-serial-scanner.ts';
import { requirement } from '../../../helpers/requirement.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

/** A ScannerPty whose device end is a file: what the scanner wrote can be read back at any moment. */
class FilePty implements ScannerPty {
  readonly hostPath: string;
  #fd: number | null = null;
  constructor(dir: string) {
    this.hostPath = join(dir, 'wire');
    this.#fd = openSync(this.hostPath, 'w');
  }
  get plugged(): boolean {
    return this.#fd !== null;
  }
  deviceFd(): number {
    if (this.#fd === null) throw new Error('the simulated scanner is unplugged');
    return this.#fd;
  }
  async plug(): Promise<void> {
    this.#fd ??= openSync(this.hostPath, 'a');
  }
  async unplug(): Promise<void> {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }
  close(): Promise<void> {
    return this.unplug();
  }
  wire(): Buffer {
    return readFileSync(this.hostPath);
  }
}

function filePty(t: { teardown(fn: () => unknown): void }): FilePty {
  const dir = mkdtempSync(join(tmpdir(), 'tiepnhan-'));
  const pty = new FilePty(dir);
  t.teardown(async () => {
    await pty.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return pty;
}

t.test('time on the wire: 10 bits a byte at the baud rate', async (t) => {
  const cases: Array<[number, number, number]> = [
    [9600, 1, 10 / 9.6],
    [9600, 150, 156.25], // a 150-byte card at 9600 baud: a sixth of a second
    [115200, 11520, 1000],
    [115200, 0, 0],
  ];
  for (const [baudRate, bytes, ms] of cases) {
    const s = new PtySerialScanner({} as ScannerPty, { baudRate, terminator: 'CR', chunkBytes: 1 });
    t.equal(s.wireMs(bytes), ms, `${bytes} bytes at ${baudRate} baud`);
  }
});

t.test('a card goes out with its suffix, in the configured or the per-scan encoding and terminator', async (t) => {
  const pty = filePty(t);
  const s = new PtySerialScanner(pty, { baudRate: 1e9, terminator: 'CRLF', chunkBytes: 64 });
  await s.scan(AN);
  await s.scan('Nguyễn', { encoding: 'cp1252', terminator: 'ETX' });
  t.equal(pty.wire().toString('hex'), Buffer.concat([Buffer.from(`${AN}\r\n`, 'utf8'), Buffer.from('Nguy?n\x03', 'latin1')]).toString('hex'));
});

t.test('chunks leave when a UART at that baud rate would have sent them', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  t.teardown(() => clock.uninstall());
  const pty = filePty(t);
  // 1000 baud: 10 ms a byte; chunks of 2 bytes: "00", "10", "89", "\r" due at 20, 40, 60 and 70 ms.
  const s = new PtySerialScanner(pty, { baudRate: 1000, terminator: 'CR', chunkBytes: 2 });
  const start = performance.now();
  const sent = s.scan('001089');
  const seen: Array<[number, string]> = [];
  for (const at of [19, 20, 39, 40, 60, 69, 70]) {
    await clock.tickAsync(at - (performance.now() - start));
    seen.push([at, pty.wire().toString('latin1')]);
  }
  t.same(seen, [
    [19, ''],
    [20, '00'],
    [39, '00'],
    [40, '0010'],
    [60, '001089'],
    [69, '001089'],
    [70, '001089\r'],
  ]);
  t.equal((await sent) - start, 70, 'resolves with the time the last byte was written');
});

t.test('scans sent together go out one after the other, never interleaved', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  t.teardown(() => clock.uninstall());
  const pty = filePty(t);
  const s = new PtySerialScanner(pty, { baudRate: 9600, terminator: 'CR', chunkBytes: 1 });
  const both = Promise.all([s.scan('001089012345'), s.scan('079305001234'), s.sendRaw(Buffer.from('garbage'))]);
  await clock.runAllAsync();
  const [a, b, c] = await both;
  t.equal(pty.wire().toString('latin1'), '001089012345\r079305001234\rgarbage');
  t.ok(a < b && b < c, 'each finishes after the one before');
});

t.test('a scan into an unplugged PTY fails, and the scanner works again once replugged', async (t) => {
  const pty = filePty(t);
  const s = new PtySerialScanner(pty, { baudRate: 1e9, terminator: 'CR', chunkBytes: 16 });
  await s.unplug();
  t.equal(pty.plugged, false);
  await t.rejects(s.scan('001089012345'), { message: 'the simulated scanner is unplugged' });
  await s.plug();
  t.equal(pty.plugged, true);
  await s.scan('079305001234');
  t.equal(pty.wire().toString('latin1'), '079305001234\r', 'the failed scan does not block the queue');
  await s.close();
  t.equal(pty.plugged, false, 'close unplugs');
});

const ptyReq = requirement(
  kernelPtyAvailable(),
  'a kernel PTY needs Linux and python3 under CI=true',
  'python3 or /dev/ptmx is missing, so the PTY burst test did not run',
);

t.test('a burst larger than the PTY buffer waits for the reader instead of losing bytes', ptyReq, async (t) => {
  const pty = await KernelPty.create();
  t.teardown(async () => {
    await pty.close();
    await rm(dirname(pty.hostPath), { recursive: true, force: true });
  });
  const s = new PtySerialScanner(pty, { baudRate: 1e9, terminator: 'CR', chunkBytes: 65536 });
  const payload = Buffer.alloc(65535);
  for (let i = 0; i < payload.length; i++) payload[i] = 0x30 + (i % 10);
  let done = false;
  const sent = s.scan(payload).then(() => (done = true));
  await new Promise((r) => setTimeout(r, 20));
  t.equal(done, false, 'still waiting: nobody has read the PTY yet');
  const host = openSync(pty.hostPath, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
  t.teardown(() => closeSync(host));
  const got: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(65536);
  const deadline = Date.now() + 5000;
  while (total < payload.length + 1 && Date.now() < deadline) {
    try {
      const n = readSync(host, buf);
      got.push(Buffer.from(buf.subarray(0, n)));
      total += n;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  await sent;
  t.equal(Buffer.concat(got).toString('latin1'), `${payload.toString('latin1')}\r`, 'all 64 KiB and the CR, in order');
});
