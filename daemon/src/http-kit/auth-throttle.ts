// Wrong credentials, counted per client address, answered with a growing wait: a receptionist who
// mistypes her token a few times never notices, a script guessing tokens from one PC gets one try a
// second, then every two, four, … up to `maxWaitMs`. Only the address that failed waits: the right
// token from any other address is looked at at once (docs/reference/security.md, "Limits per client").
// While an address waits, its credentials are not even looked at (a right token would tell the guesser
// it is right), and a success never clears its count (a reception token must not buy more guesses at
// the admin token). An address is forgotten `forgetAfterMs` after its last failure.
// Bounded: at most `maxAddresses` are tracked. When that many failed recently, expired ones are dropped
// first; if none has expired, every further address shares one count (a flood of new addresses, each
// guessing a little, is throttled as one guesser instead of growing the map or resetting anyone).

export interface ThrottlePolicy {
  /** Failures an address may make before the first wait. */
  readonly free: number;
  readonly firstWaitMs: number;
  readonly maxWaitMs: number;
  readonly forgetAfterMs: number;
  readonly maxAddresses: number;
}

export const AUTH_THROTTLE: ThrottlePolicy = {
  free: 10,
  firstWaitMs: 1000,
  maxWaitMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxAddresses: 10_000,
};

interface Entry {
  failures: number;
  last: number;
  until: number;
  /** What failed last (a session cookie's digest), for `fail(key, same)`. */
  same: string | undefined;
}

const OVERFLOW = '\u0000overflow';

export class AuthThrottle {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly policy: ThrottlePolicy = AUTH_THROTTLE,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** 0: `key` may present a credential now; otherwise the whole seconds until it may (Retry-After). */
  waitS(key: string): number {
    const e = this.#entryOf(key);
    if (!e) return 0;
    const left = e.until - this.now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** Records a wrong credential from `key`. `same`: what failed, when the same thing failing again is
   *  no new guess (a page repeating its expired session cookie): counted once until something else fails. */
  fail(key: string, same?: string): void {
    const t = this.now();
    let e = this.#entryOf(key);
    if (!e) {
      if (this.#full()) this.#sweep(t);
      const slot = this.#full() ? OVERFLOW : key;
      e = this.#entries.get(slot) ?? { failures: 0, last: t, until: 0, same: undefined };
      this.#entries.set(slot, e);
    }
    if (same !== undefined && same === e.same) return;
    e.same = same;
    e.failures += 1;
    e.last = t;
    const over = e.failures - this.policy.free;
    if (over > 0) e.until = t + Math.min(this.policy.maxWaitMs, this.policy.firstWaitMs * 2 ** Math.min(over - 1, 30));
  }

  /** The entry counting `key`'s failures now (its own, or the shared one while the map is full). */
  #entryOf(key: string): Entry | undefined {
    const t = this.now();
    const own = this.#entries.get(key);
    if (own && this.#expired(own, t)) this.#entries.delete(key);
    else if (own) return own;
    if (!this.#full()) return undefined;
    const shared = this.#entries.get(OVERFLOW);
    if (shared && this.#expired(shared, t)) {
      this.#entries.delete(OVERFLOW);
      return undefined;
    }
    return shared;
  }

  /** No room for one more address (the last slot is the shared one's). */
  #full(): boolean {
    return this.#entries.size >= this.policy.maxAddresses - 1;
  }

  #expired(e: Entry, t: number): boolean {
    return t >= e.until && t - e.last >= this.policy.forgetAfterMs;
  }

  #sweep(t: number): void {
    for (const [k, e] of this.#entries) if (this.#expired(e, t)) this.#entries.delete(k);
  }
}
