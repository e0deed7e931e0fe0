// A token bucket per caller: a receptionist types one search at a time; a script hammering the
// search API is cut off with 429 before it can walk the patient list.
// Bounded: at most `maxKeys` buckets. Only buckets that have refilled completely are forgotten (one is
// then the same as a new one), so nobody can flood the map with new keys to reset another caller's
// limit; while the map is full of partly used buckets, a *new* key waits for one to refill.

export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  get size(): number {
    return this.#buckets.size;
  }

  /** 0 when allowed; otherwise seconds until the next request would be. */
  take(key: string): number {
    const t = this.now();
    let b = this.#buckets.get(key);
    if (!b) {
      if (this.#buckets.size >= this.maxKeys && !this.#forgetFull(t)) return Math.ceil(60 / this.perMinute);
      b = { tokens: this.perMinute, at: t };
      this.#buckets.set(key, b);
    }
    b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.at) * this.perMinute) / 60_000);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) * 60) / this.perMinute);
  }

  /** Drops every bucket that has refilled by now; false when none has. */
  #forgetFull(t: number): boolean {
    let dropped = false;
    for (const [k, b] of this.#buckets) {
      if (b.tokens + ((t - b.at) * this.perMinute) / 60_000 >= this.perMinute) {
        this.#buckets.delete(k);
        dropped = true;
      }
    }
    return dropped;
  }
}
