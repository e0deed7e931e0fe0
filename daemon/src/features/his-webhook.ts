// The HIS webhook feature (when `his.webhookUrl` is set): what a registration's delivery body is, and
// the worker that delivers the durable queue.

import type { IdentityView, Registration } from '../api/contract.ts';
import type { FhirSystems } from '../eligibility/fhir-systems.ts';
import type { HisConfig } from '../patients/patients-config.ts';
import type { FacilityConfig } from '../vocabulary/facility.ts';
import { registrationBundle } from '../eligibility/fhir.ts';
import type { Logger } from '../log.ts';
import { WebhookWorker } from '../patients/webhook-worker.ts';
import type { Db } from '../storage/db.ts';
import type { Feature } from '../vocabulary/feature.ts';

export interface HisWebhook extends Feature {
  readonly worker: WebhookWorker | null;
  /** The JSON body the HIS receives for a registration; null when no webhook is configured. */
  body(reg: Registration, identity: IdentityView): string | null;
}

export function hisWebhook(deps: {
  readonly config: { readonly his: HisConfig; readonly facility: FacilityConfig; readonly fhir: { readonly systems: FhirSystems } };
  readonly db: Db;
  readonly log: Logger;
  readonly now: () => Date;
}): HisWebhook {
  const { config } = deps;
  const url = config.his.webhookUrl;
  const worker = url ? new WebhookWorker({ db: deps.db, config: { ...config.his, webhookUrl: url }, log: deps.log, now: deps.now }) : null;
  return {
    name: 'his-webhook',
    worker,
    body: (reg, identity) =>
      url
        ? JSON.stringify({
            type: 'registration',
            facility: { id: config.facility.id, name: config.facility.name },
            registration: reg,
            patient: identity,
            fhir: registrationBundle(reg.patientId, identity, null, [], null, config.fhir.systems),
          })
        : null,
    start: () => worker?.start(),
    stop: () => worker?.stop(),
  };
}
