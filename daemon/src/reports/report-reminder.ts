// Reminds whoever reads /api/health that a closed reporting period has not been submitted yet (site
// without a hub: it sends its own report; with a hub, the hub reminds the district). Kept current
// every 10 minutes and after each submission; health reads the last value (it is synchronous).

import type { ReportDue } from '../api/report.ts';
import type { Logger } from '../log.ts';
import type { ReportPeriodConfig } from './period-config.ts';
import { submissionReminder, type SubmissionStore } from './submissions.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { StatusSignal } from '../vocabulary/status-signal.ts';

const REFRESH_MS = 10 * 60_000;

export interface ReportReminderDeps {
  readonly submissions: Pick<SubmissionStore, 'latestFor'>;
  readonly firstDay: () => Promise<string | null>;
  readonly periods: ReportPeriodConfig;
  readonly enabled: boolean;
  readonly now: () => Date;
  readonly log: Logger;
  readonly status: StatusSignal;
}

export class ReportReminder implements Feature {
  readonly name = 'report-reminder';
  #due: ReportDue | null = null;
  #loop: Repeating | null = null;

  constructor(private readonly deps: ReportReminderDeps) {}

  current(): ReportDue | null {
    return this.#due;
  }

  async refresh(): Promise<void> {
    const d = this.deps;
    const next = d.enabled ? await submissionReminder(d.submissions, vietnamDay(d.now()), d.periods, d.firstDay) : null;
    if (JSON.stringify(next) === JSON.stringify(this.#due)) return;
    this.#due = next;
    d.status.changed(this.name);
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#loop = repeat(
      () => this.refresh(),
      () => REFRESH_MS,
      (err) => this.deps.log.error({ err: err.message }, 'report reminder failed'),
    );
  }

  async stop(): Promise<void> {
    await this.#loop?.stop();
  }
}
