// A HID-POS scanner as a ScannerTransport: reports -> ReportAssembler -> reads. A read whose last
// report never arrives is not dropped: after `lostReportMs` it is emitted with end 'lostReport'
// (the daemon counts it as a truncated read).

import { TransportError } from '../errors.ts';
import type { DeviceIdentity, ScannerTransport, TransportEvents } from '../transport.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import type { HidDevice, HidOpener } from './hid-device.ts';
import type { HidPosLayout } from './layouts.ts';
import { ReportAssembler } from './report-assembler.ts';

export interface HidPosTransportOptions {
  readonly identity: DeviceIdentity;
  readonly layout: HidPosLayout;
  readonly open: HidOpener;
  /** Wait for a continued read's next report; 8 reports at 1–10 ms intervals take < 100 ms. */
  readonly lostReportMs?: number;
  readonly maxBytes?: number;
}

export class HidPosTransport extends TypedEmitter<TransportEvents> implements ScannerTransport {
  readonly kind = 'hidPos' as const;
  readonly identity: DeviceIdentity;
  readonly #opts: HidPosTransportOptions;
  #device: HidDevice | null = null;
  #assembler: ReportAssembler;
  #timer: NodeJS.Timeout | null = null;

  constructor(opts: HidPosTransportOptions) {
    super();
    this.#opts = opts;
    this.identity = opts.identity;
    this.#assembler = new ReportAssembler(opts.layout, opts.maxBytes);
  }

  get isOpen(): boolean {
    return this.#device !== null;
  }

  async open(): Promise<void> {
    if (this.#device) return;
    let device: HidDevice;
    try {
      device = await this.#opts.open(this.identity.path);
    } catch (err) {
      throw new TransportError('SCANNER_OPEN_FAILED', `cannot open HID device ${this.identity.path}: ${String((err as Error)?.message ?? err)}`, err);
    }
    this.#device = device;
    this.#assembler = new ReportAssembler(this.#opts.layout, this.#opts.maxBytes);
    device.on('data', (report) => this.#onReport(report));
    device.on('error', (err) => {
      if (this.#device !== device) return;
      void this.#drop(device);
      this.emit('disconnect', new TransportError('SCANNER_DISCONNECTED', `${this.identity.path}: ${String((err as Error)?.message ?? err)}`, err));
    });
  }

  async close(): Promise<void> {
    const device = this.#device;
    if (device) await this.#drop(device);
  }

  #onReport(report: Buffer): void {
    const r = this.#assembler.push(report);
    this.#clearTimer();
    const at = Date.now();
    switch (r.kind) {
      case 'partial':
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.emit('read', { bytes: this.#assembler.takePartial(), at: Date.now(), end: 'lostReport' });
        }, this.#opts.lostReportMs ?? 250);
        return;
      case 'complete':
        this.emit('read', { bytes: r.bytes, at, end: 'report' });
        return;
      case 'overflow':
        this.emit('read', { bytes: r.bytes, at, end: 'overflow' });
        return;
      case 'bad':
        this.emit('warning', new TransportError('SCANNER_BAD_REPORT', `${this.identity.path}: ${r.reason}`));
    }
  }

  async #drop(device: HidDevice): Promise<void> {
    this.#device = null;
    this.#clearTimer();
    device.removeAllListeners('data');
    try {
      await device.close();
    } catch {
      /* already gone */
    }
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
