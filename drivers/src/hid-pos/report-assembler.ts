// HID-POS reports -> one complete read. Pure: the transport owns the lost-report timer.
// Data bytes are concatenated raw across reports; decoding happens only once the read is whole,
// since a Vietnamese letter (2–3 UTF-8 bytes) can straddle two reports.

import type { HidPosLayout } from './layouts.ts';

export type AssemblerResult =
  | { readonly kind: 'partial' }
  | { readonly kind: 'complete'; readonly bytes: Buffer; readonly reports: number }
  | { readonly kind: 'overflow'; readonly bytes: Buffer }
  | { readonly kind: 'bad'; readonly reason: string };

export class ReportAssembler {
  #parts: Buffer[] = [];
  #length = 0;

  constructor(
    private readonly layout: HidPosLayout,
    private readonly maxBytes = 4096,
  ) {}

  get pending(): boolean {
    return this.#parts.length > 0;
  }

  push(raw: Uint8Array): AssemblerResult {
    let report = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
    // Some stacks hand over an unnumbered-report 0 before the real report id: drop it.
    if (report.length === this.layout.reportSize + 1 && report[0] === 0 && report[1] === this.layout.reportId) report = report.subarray(1);
    if (report.length < this.layout.reportSize) return { kind: 'bad', reason: `report of ${report.length} bytes, expected ${this.layout.reportSize}` };
    if (report[0] !== this.layout.reportId)
      return { kind: 'bad', reason: `report id 0x${report[0]!.toString(16)}, expected 0x${this.layout.reportId.toString(16)}` };
    const len = report[this.layout.lengthByte]!;
    if (len === 0 || len > this.layout.maxData) return { kind: 'bad', reason: `data length ${len} out of 1..${this.layout.maxData}` };
    this.#parts.push(Buffer.from(report.subarray(this.layout.dataOffset, this.layout.dataOffset + len)));
    this.#length += len;
    if (this.#length > this.maxBytes) return { kind: 'overflow', bytes: this.#take() };
    if ((report[this.layout.moreByte]! & 0x01) === 1) return { kind: 'partial' };
    const reports = this.#parts.length;
    return { kind: 'complete', bytes: this.#take(), reports };
  }

  /** Gives up on a read whose last report never came; returns what had arrived. */
  takePartial(): Buffer {
    return this.#take();
  }

  #take(): Buffer {
    const bytes = Buffer.concat(this.#parts, this.#length);
    this.#parts = [];
    this.#length = 0;
    return bytes;
  }
}
