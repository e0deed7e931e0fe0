// Eligibility for a stored event, without ever blocking reception:
// - the gateway answers -> the answer is stored on the event, cached as the card's last good answer,
//   and announced (`verified`);
// - the gateway is unavailable -> the lookup goes into the durable verify-later queue, the event is
//   marked unverified (chưa xác minh), and the last good answer, if any, is announced with its time;
// - a worker re-checks queued lookups with exponential backoff (one probe per cycle while the gateway
//   stays down), survives restarts (the queue is in SQLite) and announces `deferred` results to the
//   desk that asked.

import type { EligibilityMessage, IdentityView } from '../api/contract.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import { isoToDmy } from '../parse/dates.ts';
import type { EligibilityRepo } from '../storage/eligibility-repo.ts';
import type { EventsRepo } from '../storage/events-repo.ts';
import type { IdHasher } from '../storage/id-hash.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { EligibilityAnswer, EligibilityRequest } from './gateway-client.ts';

export interface EligibilityChecker {
  check(req: EligibilityRequest): Promise<EligibilityAnswer>;
}

export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly pollMs: number;
}

export interface EligibilityDeps {
  readonly client: EligibilityChecker;
  readonly simulated: boolean;
  /** Only what the service uses of each repository, so a unit test can hand it fakes. */
  readonly events: Pick<EventsRepo, 'setEligibility'>;
  readonly store: Pick<EligibilityRepo, 'cachePut' | 'cacheGet' | 'enqueue' | 'due' | 'reschedule' | 'remove' | 'pending'>;
  readonly hashId: IdHasher;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly now: () => Date;
  readonly retry: RetryPolicy;
}

type Ref = { eventId: number; deviceId: string; desk: string };

export function requestFor(identity: IdentityView): EligibilityRequest {
  return {
    maThe: identity.id ?? identity.cardCode ?? '',
    hoTen: identity.name,
    ngaySinh: identity.dob.length === 4 ? identity.dob : isoToDmy(identity.dob),
  };
}

export class EligibilityService {
  readonly #inFlight = new Set<Promise<unknown>>();
  #worker: Repeating | null = null;

  constructor(private readonly deps: EligibilityDeps) {}

  checkInBackground(ref: Ref, identity: IdentityView): void {
    this.#track(this.#check(ref, requestFor(identity)));
  }

  /** Starts the verify-later worker (it also drains what a previous run left in the queue). */
  start(): void {
    this.#worker = repeat(
      () => this.#track(this.drainOnce()),
      () => this.deps.retry.pollMs,
      (err) => this.deps.log.error({ err: err.message }, 'verify-later worker failed'),
    );
  }

  stop(): void {
    this.#worker?.stop();
  }

  /** Resolves when every check started so far has finished (shutdown, tests). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  pending(): Promise<number> {
    return this.deps.store.pending();
  }

  /** Re-checks the queued lookups that are due; returns how many were answered. */
  async drainOnce(): Promise<number> {
    const { store, client, now } = this.deps;
    let answered = 0;
    for (const item of await store.due(now().getTime(), 20)) {
      const answer = await client.check(item.request);
      if (answer.outcome === 'unavailable') {
        await store.reschedule(item.id, this.#nextAt(item.attempts + 1), answer.code);
        break; // still down: one probe per cycle, never a storm
      }
      await this.#deliver({ eventId: item.eventId, deviceId: item.deviceId, desk: item.desk }, item.request, answer, 'deferred');
      await store.remove(item.id);
      answered++;
    }
    return answered;
  }

  async #check(ref: Ref, req: EligibilityRequest): Promise<void> {
    const answer = await this.deps.client.check(req);
    if (answer.outcome !== 'unavailable') {
      await this.#deliver(ref, req, answer, 'verified');
      return;
    }
    const nextAt = this.#nextAt(0);
    await this.deps.store.enqueue(ref, req, nextAt, this.deps.now());
    const cached = await this.deps.store.cacheGet(this.deps.hashId(req.maThe));
    const last = cached ? (JSON.parse(cached.answerJson) as EligibilityMessage) : null;
    const message = this.#message(
      ref,
      answer,
      'unverified',
      last ? { outcome: last.outcome, code: last.code, vi: last.vi, en: last.en, checkedAt: cached!.checkedAt, card: last.card } : null,
      nextAt,
    );
    await this.deps.events.setEligibility(ref.eventId, 'unverified', JSON.stringify(message), this.deps.now());
    this.deps.log.warn({ eventId: ref.eventId, code: answer.code, cached: last !== null }, 'gateway unavailable: registration kept unverified, lookup queued');
    this.deps.bus.emit('eligibility', message);
  }

  async #deliver(ref: Ref, req: EligibilityRequest, answer: EligibilityAnswer, verification: 'verified' | 'deferred'): Promise<void> {
    const message = this.#message(ref, answer, verification, null, null);
    const json = JSON.stringify(message);
    // Queued together, the two writes share one commit (Db.run).
    await Promise.all([
      this.deps.store.cachePut(this.deps.hashId(req.maThe), json, answer.checkedAt),
      this.deps.events.setEligibility(ref.eventId, answer.outcome, json, this.deps.now()),
    ]);
    this.deps.log.info({ eventId: ref.eventId, outcome: answer.outcome, code: answer.code, verification }, 'eligibility stored');
    this.deps.bus.emit('eligibility', message);
  }

  #message(
    ref: Ref,
    a: EligibilityAnswer,
    verification: EligibilityMessage['verification'],
    cached: EligibilityMessage['cached'],
    nextAt: number | null,
  ): EligibilityMessage {
    const c = a.card;
    return {
      ...ref,
      outcome: a.outcome,
      code: a.code,
      vi: a.vi,
      en: a.en,
      action: a.action,
      checkedAt: a.checkedAt,
      simulated: this.deps.simulated,
      verification,
      cached,
      nextRetryAt: nextAt === null ? null : new Date(nextAt).toISOString(),
      mismatch: a.mismatch,
      card: c
        ? {
            maThe: c['maThe'] ?? null,
            maTheMoi: c['maTheMoi'] || null,
            gtTheTu: c['gtTheTu'] ?? null,
            gtTheDen: c['gtTheDen'] ?? null,
            maDKBD: c['maDKBD'] ?? null,
          }
        : null,
    };
  }

  #nextAt(attempts: number): number {
    const { baseMs, maxMs } = this.deps.retry;
    const delay = Math.min(maxMs, baseMs * 2 ** attempts) * (0.9 + Math.random() * 0.2);
    return this.deps.now().getTime() + delay;
  }

  #track<T>(p: Promise<T>): Promise<T | void> {
    const job = p.catch((err: Error) => this.deps.log.error({ err: err.message }, 'eligibility check failed'));
    this.#inFlight.add(job);
    void job.finally(() => this.#inFlight.delete(job));
    return job;
  }
}
