// One access per card read: cheap scanners send a card twice within a few hundred milliseconds, and a
// card held under the beam is read again and again. The same bytes from the same device within the
// window are one access: the repeat is dropped before the pipeline (not counted, not shown, not looked
// up) and counted in the device's statistics (`repeats`) for the technician. The window runs from the
// last time those bytes were seen, so a card held still for ten seconds is still one access; a rescan
// after a pause longer than the window is a new one. Only the device's last read is compared: another
// card in between makes the first one new again. A window of 0 turns the filter off.

export class RepeatFilter {
  #last: { readonly bytes: Buffer; at: number } | null = null;

  /** `windowMs`: how long the same bytes stay one access; 0 admits every read. */
  constructor(private readonly windowMs: number) {}

  /** True when this read repeats the device's last one within the window (drop it). */
  isRepeat(bytes: Buffer, nowMs: number): boolean {
    if (this.windowMs <= 0) return false;
    const last = this.#last;
    if (last && nowMs - last.at <= this.windowMs && last.bytes.equals(bytes)) {
      last.at = nowMs;
      return true;
    }
    this.#last = { bytes: Buffer.from(bytes), at: nowMs };
    return false;
  }
}
