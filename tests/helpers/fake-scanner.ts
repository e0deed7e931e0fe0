// A scanner transport the test drives by hand, at the path discovery reported: reads, an unplug.
// For what PTYs cannot stand in for here (HID devices, and serial metadata such as USB serial numbers).

import { TransportError } from '../../drivers/src/errors.ts';
import type { DeviceIdentity, ScannerTransport, TransportEvents, TransportKind } from '../../drivers/src/transport.ts';
import { TypedEmitter } from '../../drivers/src/typed-emitter.ts';

export class FakeScanner extends TypedEmitter<TransportEvents> implements ScannerTransport {
  #open = false;
  #plugged = true;

  constructor(
    readonly kind: TransportKind,
    readonly identity: DeviceIdentity,
  ) {
    super();
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (!this.#plugged) throw new TransportError('SCANNER_OPEN_FAILED', `${this.identity.path}: no such device`);
    this.#open = true;
  }

  async close(): Promise<void> {
    this.#open = false;
  }

  scan(payload: string): void {
    this.emit('read', { bytes: Buffer.from(payload, 'utf8'), at: Date.now(), end: 'terminator' });
  }

  /** The USB cable pulled: this path is gone for good. */
  unplug(): void {
    this.#plugged = false;
    if (!this.#open) return;
    this.#open = false;
    this.emit('disconnect', new TransportError('SCANNER_DISCONNECTED', `${this.identity.path}: unplugged`));
  }
}
