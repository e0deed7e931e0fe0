// Stops hammering a gateway that is down: after `threshold` consecutive unavailable answers the
// circuit opens and lookups fail at once (code `circuitOpen`) for `cooldownMs`; then one trial call
// is let through (half-open), and its answer closes or re-opens the circuit.
// BHXH keeps a list of accounts restricted for too many lookups: no retry storms.

import { stateAnswer, type EligibilityAnswer, type EligibilityChecker, type EligibilityRequest } from './gateway-client.ts';

export type CircuitState = 'closed' | 'open' | 'halfOpen';

export class CircuitBreaker implements EligibilityChecker {
  #failures = 0;
  #openedAt = 0;
  #state: CircuitState = 'closed';
  #trialInFlight = false;

  constructor(
    private readonly inner: EligibilityChecker,
    private readonly opts: { threshold: number; cooldownMs: number; now?: () => number },
  ) {}

  get state(): CircuitState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.opts.cooldownMs) return 'halfOpen';
    return this.#state;
  }

  async check(req: EligibilityRequest): Promise<EligibilityAnswer> {
    const answer = await this.run(
      () => this.inner.check(req),
      (a) => a.outcome === 'unavailable',
    );
    return answer === 'open' ? this.#rejected() : answer;
  }

  /** Any call to the same gateway (the check-in shares the card check's breaker): 'open' when the
   *  circuit lets nothing through; `unavailable` says which answers count as the gateway failing. */
  async run<T>(call: () => Promise<T>, unavailable: (answer: T) => boolean): Promise<T | 'open'> {
    const state = this.state;
    if (state === 'open' || (state === 'halfOpen' && this.#trialInFlight)) return 'open';
    if (state === 'halfOpen') this.#trialInFlight = true;
    try {
      const answer = await call();
      if (unavailable(answer)) this.#fail();
      else {
        this.#failures = 0;
        this.#state = 'closed';
      }
      return answer;
    } finally {
      if (state === 'halfOpen') this.#trialInFlight = false;
    }
  }

  #fail(): void {
    this.#failures++;
    if (this.state === 'halfOpen' || this.#failures >= this.opts.threshold) {
      this.#state = 'open';
      this.#openedAt = this.#now();
    }
  }

  #rejected(): EligibilityAnswer {
    return stateAnswer('circuitOpen', new Date(this.#now()).toISOString());
  }

  #now(): number {
    return (this.opts.now ?? Date.now)();
  }
}
