// A pseudo-terminal pair made by socat: the simulated scanner writes into `devicePath`, the daemon's
// serial driver opens `hostPath` exactly as it would open /dev/ttyACM0. Killing socat removes both
// ends, which is what an unplugged USB-CDC scanner looks like to the driver. Linux/macOS only.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScannerPty } from './scanner-pty.ts';

export function socatAvailable(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export class PtyPair implements ScannerPty {
  #proc: ChildProcess | null = null;
  #fd: number | null = null;

  private constructor(
    readonly devicePath: string,
    readonly hostPath: string,
  ) {}

  /** Creates the pair under a fresh temporary folder (or the given link paths). */
  static async create(links?: { devicePath: string; hostPath: string }): Promise<PtyPair> {
    const dir = links ? null : await mkdtemp(join(tmpdir(), 'tiepnhan-pty-'));
    const pair = new PtyPair(links?.devicePath ?? join(dir!, 'scanner'), links?.hostPath ?? join(dir!, 'host'));
    await pair.plug();
    return pair;
  }

  get plugged(): boolean {
    return this.#proc !== null;
  }

  deviceFd(): number {
    if (!this.#proc) throw new Error('the simulated scanner is unplugged');
    this.#fd ??= openSync(this.devicePath, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
    return this.#fd;
  }

  /** (Re)creates both ends. */
  async plug(): Promise<void> {
    if (this.#proc) return;
    const proc = spawn('socat', [`pty,raw,echo=0,link=${this.devicePath}`, `pty,raw,echo=0,link=${this.hostPath}`], { stdio: 'ignore' });
    this.#proc = proc;
    const deadline = Date.now() + 5000;
    while (!(existsSync(this.devicePath) && existsSync(this.hostPath))) {
      if (proc.exitCode !== null) throw new Error(`socat exited with code ${proc.exitCode}`);
      if (Date.now() > deadline) throw new Error('socat did not create the pseudo-terminals within 5 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Removes both ends, as pulling the USB cable does. */
  async unplug(): Promise<void> {
    const proc = this.#proc;
    if (!proc) return;
    this.#proc = null;
    if (this.#fd !== null) {
      try {
        closeSync(this.#fd);
      } catch {
        /* gone with the PTY */
      }
      this.#fd = null;
    }
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    const deadline = Date.now() + 2000;
    while ((existsSync(this.devicePath) || existsSync(this.hostPath)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  close(): Promise<void> {
    return this.unplug();
  }
}
