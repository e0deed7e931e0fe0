// The kernel pseudo-terminal the benchmarks and the serial tests use as a scanner's USB-CDC port:
// the daemon opens a stable path (as /dev/ttyACM0), the simulator writes the scanner's bytes into
// the master. It must pass bytes raw (a CR terminator or a ^S in a card must not be translated or
// swallowed by the line discipline), echo nothing back, and behave like a cable pulled and plugged
// back in: the path disappears, reads end, and the same path returns. Needs Linux and python3.

import { closeSync, constants, existsSync, lstatSync, openSync, readlinkSync, readSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import t from 'tap';
import { KernelPty, kernelPtyAvailable } from '../../../../simulators/src/pty/kernel-pty.ts';
import { requirement } from '../../../helpers/requirement.ts';

const req = requirement(
  kernelPtyAvailable(),
  'a kernel PTY needs Linux and python3 under CI=true',
  'python3 or /dev/ptmx is missing, so the kernel PTY tests did not run',
);

/** Reads what is waiting on a non-blocking descriptor, retrying briefly while nothing has arrived. */
async function drain(fd: number, want: number): Promise<Buffer> {
  const got: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(4096);
  for (let tries = 0; total < want && tries < 200; tries++) {
    try {
      const n = readSync(fd, buf);
      if (n === 0) break;
      got.push(Buffer.from(buf.subarray(0, n)));
      total += n;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return Buffer.concat(got);
}

t.test('kernel PTY', req, async (t) => {
  const pty = await KernelPty.create();
  t.teardown(async () => {
    await pty.close();
    await rm(dirname(pty.hostPath), { recursive: true, force: true });
  });

  t.test('the daemon-side path is a link to the PTY, under a fresh temporary folder', async (t) => {
    t.ok(lstatSync(pty.hostPath).isSymbolicLink());
    t.match(readlinkSync(pty.hostPath), /^\/dev\/pts\/\d+$/);
    t.match(dirname(pty.hostPath), /tiepnhan-kpty-/);
    t.equal(pty.plugged, true);
    t.equal(pty.deviceFd(), pty.deviceFd(), 'one device descriptor');
    const again = pty.deviceFd();
    await pty.plug();
    t.equal(pty.deviceFd(), again, 'plugging a plugged PTY changes nothing');
  });

  t.test('bytes written before the daemon opens the port arrive raw, and nothing is echoed', async (t) => {
    // CR, LF, TAB, ETX, DEL and XON/XOFF: a cooked terminal would translate or swallow each of these.
    const bytes = Buffer.concat([Buffer.from('001089012345|Nguyễn\r\n\t', 'utf8'), Buffer.from([0x03, 0x7f, 0x11, 0x13, 0x04])]);
    writeSync(pty.deviceFd(), bytes);
    const host = openSync(pty.hostPath, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    t.teardown(() => closeSync(host));
    t.equal((await drain(host, bytes.length)).toString('hex'), bytes.toString('hex'));
    const echo = Buffer.alloc(64);
    t.throws(() => readSync(pty.deviceFd(), echo), { code: 'EAGAIN' }, 'nothing comes back to the scanner side');
  });

  t.test('unplugged: the path is gone, an open port reads no more, the device end is closed', async (t) => {
    const host = openSync(pty.hostPath, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    t.teardown(() => closeSync(host));
    await pty.unplug();
    t.equal(pty.plugged, false);
    t.equal(existsSync(pty.hostPath), false, 'the device node disappears, as /dev/ttyACM0 does');
    let ended: string;
    try {
      ended = readSync(host, Buffer.alloc(16)) === 0 ? 'end of file' : 'data';
    } catch (err) {
      ended = (err as NodeJS.ErrnoException).code ?? 'error';
    }
    t.ok(['end of file', 'EIO'].includes(ended), `a read on the open port ends (${ended}), it does not wait for bytes`);
    t.throws(() => pty.deviceFd(), { message: 'the simulated scanner is unplugged' });
    await pty.unplug();
    t.pass('unplugging twice is harmless');
  });

  t.test('plugged back: the same path, a working device', async (t) => {
    const path = pty.hostPath;
    await pty.plug();
    t.equal(pty.hostPath, path);
    t.equal(pty.plugged, true);
    t.match(readlinkSync(path), /^\/dev\/pts\/\d+$/);
    const host = openSync(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    t.teardown(() => closeSync(host));
    writeSync(pty.deviceFd(), '079305001234\r');
    t.equal((await drain(host, 13)).toString('latin1'), '079305001234\r');
    await pty.close();
    t.equal(pty.plugged, false, 'close unplugs');
    t.equal(existsSync(path), false);
  });
});
