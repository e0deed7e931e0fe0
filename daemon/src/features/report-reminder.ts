// Reminds whoever reads /api/health that a closed reporting period has not been submitted yet (site
// without a hub: it sends its own report; with a hub, the hub reminds the district). Kept current
// every 10 minutes and after each submission; health reads the last value (it is synchronous).

import type { ReportDue } from '../api/report.ts';
import type { Logger } from '../log.ts';
import type { ReportPeriodConfig } from '../reports/period-config.ts';
import { submissionReminder, type SubmissionStore } from '../reports/submissions.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import type { Feature } from '../vocabulary/feature.ts';

const REFRESH_MS = 10 * 60_000;

export interface ReportReminder extends Feature {
  current(): ReportDue | null;
  refresh(): Promise<void>;
}

export function reportReminder(deps: {
  readonly submissions: Pick<SubmissionStore, 'latestFor'>;
  readonly firstDay: () => Promise<string | null>;
  readonly periods: ReportPeriodConfig;
  readonly enabled: boolean;
  readonly now: () => Date;
  readonly log: Logger;
  readonly onChange: () => void;
}): ReportReminder {
  let due: ReportDue | null = null;
  let loop: Repeating | null = null;
  const refresh = async (): Promise<void> => {
    const next = deps.enabled ? await submissionReminder(deps.submissions, vietnamDay(deps.now()), deps.periods, deps.firstDay) : null;
    if (JSON.stringify(next) === JSON.stringify(due)) return;
    due = next;
    deps.onChange();
  };
  return {
    name: 'report-reminder',
    current: () => due,
    refresh,
    async start() {
      await refresh();
      loop = repeat(
        refresh,
        () => REFRESH_MS,
        (err) => deps.log.error({ err: err.message }, 'report reminder failed'),
      );
    },
    async stop() {
      await loop?.stop();
    },
  };
}
