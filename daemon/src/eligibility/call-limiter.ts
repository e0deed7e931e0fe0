// Self-limits on gateway calls (docs/research/checkin-xml0.md §6: BHXH restricts noisy accounts and
// publishes no numeric limit): at most `maxConcurrent` calls out at once and `perMinute` started in
// any rolling minute. Calls beyond either wait in arrival order; nothing is dropped (a crash while
// waiting loses nothing either: the lookup was written ahead).

import type { EligibilityAnswer, EligibilityChecker, EligibilityRequest } from './gateway-client.ts';

export interface CallLimits {
  readonly maxConcurrent: number;
  readonly perMinute: number;
}

/** A call still waiting when the daemon stops: not made, and not lost (its lookup was written ahead
 *  and is re-sent at the next start). */
export class LimiterClosed extends Error {
  constructor() {
    super('the daemon is stopping: call not made (written ahead, re-sent at start)');
  }
}

export class CallLimiter implements EligibilityChecker {
  readonly #waiting: Array<{ go: () => void; stop: (e: Error) => void }> = [];
  #closed = false;
  /** Start times (ms) of the calls in the last minute, oldest first. */
  readonly #started: number[] = [];
  #active = 0;
  #timer: NodeJS.Timeout | null = null;
  calls = 0;

  constructor(
    private readonly inner: EligibilityChecker,
    private readonly limits: CallLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get waiting(): number {
    return this.#waiting.length;
  }

  check(req: EligibilityRequest): Promise<EligibilityAnswer> {
    return this.run(() => this.inner.check(req));
  }

  /** Runs any gateway call (the card check, the visit history) under the same limits. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new LimiterClosed();
    await new Promise<void>((go, stop) => {
      this.#waiting.push({ go, stop });
      this.#pump();
    });
    try {
      this.calls++;
      return await call();
    } finally {
      this.#active--;
      this.#pump();
    }
  }

  /** Stopping: calls still waiting are not made (LimiterClosed); calls already out finish. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const w of this.#waiting.splice(0)) w.stop(new LimiterClosed());
  }

  #pump(): void {
    const t = this.now();
    while (this.#started.length > 0 && this.#started[0]! <= t - 60_000) this.#started.shift();
    while (this.#waiting.length > 0 && this.#active < this.limits.maxConcurrent && this.#started.length < this.limits.perMinute) {
      this.#active++;
      this.#started.push(t);
      this.#waiting.shift()!.go();
    }
    // Waiting only for the minute window to roll: wake up when the oldest start leaves it.
    if (this.#waiting.length > 0 && this.#active < this.limits.maxConcurrent && !this.#timer) {
      this.#timer = setTimeout(() => ((this.#timer = null), this.#pump()), Math.max(1, this.#started[0]! + 60_000 - t));
      this.#timer.unref();
    }
  }
}
