// A simulated scanner with no operating-system device at all, for machines without socat (Windows
// reception PCs trying the quick start). It still runs its bytes through the serial driver's
// FrameSplitter, so framing behaves as on a wire.

import { TransportError } from '../../../drivers/src/errors.ts';
import { FrameSplitter } from '../../../drivers/src/serial/frame-splitter.ts';
import type { DeviceIdentity, ScannerTransport, TransportEvents } from '../../../drivers/src/transport.ts';
import { TypedEmitter } from '../../../drivers/src/typed-emitter.ts';
import { scannerBytes, type OutputEncoding, type SimTerminator } from './scanner-bytes.ts';

export class InProcessScanner extends TypedEmitter<TransportEvents> implements ScannerTransport {
  readonly kind = 'memory' as const;
  readonly identity: DeviceIdentity;
  #open = false;
  #plugged = true;
  readonly #splitter: FrameSplitter;

  constructor(
    id: string,
    private readonly terminator: SimTerminator,
  ) {
    super();
    this.identity = { path: `memory:${id}`, manufacturer: 'tiepnhan', product: 'simulated scanner (in-process)' };
    this.#splitter = new FrameSplitter({ terminator, idleMs: 100, maxBytes: 4096, onFrame: (r) => this.emit('read', r) });
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (!this.#plugged) throw new TransportError('SCANNER_OPEN_FAILED', `${this.identity.path}: unplugged`);
    this.#open = true;
  }

  unplug(): void {
    this.#plugged = false;
    if (!this.#open) return;
    this.#open = false;
    this.#splitter.reset();
    this.emit('disconnect', new TransportError('SCANNER_DISCONNECTED', `${this.identity.path}: unplugged`));
  }

  replug(): void {
    this.#plugged = true;
  }

  async close(): Promise<void> {
    this.#open = false;
    this.#splitter.reset();
  }

  async scan(payload: string | Uint8Array, encoding: OutputEncoding = 'utf8'): Promise<number> {
    if (!this.#open) throw new Error('the simulated scanner is not open');
    this.#splitter.push(scannerBytes(payload, this.terminator, encoding));
    return performance.now();
  }
}
