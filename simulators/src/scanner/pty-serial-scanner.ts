// A serial scanner on the device end of a real pseudo-terminal. A PTY ignores the baud rate and
// delivers bytes at once, so the simulator paces its own writes: each chunk leaves when a UART at
// `baudRate` (10 bits per byte) would have finished sending the bytes before it.

import { writeSync } from 'node:fs';
import type { ScannerPty } from '../pty/scanner-pty.ts';
import { scannerBytes, type OutputEncoding, type SimTerminator } from './scanner-bytes.ts';

export interface PtyScannerOptions {
  readonly baudRate: number;
  readonly terminator: SimTerminator;
  /** Bytes per write (a UART FIFO or a USB-CDC packet); 1 sends byte by byte. */
  readonly chunkBytes: number;
  readonly encoding?: OutputEncoding;
}

export interface ScanOptions {
  readonly chunkBytes?: number;
  readonly encoding?: OutputEncoding;
  readonly terminator?: SimTerminator;
}

export class PtySerialScanner {
  #writing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly pair: ScannerPty,
    readonly options: PtyScannerOptions,
  ) {}

  /** Physical time of `bytes` on the wire at this baud rate, in milliseconds. */
  wireMs(bytes: number): number {
    return (bytes * 10 * 1000) / this.options.baudRate;
  }

  /** Sends one payload (plus the terminator); resolves with the time the last byte was written. */
  scan(payload: string | Uint8Array, opts: ScanOptions = {}): Promise<number> {
    const bytes = scannerBytes(payload, opts.terminator ?? this.options.terminator, opts.encoding ?? this.options.encoding);
    return this.sendRaw(bytes, opts.chunkBytes);
  }

  /** Sends bytes exactly as given (garbage, partial payloads…), paced like `scan`. */
  sendRaw(bytes: Uint8Array, chunkBytes = this.options.chunkBytes): Promise<number> {
    const job = this.#writing.then(() => this.#send(bytes, chunkBytes));
    this.#writing = job.catch(() => undefined);
    return job;
  }

  async #send(bytes: Uint8Array, chunkBytes: number): Promise<number> {
    const started = performance.now();
    let lastAt = started;
    for (let off = 0; off < bytes.length; off += chunkBytes) {
      const chunk = bytes.subarray(off, Math.min(bytes.length, off + chunkBytes));
      const due = started + this.wireMs(off + chunk.length);
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      await this.#write(chunk);
      lastAt = performance.now();
    }
    return lastAt;
  }

  // A synchronous write on a non-blocking descriptor: the bytes are in the PTY the moment it returns,
  // so "last byte written" is exact (an fs.write on the threadpool is stamped whenever its completion
  // reaches the event loop, early or late). EAGAIN means nobody drains the PTY yet: wait, retry.
  async #write(chunk: Uint8Array): Promise<void> {
    let off = 0;
    while (off < chunk.length) {
      try {
        off += writeSync(this.pair.deviceFd(), chunk, off, chunk.length - off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  }

  async unplug(): Promise<void> {
    await this.pair.unplug();
  }

  async plug(): Promise<void> {
    await this.pair.plug();
  }

  async close(): Promise<void> {
    await this.pair.close();
  }
}
