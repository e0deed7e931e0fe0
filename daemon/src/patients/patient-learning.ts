// The patient index learns from every identified read and every card code the gateway returns, after
// the kiosk has been told, in batches (it never delays a scan's commit). A registration made before
// the gateway answered takes the answer when it comes (its JSON, FHIR and visit list then carry it).

import type { StoredEvent } from '../storage/events-repo.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import type { PatientIndex } from './patient-index.ts';
import type { Registrations } from './registrations.ts';
import { sightingOfEligibility, sightingOfIdentity } from './sightings.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { KeepWrite } from '../storage/storage-health.ts';

export interface PatientLearningDeps {
  readonly bus: EventBus;
  readonly patients: Pick<PatientIndex, 'enqueue' | 'settle'>;
  readonly eventOf: (id: number) => Promise<StoredEvent | undefined>;
  readonly registrations: Pick<Registrations, 'eligibilityArrived'>;
  readonly log: Logger;
  /** The durable write path, for the registration's answer (the index has its own). */
  readonly keep: KeepWrite;
}

export class PatientLearning implements Feature {
  readonly name = 'patient-learning';
  #off: Array<() => void> = [];
  /** Card codes whose event is still being read: stop() waits for them before the index settles,
   *  or an answer that came just before shutdown would be queued after the database closed. */
  readonly #lookups = new Set<Promise<void>>();

  constructor(private readonly deps: PatientLearningDeps) {}

  start(): void {
    const { bus, patients, eventOf, registrations, log } = this.deps;
    const failed = (err: Error): void => log.error({ err: err.message }, 'patient index update failed');
    this.#off = [
      bus.on('scan', (m) => m.identity && patients.enqueue(sightingOfIdentity(m.identity), failed)),
      bus.on('eligibility', (m) => {
        const answered = m.verification === 'verified' || m.verification === 'deferred';
        const lookup = eventOf(m.eventId)
          .then(async (ev) => {
            const sighting = ev?.identity ? sightingOfEligibility(m, ev.identity) : null;
            if (sighting) patients.enqueue(sighting, failed);
            if (answered) await this.deps.keep('registration answer', () => registrations.eligibilityArrived(m.eventId, m.outcome, m.code));
          })
          .catch(failed)
          .finally(() => this.#lookups.delete(lookup));
        this.#lookups.add(lookup);
      }),
    ];
  }

  async stop(): Promise<void> {
    this.#off.forEach((u) => u());
    await Promise.all(this.#lookups);
    await this.deps.patients.settle();
  }
}
