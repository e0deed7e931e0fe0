// Retention: patient details are erased after `privacy.retentionDays`, at start and hourly; events,
// counters and the audit log stay. secure_delete zeroes the erased cells; the checkpoint then rewrites
// the pages and truncates the WAL, where the old values would otherwise linger.

import type { PrivacyConfig } from '../storage/storage-config.ts';
import type { Logger } from '../log.ts';
import type { PatientIndex } from '../patients/patient-index.ts';
import type { Db } from '../storage/db.ts';
import type { PrivacyRepo } from '../storage/privacy-repo.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { Feature } from '../vocabulary/feature.ts';

const PURGE_INTERVAL_MS = 3600_000;

export class Retention implements Feature {
  readonly name = 'retention';
  #loop: Repeating | null = null;

  constructor(
    private readonly deps: {
      readonly config: { readonly privacy: PrivacyConfig };
      readonly db: Db;
      readonly privacy: PrivacyRepo;
      readonly patients: PatientIndex;
      readonly now: () => Date;
      readonly log: Logger;
      /** Called after each purge (the data folder's permissions are checked again). */
      readonly afterPurge?: () => Promise<void>;
    },
  ) {}

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
  async purge(): Promise<void> {
    const { config, db, privacy, patients, now, log } = this.deps;
    const cutoff = new Date(now().getTime() - config.privacy.retentionDays * 86_400_000);
    const r = { ...(await privacy.purgeBefore(cutoff, now())), patients: await patients.purgeBefore(cutoff) };
    await db.checkpoint();
    await this.deps.afterPurge?.();
    if (r.events + r.cacheEntries + r.pendingChecks + r.patients + r.undeliveredWebhooks > 0)
      log.info({ ...r, retentionDays: config.privacy.retentionDays }, 'patient details past retention erased');
  }
}
