// Retention: patient details are erased after `privacy.retentionDays`, at start and hourly; events,
// counters and the audit log stay. Each table's own writer erases its part (events-repo, the
// eligibility repo, the webhook queue, the patient index), all in one transaction. secure_delete
// zeroes the erased cells; the checkpoint then rewrites the pages and truncates the WAL, where the
// old values would otherwise linger.

import type { PrivacyConfig } from '../storage/storage-config.ts';
import type { Logger } from '../log.ts';
import type { PatientIndex } from '../patients/patient-index.ts';
import type { Db } from '../storage/db.ts';
import type { EligibilityRepo } from '../storage/eligibility-repo.ts';
import type { EventsRepo } from '../storage/events-repo.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { WebhookQueue } from '../webhook/webhook-queue.ts';
import type { StatusSignal } from '../vocabulary/status-signal.ts';

const PURGE_INTERVAL_MS = 3600_000;

export interface PurgeResult {
  readonly events: number;
  readonly cacheEntries: number;
  readonly pendingChecks: number;
  /** Visit histories (Lskcb2025) of events past retention. */
  readonly visitHistories: number;
  /** Webhook deliveries the HIS never took, whose patient body was replaced by a tombstone. */
  readonly undeliveredWebhooks: number;
  readonly patients: number;
}

export interface RetentionDeps {
  readonly config: { readonly privacy: PrivacyConfig };
  readonly db: Db;
  readonly events: Pick<EventsRepo, 'purgeDetailsBeforeNow'>;
  readonly eligibility: Pick<EligibilityRepo, 'purgeBeforeNow'>;
  readonly webhook: Pick<WebhookQueue, 'purgeBeforeNow'>;
  readonly patients: Pick<PatientIndex, 'purgeBefore'>;
  readonly now: () => Date;
  readonly log: Logger;
  /** Called after each purge (the data folder's permissions are checked again). */
  readonly afterPurge?: () => Promise<void>;
  /** Health is told after each purge (the data folder's state may have changed). */
  readonly status?: StatusSignal;
}

export class Retention implements Feature {
  readonly name = 'retention';
  #loop: Repeating | null = null;

  constructor(private readonly deps: RetentionDeps) {}

  async start(): Promise<void> {
    await this.purge();
    this.#loop = repeat(
      () => this.purge(),
      () => PURGE_INTERVAL_MS,
      (err) => this.deps.log.error({ err: err.message }, 'retention purge failed'),
    );
  }

  async stop(): Promise<void> {
    await this.#loop?.stop();
  }

  /** Runs the purge now. */
  async purge(): Promise<PurgeResult> {
    const { config, db, now, log } = this.deps;
    const at = now();
    const cutoff = new Date(at.getTime() - config.privacy.retentionDays * 86_400_000).toISOString();
    const erased = await db.transaction(async () => ({
      events: await this.deps.events.purgeDetailsBeforeNow(cutoff),
      ...(await this.deps.eligibility.purgeBeforeNow(cutoff)),
      undeliveredWebhooks: await this.deps.webhook.purgeBeforeNow(cutoff, at),
    }));
    const r: PurgeResult = { ...erased, patients: await this.deps.patients.purgeBefore(new Date(cutoff)) };
    await db.checkpoint();
    await this.deps.afterPurge?.();
    this.deps.status?.changed('retention');
    if (r.events + r.cacheEntries + r.pendingChecks + r.patients + r.undeliveredWebhooks > 0)
      log.info({ ...r, retentionDays: config.privacy.retentionDays }, 'patient details past retention erased');
    return r;
  }
}
