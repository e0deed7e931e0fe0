// The HIS webhook (when `his.webhookUrl` is set): what a registration's delivery body is, the durable
// queue registrations and merges write into, and the worker that delivers it.

import type { IdentityView, Registration } from '../api/contract.ts';
import type { FhirSystems } from '../fhir/fhir-systems.ts';
import type { HisConfig } from './webhook-config.ts';
import type { FacilityConfig } from '../vocabulary/facility.ts';
import { registrationBundle } from '../fhir/fhir.ts';
import type { Logger } from '../log.ts';
import { WebhookWorker } from './webhook-worker.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { WebhookQueue } from './webhook-queue.ts';
import type { KeepWrite } from '../storage/storage-health.ts';

export interface HisWebhookDeps {
  readonly config: { readonly his: HisConfig; readonly facility: FacilityConfig; readonly fhir: { readonly systems: FhirSystems } };
  readonly queue: WebhookQueue;
  readonly log: Logger;
  readonly now: () => Date;
  /** The durable write path (storage/storage-health.ts). */
  readonly keep: KeepWrite;
}

export class HisWebhook implements Feature {
  readonly name = 'his-webhook';
  /** Present when his.webhookUrl is set. */
  readonly worker: WebhookWorker | null;

  constructor(private readonly deps: HisWebhookDeps) {
    const url = deps.config.his.webhookUrl;
    this.worker = url
      ? new WebhookWorker({
          queue: deps.queue,
          config: { ...deps.config.his, webhookUrl: url },
          log: deps.log.child({ module: 'his-webhook' }),
          now: deps.now,
          keep: deps.keep,
        })
      : null;
  }

  get enabled(): boolean {
    return this.worker !== null;
  }

  /** The JSON body the HIS receives for a registration; null when no webhook is configured. */
  body(reg: Registration, identity: IdentityView): string | null {
    const { config } = this.deps;
    if (!this.enabled) return null;
    return JSON.stringify({
      type: 'registration',
      facility: { id: config.facility.id, name: config.facility.name },
      registration: reg,
      patient: identity,
      // The visit itself (Encounter) goes with the patient; the eligibility answer follows on its own (GET /api/registrations/:id/fhir).
      fhir: registrationBundle(reg.patientId, identity, null, [], reg, config.fhir.systems),
    });
  }

  start(): void {
    this.worker?.start();
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
  }
}
