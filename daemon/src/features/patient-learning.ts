// The patient index learns from every identified read and every card code the gateway returns, after
// the kiosk has been told, in batches (it never delays a scan's commit).

import type { StoredEvent } from '../storage/events-repo.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import type { PatientIndex } from '../patients/patient-index.ts';
import { sightingOfEligibility, sightingOfIdentity } from '../patients/sightings.ts';
import type { Feature } from '../vocabulary/feature.ts';

export function patientLearning(deps: {
  readonly bus: EventBus;
  readonly patients: PatientIndex;
  readonly eventOf: (id: number) => Promise<StoredEvent | undefined>;
  readonly log: Logger;
}): Feature {
  const failed = (err: Error): void => deps.log.error({ err: err.message }, 'patient index update failed');
  let off: Array<() => void> = [];
  return {
    name: 'patient-learning',
    start() {
      off = [
        deps.bus.on('scan', (m) => m.identity && deps.patients.enqueue(sightingOfIdentity(m.identity), failed)),
        deps.bus.on(
          'eligibility',
          (m) =>
            void deps
              .eventOf(m.eventId)
              .then((ev) => {
                const sighting = ev?.identity ? sightingOfEligibility(m, ev.identity) : null;
                if (sighting) deps.patients.enqueue(sighting, failed);
              })
              .catch(failed),
        ),
      ];
    },
    async stop() {
      off.forEach((u) => u());
      await deps.patients.settle();
    },
  };
}
