// Per-device flood guard: a stuck trigger or a shorted cable can send thousands of "reads" a second.
// Reads over the limit in a one-second window are refused before the pipeline (so never
// acknowledged); the scanner counts as flooding for FLOOD_HEALTH_MS after the last refused read,
// which turns its health to error. Reads already admitted are untouched.

/** How long a flood keeps the scanner's health at "error" after its last dropped read. */
export const FLOOD_HEALTH_MS = 60_000;

export type Admission =
  /** Admitted: hand it to the pipeline. */
  | 'admitted'
  /** Refused, and the first refusal of this flood (log it, announce the health change). */
  | 'flood-started'
  /** Refused, the flood already known. */
  | 'refused';

export class FloodGuard {
  #window = { start: 0, reads: 0 };
  #floodedAt: number | null = null;

  /** `limit`: reads a second; undefined admits everything. */
  constructor(private readonly limit: number | undefined) {}

  admit(nowMs: number): Admission {
    if (this.limit === undefined) return 'admitted';
    if (nowMs - this.#window.start >= 1000) this.#window = { start: nowMs, reads: 0 };
    if (++this.#window.reads <= this.limit) return 'admitted';
    const first = this.#floodedAt === null || nowMs - this.#floodedAt > FLOOD_HEALTH_MS;
    this.#floodedAt = nowMs;
    return first ? 'flood-started' : 'refused';
  }

  flooding(nowMs: number): boolean {
    return this.#floodedAt !== null && nowMs - this.#floodedAt <= FLOOD_HEALTH_MS;
  }
}
