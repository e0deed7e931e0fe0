// Report periods as Vietnam calendar days (YYYY-MM-DD), checked once for the CLI and the HTTP API.
// A reporting month runs from `periodStartDay` (10 by default, as in seed 003 line 47: "số liệu từ
// ngày 10/01/2023 đến ngày 09/02/2023") to the day before it in the next month. `--period 2026-11`
// (`?period=2026-11`) names the period that starts in November: 10/11/2026 – 09/12/2026.

import type { Message } from '../parse/messages.ts';
import { vietnamDay } from '../storage/events-repo.ts';
import type { ReportPeriodConfig } from './period-config.ts';
import { PERIOD_TEXT } from './report-messages.ts';

export const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const MONTH_PATTERN = '^\\d{4}-\\d{2}$';

export function isRealDay(day: string): boolean {
  if (!new RegExp(DAY_PATTERN).test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

export type PeriodResult = { ok: true; from: string; to: string } | { ok: false; error: { code: 'REPORT_PERIOD_INVALID' } & Message };

const pad = (n: number): string => String(n).padStart(2, '0');
const DAY_MS = 86_400_000;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** YYYY-MM shifted by `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

/** The period that starts in `month` (YYYY-MM). */
export function namedPeriod(month: string, startDay: number): { from: string; to: string } {
  const from = `${month}-${pad(startDay)}`;
  return { from, to: addDays(`${addMonths(month, 1)}-${pad(startDay)}`, -1) };
}

/** The start month (YYYY-MM) of the period `day` falls in. */
export function periodMonthOf(day: string, startDay: number): string {
  const month = day.slice(0, 7);
  return Number(day.slice(8, 10)) >= startDay ? month : addMonths(month, -1);
}

/** "tháng 02/2023" when [from, to] is one reporting period or its running part, else null (a free range). */
export function periodTitle(from: string, to: string, cfg: Pick<ReportPeriodConfig, 'periodStartDay' | 'periodTitleMonth'>): string | null {
  const start = periodMonthOf(from, cfg.periodStartDay);
  const p = namedPeriod(start, cfg.periodStartDay);
  if (p.from !== from || to > p.to) return null;
  const named = cfg.periodTitleMonth === 'end' ? p.to.slice(0, 7) : start;
  return `tháng ${named.slice(5, 7)}/${named.slice(0, 4)}`;
}

const bad = (text: Message): PeriodResult => ({ ok: false, error: { code: 'REPORT_PERIOD_INVALID', vi: text.vi, en: text.en } });

/** Without dates: the running period (its start to today). `month` names a whole period; a bad,
 *  reversed or doubly given period is refused, never guessed. */
export function period(
  from: string | undefined,
  to: string | undefined,
  now: Date,
  opts: { startDay?: number; month?: string | undefined } = {},
): PeriodResult {
  // Counters and the audit keep calendar months; reports pass their configured start day.
  const startDay = opts.startDay ?? 1;
  const today = vietnamDay(now);
  if (opts.month !== undefined) {
    if (from !== undefined || to !== undefined) return bad(PERIOD_TEXT.periodAndDates);
    if (!new RegExp(MONTH_PATTERN).test(opts.month) || !isRealDay(`${opts.month}-01`)) return bad(PERIOD_TEXT.badMonth);
    return { ok: true, ...namedPeriod(opts.month, startDay) };
  }
  const f = from ?? namedPeriod(periodMonthOf(today, startDay), startDay).from;
  const t = to ?? today;
  if (!isRealDay(f) || !isRealDay(t)) return bad(PERIOD_TEXT.badDay);
  if (f > t) return bad(PERIOD_TEXT.reversed(f, t));
  return { ok: true, from: f, to: t };
}
