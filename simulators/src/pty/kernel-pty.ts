// A pseudo-terminal straight from the kernel: the simulator holds the master, the daemon opens the
// slave through a stable symlink. Unlike a socat pair there is no relay process between the two
// ends, so nothing but the kernel's own tty buffer sits between "last byte written" and "readable",
// the same hop a USB-CDC scanner's bytes take through the cdc_acm driver. Used by the benchmarks:
// on a 2-core machine under load socat's scheduling tail (1-3 ms) was larger than the daemon's own.
// Linux only; node has no ioctl, so a python3 one-liner unlocks the PTY and names its slave.

import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, symlinkSync, unlinkSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScannerPty } from './scanner-pty.ts';

// TIOCSPTLCK (unlock), TIOCGPTN (slave number); then raw mode without echo on the slave, which is
// what serialport sets too, so bytes written before the daemon opens the port are not echoed back.
const UNLOCK_AND_NAME = [
  'import fcntl, struct, os, tty, termios',
  'fcntl.ioctl(3, 0x40045431, struct.pack("i", 0))',
  'n = struct.unpack("I", fcntl.ioctl(3, 0x80045430, b"\\0\\0\\0\\0"))[0]',
  'p = "/dev/pts/%d" % n',
  's = os.open(p, os.O_RDWR | os.O_NOCTTY)',
  'tty.setraw(s)',
  'a = termios.tcgetattr(s); a[3] &= ~termios.ECHO; termios.tcsetattr(s, termios.TCSANOW, a)',
  'os.close(s)',
  'print(p)',
].join('\n');

export function kernelPtyAvailable(): boolean {
  return process.platform === 'linux' && existsSync('/dev/ptmx') && spawnSync('python3', ['-c', 'import fcntl, termios'], { stdio: 'ignore' }).status === 0;
}

export class KernelPty implements ScannerPty {
  #master: number | null = null;

  private constructor(readonly hostPath: string) {}

  static async create(): Promise<KernelPty> {
    const pty = new KernelPty(join(await mkdtemp(join(tmpdir(), 'tiepnhan-kpty-')), 'host'));
    await pty.plug();
    return pty;
  }

  get plugged(): boolean {
    return this.#master !== null;
  }

  deviceFd(): number {
    if (this.#master === null) throw new Error('the simulated scanner is unplugged');
    return this.#master;
  }

  async plug(): Promise<void> {
    if (this.#master !== null) return;
    const master = openSync('/dev/ptmx', constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
    const r = spawnSync('python3', ['-c', UNLOCK_AND_NAME], { stdio: ['ignore', 'pipe', 'pipe', master], encoding: 'utf8' });
    const slave = r.stdout?.trim() ?? '';
    if (r.status !== 0 || !slave.startsWith('/dev/pts/')) {
      closeSync(master);
      throw new Error(`cannot set up a kernel PTY: ${r.stderr?.trim() || r.error?.message || 'python3 failed'}`);
    }
    if (existsSync(this.hostPath)) unlinkSync(this.hostPath);
    symlinkSync(slave, this.hostPath);
    this.#master = master;
  }

  async unplug(): Promise<void> {
    const master = this.#master;
    if (master === null) return;
    this.#master = null;
    try {
      unlinkSync(this.hostPath);
    } catch {
      /* already gone */
    }
    closeSync(master); // the slave hangs up: reads end with EIO, as a vanished ttyACM does
  }

  close(): Promise<void> {
    return this.unplug();
  }
}
