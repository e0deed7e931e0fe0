// A HID-POS scanner as a ScannerTransport: reports -> ReportAssembler -> reads. A read whose last
// report never arrives is not dropped: after `lostReportMs` it is emitted with end 'lostReport'
// (the daemon counts it as a truncated read).

import { TransportError } from '../errors.ts';
import { SilenceTimer } from '../silence-timer.ts';
import type { DeviceIdentity } from '../transport.ts';
import type { HidOpener } from './hid-device.ts';
import { HidTransportBase } from './hid-transport-base.ts';
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

export class HidPosTransport extends HidTransportBase {
  readonly kind = 'hidPos' as const;
  readonly #opts: HidPosTransportOptions;
  #assembler: ReportAssembler;
  #lastReportAt = 0;
  readonly #lastReport = new SilenceTimer(() => this.emit('read', { bytes: this.#assembler.takePartial(), at: this.#lastReportAt, end: 'lostReport' }));

  constructor(opts: HidPosTransportOptions) {
    super(opts.identity, opts.open);
    this.#opts = opts;
    this.#assembler = new ReportAssembler(opts.layout, opts.maxBytes);
  }

  protected resetState(): void {
    this.#lastReport.cancel();
    this.#assembler = new ReportAssembler(this.#opts.layout, this.#opts.maxBytes);
  }

  protected onReport(report: Buffer, at: number): void {
    this.#lastReportAt = at;
    const r = this.#assembler.push(report);
    this.#lastReport.cancel();
    switch (r.kind) {
      case 'partial':
        this.#lastReport.arm(this.#opts.lostReportMs ?? 250);
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
}
