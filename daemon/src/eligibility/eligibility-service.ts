// Runs the gateway check for a stored event, stores the answer on the event and announces it.
// Reception never waits for this: the identity is already on the screen.
// (The durable verify-later queue and the last-good cache belong to issue #5.)

import type { EligibilityMessage, IdentityView } from '../api/contract.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import { isoToDmy } from '../parse/dates.ts';
import type { EventsRepo } from '../storage/events-repo.ts';
import type { EligibilityAnswer, EligibilityRequest } from './gateway-client.ts';

export interface EligibilityChecker {
  check(req: EligibilityRequest): Promise<EligibilityAnswer>;
}

export class EligibilityService {
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: { client: EligibilityChecker; simulated: boolean; repo: EventsRepo; bus: EventBus; log: Logger; now: () => Date },
  ) {}

  checkInBackground(ref: { eventId: number; deviceId: string; desk: string }, identity: IdentityView): void {
    const job = this.#check(ref, identity).catch((err: Error) => this.deps.log.error({ err: err.message, eventId: ref.eventId }, 'eligibility check failed'));
    this.#inFlight.add(job);
    void job.finally(() => this.#inFlight.delete(job));
  }

  /** Resolves when every check started so far has finished (used at shutdown and in tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.#inFlight]);
  }

  async #check(ref: { eventId: number; deviceId: string; desk: string }, identity: IdentityView): Promise<void> {
    const maThe = identity.id ?? identity.cardCode ?? '';
    const ngaySinh = identity.dob.length === 4 ? identity.dob : isoToDmy(identity.dob);
    const answer = await this.deps.client.check({ maThe, hoTen: identity.name, ngaySinh });
    const c = answer.card;
    const message: EligibilityMessage = {
      ...ref,
      outcome: answer.outcome,
      code: answer.code,
      vi: answer.vi,
      en: answer.en,
      action: answer.action,
      checkedAt: answer.checkedAt,
      simulated: this.deps.simulated,
      mismatch: answer.mismatch,
      card: c ? { maThe: c['maThe'] ?? null, maTheMoi: c['maTheMoi'] || null, gtTheTu: c['gtTheTu'] ?? null, gtTheDen: c['gtTheDen'] ?? null, maDKBD: c['maDKBD'] ?? null } : null,
    };
    await this.deps.repo.setEligibility(ref.eventId, answer.outcome, JSON.stringify(message), this.deps.now());
    this.deps.log.info({ eventId: ref.eventId, outcome: answer.outcome, code: answer.code }, 'eligibility stored');
    this.deps.bus.emit('eligibility', message);
  }
}
