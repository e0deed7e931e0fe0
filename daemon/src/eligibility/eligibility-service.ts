// Eligibility for a stored event, without ever blocking reception and without ever losing a lookup:
// - the lookup was written ahead with its event (EventsRepo.record), before any call leaves;
// - the same card, name and date of birth looked up less than `cacheWindowMs` ago -> that answer,
//   marked `fromCache`, no call (docs/research/checkin-xml0.md §6: a HIS serves 15 minutes from cache);
// - the gateway answers -> stored on the event, cached, announced (`verified`), the written-ahead
//   lookup deleted in the same commit; an eligible card's visit history is fetched after (Lskcb2025);
// - the gateway is unavailable (or the account is held) -> the lookup stays queued, the event is
//   marked unverified (chưa xác minh) with the card's last good answer, if any;
// - a worker re-checks queued lookups with exponential backoff (one probe per cycle while the gateway
//   stays down), re-sends at start what a crash left in flight, and gives a lookup up as `unanswered`
//   after `giveUpAfterMs` (counted, listed for the technician).

import { backoffMs } from '../util/backoff.ts';
import type { EligibilityMessage, IdentityView } from '../api/contract.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import { isoToDmy } from '../parse/dates.ts';
import { nameKey } from '../parse/name-key.ts';
import type { EligibilityRepo, LookupRequest, QueuedLookup } from '../storage/eligibility-repo.ts';
import type { EventsRepo } from '../storage/events-repo.ts';
import type { IdHasher } from '../storage/id-hash.ts';
import type { KeepWrite } from '../storage/storage-health.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import { answerMessage, reusedMessage } from './answer-message.ts';
import { LimiterClosed } from './call-limiter.ts';
import { stateAnswer, type EligibilityAnswer, type EligibilityChecker, type EligibilityRequest } from './gateway-client.ts';

export type { EligibilityChecker };
import type { VisitHistoryAnswer } from './visit-history.ts';

export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly pollMs: number;
  /** A lookup the gateway has not answered after this long is given up (`unanswered`). */
  readonly giveUpAfterMs: number;
  /** A re-lookup of the same request within this window is answered from the cache (0: never). */
  readonly cacheWindowMs: number;
}

type Store = Pick<
  EligibilityRepo,
  | 'cachePut'
  | 'cacheGet'
  | 'enqueue'
  | 'due'
  | 'reschedule'
  | 'remove'
  | 'removeForEvent'
  | 'pending'
  | 'releaseInFlight'
  | 'wakeAll'
  | 'expired'
  | 'historyPut'
>;

export interface EligibilityDeps {
  readonly client: EligibilityChecker;
  /** Visit history after an eligible answer; null when not configured. */
  readonly history: ((req: EligibilityRequest) => Promise<VisitHistoryAnswer>) | null;
  /** Told of every lookup (keeps the gateway token warm while the desk is in use). */
  readonly onLookup?: () => void;
  /** The account hold (restricted / refused credentials): whether it holds, and lifting it. */
  readonly account?: { held(): boolean; resume(): boolean };
  readonly simulated: boolean;
  /** Only what the service uses of each repository, so a unit test can hand it fakes. */
  readonly events: Pick<EventsRepo, 'setEligibility'>;
  readonly store: Store;
  /** The durable write path: an answer, a deferral or a give-up waits for a full disk in order with
   *  everything else that must be kept, and is stored when the disk takes writes again. */
  readonly keep: KeepWrite;
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

const DEFINITIVE = (m: EligibilityMessage): boolean => m.outcome !== 'unavailable';

export class EligibilityService {
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Lookups that were waiting for their turn when the daemon stopped (logged once, by settle). */
  #leftWaiting = 0;
  #worker: Repeating | null = null;
  #draining: Promise<number> | null = null;
  readonly stats = { unanswered: 0, cacheHits: 0, resent: 0 };
  /** Queued lookups as of the last worker cycle (health reads it without a query). */
  lastPending = 0;
  /** The queue changed since lastPending was counted (an idle worker cycle counts nothing). */
  #pendingDirty = true;

  constructor(private readonly deps: EligibilityDeps) {}

  checkInBackground(ref: Ref, identity: IdentityView): void {
    this.#pendingDirty = true; // its lookup was written ahead with the event
    void this.#track(this.#check(ref, requestFor(identity))); // #track catches and logs: it never rejects
  }

  /** Re-sends what a crash left in flight, then starts the verify-later worker. */
  async start(): Promise<void> {
    this.stats.resent = await this.deps.store.releaseInFlight(this.deps.now().getTime());
    if (this.stats.resent > 0) this.deps.log.warn({ lookups: this.stats.resent }, 'lookups left in flight by the last run: sent again');
    this.#worker = repeat(
      () => this.#track(this.drainOnce()),
      () => this.deps.retry.pollMs,
      (err) => this.deps.log.error({ err: err.message }, 'verify-later worker failed'),
    );
  }

  async stop(): Promise<void> {
    await this.#worker?.stop();
  }

  /** Resolves when every check started so far has finished (shutdown, tests). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
    if (this.#leftWaiting === 0) return;
    this.deps.log.info({ waiting: this.#leftWaiting }, `stopping: ${this.#leftWaiting} waiting lookups stay written ahead for the next start`);
    this.#leftWaiting = 0;
  }

  pending(): Promise<number> {
    return this.deps.store.pending();
  }

  /** The administrator lifted the account hold: every queued lookup is due now, in arrival order.
   *  A worker cycle under way finishes first (still held: it calls nobody), so it cannot send a
   *  later lookup ahead of the earlier ones. */
  async resume(): Promise<{ resumed: boolean; queued: number }> {
    if (!this.deps.account?.held()) return { resumed: false, queued: 0 };
    await this.#draining;
    const queued = await this.deps.store.wakeAll(this.deps.now().getTime());
    this.deps.account.resume();
    this.deps.log.warn({ queued }, 'lookups resumed by the administrator');
    return { resumed: true, queued };
  }

  /** Gives up what waited too long, then re-checks the queued lookups that are due; returns how many were answered. */
  drainOnce(): Promise<number> {
    // One cycle at a time (the worker, a test, resume() waiting for the current one).
    const run = (this.#draining ?? Promise.resolve(0)).then(() => this.#drain());
    const settled = run.catch(() => 0);
    this.#draining = settled;
    void settled.then(() => {
      if (this.#draining === settled) this.#draining = null;
    });
    return run;
  }

  async #drain(): Promise<number> {
    const { store, client, now } = this.deps;
    await this.#giveUp();
    let answered = 0;
    for (const item of await store.due(now().getTime(), 20)) {
      this.deps.onLookup?.();
      const answer = await client.check(item.request);
      if (answer.outcome === 'unavailable') {
        await this.deps.keep('lookup retry', () => store.reschedule(item.id, this.#nextAt(item.attempts + 1), answer.code));
        break; // still down: one probe per cycle, never a storm
      }
      await this.#deliver({ eventId: item.eventId, deviceId: item.deviceId, desk: item.desk }, item.request, answer, 'deferred');
      answered++;
    }
    if (this.#pendingDirty) {
      this.#pendingDirty = false;
      this.lastPending = await store.pending();
    }
    return answered;
  }

  async #check(ref: Ref, req: EligibilityRequest): Promise<void> {
    if (await this.#fromCache(ref, req)) return;
    this.deps.onLookup?.();
    const answer = await this.deps.client.check(req);
    if (answer.outcome !== 'unavailable') return this.#deliver(ref, req, answer, 'verified');
    await this.#defer(ref, req, answer);
  }

  /** The re-lookup window: the same request answered definitively less than cacheWindowMs ago. */
  async #fromCache(ref: Ref, req: EligibilityRequest): Promise<boolean> {
    const { store, hashId, retry, now } = this.deps;
    if (retry.cacheWindowMs <= 0) return false;
    const hit = await store.cacheGet(hashId(req.maThe));
    if (!hit || hit.requestHash !== this.#requestHash(req) || now().getTime() - Date.parse(hit.checkedAt) >= retry.cacheWindowMs) return false;
    const earlier = JSON.parse(hit.answerJson) as EligibilityMessage;
    if (!DEFINITIVE(earlier)) return false;
    const message = reusedMessage(earlier, ref);
    await this.deps.keep('lookup answer', () =>
      Promise.all([store.removeForEvent(ref.eventId), this.deps.events.setEligibility(ref.eventId, message.outcome, JSON.stringify(message), now())]),
    );
    this.#pendingDirty = true;
    this.stats.cacheHits++;
    this.deps.log.info({ eventId: ref.eventId, outcome: message.outcome, code: message.code }, 'eligibility answered from the re-lookup window');
    this.deps.bus.emit('eligibility', message);
    return true;
  }

  async #defer(ref: Ref, req: EligibilityRequest, answer: EligibilityAnswer): Promise<void> {
    const { store, now } = this.deps;
    const nextAt = this.#nextAt(0);
    await this.deps.keep('lookup deferred', () => store.enqueue(ref, req, nextAt, now(), answer.code));
    this.#pendingDirty = true;
    const cached = await store.cacheGet(this.deps.hashId(req.maThe));
    const last = cached ? (JSON.parse(cached.answerJson) as EligibilityMessage) : null;
    const lastGood = last ? { outcome: last.outcome, code: last.code, vi: last.vi, en: last.en, checkedAt: cached!.checkedAt, card: last.card } : null;
    const message = answerMessage(answer, { ref, simulated: this.deps.simulated, verification: 'unverified', cached: lastGood, nextRetryAt: nextAt });
    await this.deps.keep('lookup deferred', () => this.deps.events.setEligibility(ref.eventId, 'unverified', JSON.stringify(message), now()));
    this.deps.log.warn({ eventId: ref.eventId, code: answer.code, cached: last !== null }, 'gateway unavailable: registration kept unverified, lookup queued');
    this.deps.bus.emit('eligibility', message);
  }

  async #deliver(ref: Ref, req: EligibilityRequest, answer: EligibilityAnswer, verification: 'verified' | 'deferred'): Promise<void> {
    const message = answerMessage(answer, { ref, simulated: this.deps.simulated, verification });
    const json = JSON.stringify(message);
    // Queued together, the three writes share one commit (Db.run): the answer and the end of the
    // written-ahead lookup are durable together. Each is idempotent, so a retry after a partial
    // failure is safe (an access decided once is never counted again: EventsRepo.setEligibility).
    const at = this.deps.now();
    await this.deps.keep('lookup answer', () =>
      Promise.all([
        this.deps.store.cachePut(this.deps.hashId(req.maThe), json, answer.checkedAt, this.#requestHash(req)),
        this.deps.events.setEligibility(ref.eventId, answer.outcome, json, at),
        this.deps.store.removeForEvent(ref.eventId),
      ]),
    );
    this.#pendingDirty = true;
    this.deps.log.info({ eventId: ref.eventId, outcome: answer.outcome, code: answer.code, verification }, 'eligibility stored');
    this.deps.bus.emit('eligibility', message);
    if (answer.outcome === 'eligible' || answer.outcome === 'eligibleNewCard') void this.#track(this.#fetchHistory(ref, req));
  }

  /** Visit history after an eligible answer. The visits are never logged: only their count. */
  async #fetchHistory(ref: Ref, req: EligibilityRequest): Promise<void> {
    if (!this.deps.history) return;
    const h = await this.deps.history(req);
    if (h.code === 'disabled') return;
    const at = this.deps.now();
    await this.deps.keep('visit history', () => this.deps.store.historyPut(ref.eventId, h.code, h.visits ? JSON.stringify(h.visits) : null, at));
    this.deps.log.info({ eventId: ref.eventId, code: h.code, visits: h.visits?.length ?? null }, 'visit history stored');
    if (h.visits) this.deps.bus.emit('history', { ...ref, count: h.visits.length });
  }

  async #giveUp(): Promise<void> {
    const { store, now, retry } = this.deps;
    const expired = await store.expired(new Date(now().getTime() - retry.giveUpAfterMs), 50);
    for (const item of expired) await this.#markUnanswered(item);
    if (expired.length > 0) this.#pendingDirty = true;
  }

  async #markUnanswered(item: QueuedLookup): Promise<void> {
    const ref = { eventId: item.eventId, deviceId: item.deviceId, desk: item.desk };
    const answer = stateAnswer('unanswered', this.deps.now().toISOString());
    const message = answerMessage(answer, { ref, simulated: this.deps.simulated, verification: 'unanswered' });
    const at = this.deps.now();
    await this.deps.keep('lookup given up', () =>
      Promise.all([this.deps.events.setEligibility(item.eventId, 'unanswered', JSON.stringify(message), at), this.deps.store.remove(item.id)]),
    );
    this.stats.unanswered++;
    this.deps.log.warn({ eventId: item.eventId, attempts: item.attempts }, 'lookup given up: the gateway never answered');
    this.deps.bus.emit('eligibility', message);
  }

  #requestHash(req: LookupRequest): string {
    return this.deps.hashId(`${req.maThe}\u0000${nameKey(req.hoTen)}\u0000${req.ngaySinh}`);
  }

  #nextAt(attempts: number): number {
    const { baseMs, maxMs } = this.deps.retry;
    const delay = backoffMs(baseMs, maxMs, attempts) * (0.9 + Math.random() * 0.2);
    return this.deps.now().getTime() + delay;
  }

  #track<T>(p: Promise<T>): Promise<T | void> {
    // A lookup still waiting for its turn when the daemon stops stays written ahead: settle() says
    // how many in one line (a busy morning stopped left one line per lookup, 825 of them).
    const job = p.catch((err: Error) => {
      if (err instanceof LimiterClosed) this.#leftWaiting++;
      else this.deps.log.error({ err: err.message }, 'eligibility check failed');
    });
    this.#inFlight.add(job);
    void job.finally(() => this.#inFlight.delete(job));
    return job;
  }
}
