// What every node-hid based transport shares: open through the HidDevice seam, treat any device
// error as "gone" (node-hid emits a plain string on removal), and close quietly. Subclasses turn
// reports into reads.

import { lastByteClock } from '../clock.ts';
import { TransportError } from '../errors.ts';
import type { DeviceIdentity, ScannerTransport, TransportEvents, TransportKind } from '../transport.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import type { HidDevice, HidOpener } from './hid-device.ts';

const reason = (err: unknown): string => String((err as Error)?.message ?? err);

export abstract class HidTransportBase extends TypedEmitter<TransportEvents> implements ScannerTransport {
  abstract readonly kind: TransportKind;
  #device: HidDevice | null = null;

  constructor(
    readonly identity: DeviceIdentity,
    private readonly opener: HidOpener,
  ) {
    super();
  }

  get isOpen(): boolean {
    return this.#device !== null;
  }

  async open(): Promise<void> {
    if (this.#device) return;
    let device: HidDevice;
    try {
      device = await this.opener(this.identity.path);
    } catch (err) {
      throw new TransportError('SCANNER_OPEN_FAILED', `cannot open HID device ${this.identity.path}: ${reason(err)}`, err);
    }
    this.resetState();
    this.#device = device;
    device.on('data', (report) => this.onReport(report, lastByteClock()));
    device.on('error', (err) => {
      if (this.#device !== device) return;
      void this.#drop(device);
      this.emit('disconnect', new TransportError('SCANNER_DISCONNECTED', `${this.identity.path}: ${reason(err)}`, err));
    });
  }

  async close(): Promise<void> {
    const device = this.#device;
    if (device) await this.#drop(device);
  }

  /** One input report, as node-hid delivers it (report id in byte 0 for numbered reports), stamped
   *  on arrival: a read's time is its last report's, even when silence closes it later. */
  protected abstract onReport(report: Buffer, at: number): void;

  /** Forgets any partial read (on open and when the device goes away). */
  protected abstract resetState(): void;

  async #drop(device: HidDevice): Promise<void> {
    this.#device = null;
    this.resetState();
    device.removeAllListeners('data');
    try {
      await device.close();
    } catch {
      /* already gone */
    }
  }
}
