// Raw serial bytes -> complete reads. A read ends at a terminator byte, after `idleMs` of silence
// (scanners configured with no suffix), or at `maxBytes` (the rest of that read is discarded until
// the next terminator or silence, so one runaway read does not become several bogus ones).
// Bytes stay raw: decoding happens once the read is whole.

import { lastByteClock } from '../clock.ts';
import { SilenceTimer } from '../silence-timer.ts';
import type { ReadEnd, ScanRead } from '../transport.ts';

export type Terminator = 'CR' | 'LF' | 'CRLF' | 'TAB' | 'ETX' | 'none' | 'any';

export const TERMINATORS: readonly Terminator[] = ['CR', 'LF', 'CRLF', 'TAB', 'ETX', 'none', 'any'];

const BYTES: Record<Terminator, readonly number[]> = {
  CR: [0x0d],
  LF: [0x0a],
  CRLF: [0x0d, 0x0a],
  TAB: [0x09],
  ETX: [0x03],
  none: [],
  any: [0x0d, 0x0a, 0x09, 0x03],
};

export interface FrameSplitterOptions {
  readonly terminator: Terminator;
  /** Silence that closes an unterminated read; 0 disables (then only terminators close reads). */
  readonly idleMs: number;
  readonly maxBytes: number;
  readonly onFrame: (read: ScanRead) => void;
  readonly now?: () => number;
}

export class FrameSplitter {
  readonly #isTerminator: boolean[] = new Array<boolean>(256).fill(false);
  readonly #opts: FrameSplitterOptions;
  readonly #now: () => number;
  #chunks: Buffer[] = [];
  #length = 0;
  #discarding = false;
  #lastByteAt = 0;
  readonly #silence = new SilenceTimer(() => this.#emit('idle'));

  constructor(opts: FrameSplitterOptions) {
    if (!TERMINATORS.includes(opts.terminator)) throw new TypeError(`unknown terminator "${opts.terminator}"`);
    if (!(opts.maxBytes > 0)) throw new TypeError('"maxBytes" must be greater than 0');
    if (opts.terminator === 'none' && !(opts.idleMs > 0)) throw new TypeError('terminator "none" needs "idleMs" > 0');
    for (const b of BYTES[opts.terminator]) this.#isTerminator[b] = true;
    this.#opts = opts;
    this.#now = opts.now ?? lastByteClock;
  }

  push(chunk: Buffer): void {
    this.#lastByteAt = this.#now();
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (!this.#isTerminator[chunk[i]!]) continue;
      this.#append(chunk.subarray(start, i));
      this.#emit('terminator');
      start = i + 1;
    }
    this.#append(chunk.subarray(start));
    this.#armIdle();
  }

  /** Drops a partial read (used when the device disconnects mid-read). Returns the bytes dropped. */
  reset(): number {
    const dropped = this.#length;
    this.#silence.cancel();
    this.#chunks = [];
    this.#length = 0;
    this.#discarding = false;
    return dropped;
  }

  #append(part: Buffer): void {
    if (part.length === 0 || this.#discarding) return;
    const room = this.#opts.maxBytes - this.#length;
    if (part.length < room) {
      this.#chunks.push(part);
      this.#length += part.length;
      return;
    }
    this.#chunks.push(part.subarray(0, room));
    this.#length += room;
    this.#emit('overflow');
    this.#discarding = true;
  }

  #emit(end: ReadEnd): void {
    if (end !== 'overflow' && this.#discarding) {
      this.#discarding = false;
      return;
    }
    if (this.#length === 0) return; // CRLF's second byte, or a stray terminator
    const bytes = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#length);
    this.#chunks = [];
    this.#length = 0;
    this.#opts.onFrame({ bytes: Buffer.from(bytes), at: this.#lastByteAt, end });
  }

  #armIdle(): void {
    if (this.#opts.idleMs <= 0 || (this.#length === 0 && !this.#discarding)) this.#silence.cancel();
    else this.#silence.arm(this.#opts.idleMs);
  }
}
