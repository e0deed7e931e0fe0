// Report periods as Vietnam calendar days (YYYY-MM-DD), checked once for the CLI and the HTTP API.

import type { Message } from '../parse/messages.ts';
import { vietnamDay } from '../storage/events-repo.ts';

export const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export function isRealDay(day: string): boolean {
  if (!new RegExp(DAY_PATTERN).test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

export type PeriodResult = { ok: true; from: string; to: string } | { ok: false; error: { code: 'REPORT_PERIOD_INVALID' } & Message };

/** Missing ends default to this month so far; a bad or reversed period is refused, never guessed. */
export function period(from: string | undefined, to: string | undefined, now: Date): PeriodResult {
  const today = vietnamDay(now);
  const f = from ?? `${today.slice(0, 8)}01`;
  const t = to ?? today;
  const bad = (vi: string, en: string): PeriodResult => ({ ok: false, error: { code: 'REPORT_PERIOD_INVALID', vi, en } });
  if (!isRealDay(f) || !isRealDay(t))
    return bad('Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2023-01-10.', 'Invalid date: use YYYY-MM-DD, for example 2023-01-10.');
  if (f > t) return bad(`Ngày bắt đầu ${f} sau ngày kết thúc ${t}.`, `The start ${f} is after the end ${t}.`);
  return { ok: true, from: f, to: t };
}
