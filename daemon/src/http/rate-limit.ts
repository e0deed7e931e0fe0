// A token bucket per caller: a receptionist types one search at a time; a script hammering the
// search API is cut off with 429 before it can walk the patient list.

export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when allowed; otherwise seconds until the next request would be. */
  take(key: string): number {
    const t = this.now();
    const b = this.#buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.at) * this.perMinute) / 60_000);
    b.at = t;
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    if (this.#buckets.size > 10_000) this.#buckets.clear();
    return Math.ceil(((1 - b.tokens) * 60) / this.perMinute);
  }
}
