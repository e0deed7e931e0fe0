// The eligibility capability as one lifecycle part: what stands between a lookup and the gateway, from
// the outside in — the call limiter (caps, arrival order), the account guard (a restricted or refused
// account stops every call), the circuit breaker (a failing gateway gets one probe per cool-down) and
// the gateway client itself; the token keeper beside it, and the service on top.

import type { EligibilityHealth } from '../api/contract.ts';
import type { EligibilityConfig, GatewayConfig } from './eligibility-config.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { Logger } from '../log.ts';
import type { EligibilityRepo } from '../storage/eligibility-repo.ts';
import type { EventsRepo } from '../storage/events-repo.ts';
import type { IdHasher } from '../storage/id-hash.ts';
import type { KeepWrite } from '../storage/storage-health.ts';
import { AccountGuard } from './account-guard.ts';
import { CallLimiter } from './call-limiter.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { ELIGIBILITY_TEXT } from './eligibility-messages.ts';
import { EligibilityService, type EligibilityChecker } from './eligibility-service.ts';
import type { CheckInAnswer, CheckInRequest, EligibilityRequest } from './gateway-client.ts';
import { GATEWAY_STATE_TEXT } from './result-codes.ts';
import { TokenKeeper, type TokenSource } from './token-keeper.ts';
import type { VisitHistoryAnswer } from './visit-history.ts';

/** What a gateway offers: the card check always; the visit history and token renewal when it is the real client. */
export interface GatewayPort extends EligibilityChecker {
  history?(req: EligibilityRequest): Promise<VisitHistoryAnswer>;
  checkIn?(req: CheckInRequest): Promise<CheckInAnswer>;
  renewToken?: TokenSource['renewToken'];
  readonly tokenExpiresAt?: number | null;
}

export interface EligibilityDeps {
  readonly gateway: GatewayPort;
  readonly simulated: boolean;
  readonly config: { readonly eligibility: EligibilityConfig; readonly gateway: GatewayConfig };
  readonly bus: EventBus;
  readonly log: Logger;
  readonly now: () => Date;
  readonly events: EventsRepo;
  readonly store: EligibilityRepo;
  /** The durable write path (storage/storage-health.ts): answers wait for a full disk, in order. */
  readonly keep: KeepWrite;
  readonly hashId: IdHasher;
}

export class Eligibility implements Feature {
  readonly name = 'eligibility';
  readonly service: EligibilityService;
  readonly guard: AccountGuard;
  readonly limiter: CallLimiter;
  readonly keeper: TokenKeeper | null;
  readonly #breaker: CircuitBreaker;

  constructor(private readonly d: EligibilityDeps) {
    const { config, gateway, now } = d;
    const e = config.eligibility;
    const log = d.log.child({ module: 'eligibility' });
    this.#breaker = new CircuitBreaker(gateway, { threshold: e.breakerThreshold, cooldownMs: e.breakerCooldownMs, now: () => now().getTime() });
    this.guard = new AccountGuard(this.#breaker, {
      now,
      onChange: (state) => {
        if (state !== 'ok') log.error({ state }, 'BHXH lookup account held: no further calls until the administrator resumes');
        d.bus.emit('account', state);
      },
    });
    this.limiter = new CallLimiter(this.guard, { maxConcurrent: e.maxConcurrent, perMinute: e.perMinute }, () => now().getTime());
    this.keeper = tokenKeeper(gateway, this.guard, e.tokenLeadMs, now, log);
    this.service = this.#service(log);
  }

  #service(log: Logger): EligibilityService {
    const { d, guard, limiter } = this;
    const e = d.config.eligibility;
    const history = d.gateway.history && d.config.gateway.history ? d.gateway.history.bind(d.gateway) : null;
    return new EligibilityService({
      client: limiter,
      // The history call waits under the same caps, and not at all while the account is held.
      history: history && ((req) => (guard.state === 'ok' ? limiter.run(() => history(req)) : Promise.resolve({ code: 'accountHalted', visits: null }))),
      onLookup: () => this.keeper?.touch(),
      account: { held: () => guard.state !== 'ok', resume: () => guard.resume() },
      simulated: d.simulated,
      events: d.events,
      store: d.store,
      keep: d.keep,
      hashId: d.hashId,
      bus: d.bus,
      log,
      now: d.now,
      retry: { baseMs: e.retryBaseMs, maxMs: e.retryMaxMs, pollMs: e.pollMs, giveUpAfterMs: e.giveUpAfterMs, cacheWindowMs: e.cacheWindowMs },
    });
  }

  /** Starts the verify-later worker (re-sending what a crash left in flight) and the token keeper. */
  async start(): Promise<void> {
    await this.service.start();
    this.keeper?.start();
  }

  // Calls still waiting under the caps are dropped first, not awaited: each was written ahead and is
  // re-sent at the next start (a stop must not wait minutes for the per-minute cap, and the worker's
  // cycle may itself be waiting there).
  async stop(): Promise<void> {
    this.limiter.close();
    await this.keeper?.stop();
    await this.service.stop();
    await this.service.settle();
  }

  /** Another call to the same gateway (the check-in): under the same caps, account hold and circuit
   *  breaker as the card check. 'held': the account is held; 'open': the circuit lets nothing through. */
  async gatewayCall<T extends { code: string }>(call: () => Promise<T>, unavailable: (answer: T) => boolean): Promise<T | 'held' | 'open'> {
    if (this.guard.state !== 'ok') return 'held';
    const answer = await this.limiter.run(() => this.#breaker.run(call, unavailable));
    if (answer !== 'open') this.guard.observe(answer.code);
    return answer;
  }

  health(): EligibilityHealth {
    return eligibilityHealth(this.guard, this.limiter, this.service, this.d.gateway, this.service.lastPending);
  }
}

function tokenKeeper(gateway: GatewayPort, guard: AccountGuard, leadMs: number, now: () => Date, log: Logger): TokenKeeper | null {
  if (!gateway.renewToken) return null;
  const source: TokenSource = {
    get tokenExpiresAt() {
      return gateway.tokenExpiresAt ?? null;
    },
    renewToken: () => gateway.renewToken!(),
  };
  return new TokenKeeper(source, {
    leadMs,
    idleAfterMs: 30 * 60_000,
    checkEveryMs: 5_000,
    now: () => now().getTime(),
    halted: () => guard.state !== 'ok',
    onRefused: (code) => guard.observe(code),
    log,
  });
}

function eligibilityHealth(guard: AccountGuard, limiter: CallLimiter, service: EligibilityService, gateway: GatewayPort, pending: number): EligibilityHealth {
  const held = guard.state === 'restricted' ? GATEWAY_STATE_TEXT.accountRestricted : guard.state === 'credentials' ? GATEWAY_STATE_TEXT.credentials : null;
  const expires = gateway.tokenExpiresAt ?? null;
  return {
    state: guard.state,
    since: guard.since?.toISOString() ?? null,
    vi: held?.vi ?? ELIGIBILITY_TEXT.accountOk.vi,
    en: held?.en ?? ELIGIBILITY_TEXT.accountOk.en,
    action: held?.action ?? null,
    pending,
    unanswered: service.stats.unanswered,
    calls: limiter.calls,
    cacheHits: service.stats.cacheHits,
    tokenExpiresAt: expires === null ? null : new Date(expires).toISOString(),
  };
}
