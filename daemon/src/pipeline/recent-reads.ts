// The last reads of each device, for the technician diagnosing a garbled or truncated read. Good reads
// keep no bytes (they are a patient's identity): only their kind and a masked ID. Rejected reads keep
// their bytes, with digit runs masked in the text view, since the bytes are what shows a wrong code
// page or a lost report.

import { maskId } from '../parse/mask.ts';

export interface RecentRead {
  readonly at: string;
  readonly bytes: number;
  readonly end: string;
  readonly ok: boolean;
  readonly test: boolean;
  readonly kind: string | null;
  readonly code: string | null;
  /** Hex of a rejected read; null for a good one. */
  readonly hex: string | null;
  /** A rejected read decoded as UTF-8 (lossy), or a good read's masked ID. */
  readonly text: string;
}

const KEEP = 20;

export function maskDigitRuns(text: string): string {
  return text.replace(/\d{6,}/g, (run) => maskId(run));
}

export class RecentReads {
  readonly #byDevice = new Map<string, RecentRead[]>();

  add(deviceId: string, read: RecentRead): void {
    const list = this.#byDevice.get(deviceId) ?? [];
    list.unshift(read);
    if (list.length > KEEP) list.length = KEEP;
    this.#byDevice.set(deviceId, list);
  }

  of(deviceId: string): RecentRead[] {
    return [...(this.#byDevice.get(deviceId) ?? [])];
  }
}
