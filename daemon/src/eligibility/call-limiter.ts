// Self-limits on gateway calls (research note checkin-xml0.md §6: BHXH restricts noisy accounts and
// publishes no numeric limit): at most `maxConcurrent` calls out at once and `perMinute` started in
// any rolling minute. Calls beyond either wait in arrival order; nothing is dropped (a crash while
// waiting loses nothing either: the lookup was written ahead).

import type { EligibilityChecker } from './eligibility-service.ts';
import type { EligibilityAnswer, EligibilityRequest } from './gateway-client.ts';

export interface CallLimits {
  readonly maxConcurrent: number;
  readonly perMinute: number;
}

export class CallLimiter implements EligibilityChecker {
  readonly #waiting: Array<() => void> = [];
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
    await new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
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

  #pump(): void {
    const t = this.now();
    while (this.#started.length > 0 && this.#started[0]! <= t - 60_000) this.#started.shift();
    while (this.#waiting.length > 0 && this.#active < this.limits.maxConcurrent && this.#started.length < this.limits.perMinute) {
      this.#active++;
      this.#started.push(t);
      this.#waiting.shift()!();
    }
    // Waiting only for the minute window to roll: wake up when the oldest start leaves it.
    if (this.#waiting.length > 0 && this.#active < this.limits.maxConcurrent && !this.#timer) {
      this.#timer = setTimeout(() => ((this.#timer = null), this.#pump()), Math.max(1, this.#started[0]! + 60_000 - t));
      this.#timer.unref();
    }
  }
}
