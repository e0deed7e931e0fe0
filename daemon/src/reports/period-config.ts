// How reporting periods run, for a site and for the hub alike (one schema fragment, one type).

import type { ConfigOf } from '../vocabulary/config-slice.ts';

/** The seed's month runs from the 10th to the 9th ("số liệu từ ngày 10/01/2023 đến ngày 09/02/2023",
 *  seed 003 line 47) and is sent by about the 12th. */
/** The day cumulative totals count from (the start of the chip-card pilot), for a site and the hub alike. */
export const CUMULATIVE_SINCE_PROPERTY = {
  cumulativeSince: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', default: '2022-12-10' },
} as const;

export const REPORT_PERIOD_PROPERTIES = {
  // Day of the month a period starts (1–28).
  periodStartDay: { type: 'integer', minimum: 1, maximum: 28, default: 10 },
  // Day of the month after a period's end by which it should have been submitted.
  submitByDay: { type: 'integer', minimum: 1, maximum: 28, default: 12 },
  // Which month names a period in the title: the seed titles 10/01–09/02/2023 "tháng 02/2023" (the
  // month it ends in, seed line 145); "start" names it by the month it starts in, like `--period`.
  periodTitleMonth: { type: 'string', enum: ['end', 'start'], default: 'end' },
} as const;

export type ReportPeriodConfig = ConfigOf<{ type: 'object'; properties: typeof REPORT_PERIOD_PROPERTIES }>;

export const DEFAULT_PERIOD_CONFIG: ReportPeriodConfig = { periodStartDay: 10, submitByDay: 12, periodTitleMonth: 'end' };
