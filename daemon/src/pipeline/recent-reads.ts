// The last reads of each device, for the technician diagnosing a garbled or truncated read. Nothing
// here is readable personal data: a good read shows its kind and a masked ID; a rejected read shows
// its structure (field count, lengths, character classes, the failing rule; read-structure.ts). Its
// raw bytes stay in the database (scan_events.raw_hex), purged with the other details at retention.
// Bounded twice: 20 reads a device, and at most MAX_DEVICES devices (the oldest forgotten first), since
// webcam reads name their device after a desk the client sends.

import type { RecentRead } from '../api/contract.ts';

export type { RecentRead };

const KEEP = 20;
export const MAX_DEVICES = 512;

export class RecentReads {
  readonly #byDevice = new Map<string, RecentRead[]>();

  add(deviceId: string, read: RecentRead): void {
    const list = this.#byDevice.get(deviceId) ?? [];
    this.#byDevice.delete(deviceId); // re-inserted last: Map order is recency
    list.unshift(read);
    if (list.length > KEEP) list.length = KEEP;
    this.#byDevice.set(deviceId, list);
    if (this.#byDevice.size > MAX_DEVICES) this.#byDevice.delete(this.#byDevice.keys().next().value!);
  }

  of(deviceId: string): RecentRead[] {
    return [...(this.#byDevice.get(deviceId) ?? [])];
  }
}
