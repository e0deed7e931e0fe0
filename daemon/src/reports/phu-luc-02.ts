// Phụ lục 2 of seed 000 ("Kết quả liên thông dữ liệu khám chữa bệnh"): per unit, whether a gateway
// account is issued ("Cấp tài khoản") and whether it is connected ("Liên thông"), then "Tổng liên
// thông / Thành công / Lỗi" for two periods side by side, a "TỔNG SỐ" row that counts the units
// marked RỒI and sums the exchanges, and the tier summary of seed 001 ("Số lượng / Tỷ lệ %").
// The rule is in docs/reference/report-rules.md ("Phụ lục 2"): Thành công = exchanges the gateway
// answered with a result, Lỗi = exchanges without a usable answer; Liên thông = at least one answered
// exchange in the report's periods. Exchanges, not accesses: kept apart from Phụ lục 03.

import type { GatewayExchanges } from '../storage/gateway-daily-repo.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import { addMonths, namedPeriod, period, periodMonthOf, type PeriodResult } from './period.ts';
import { PERIOD_TEXT } from './report-messages.ts';
import type { ExchangeCells, Mark, PhuLuc02, PhuLuc02Row, UnitKind } from '../api/phu-luc-02.ts';

export type { ExchangeCells, Mark, PhuLuc02, PhuLuc02Period, PhuLuc02Row, TierSummary, UnitKind } from '../api/phu-luc-02.ts';

export const UNIT_KINDS: readonly UnitKind[] = ['hospital', 'clinic', 'commune'];
export const UNIT_KIND_LABEL: Readonly<Record<UnitKind, string>> = {
  hospital: 'TTYT / bệnh viện',
  clinic: 'Phòng khám',
  commune: 'Trạm y tế xã',
};

/** What the report knows of one unit; null where it cannot know. */
export interface PhuLuc02Unit {
  readonly facilityId: string;
  readonly name: string;
  readonly kind: UnitKind;
  /** A gateway account configured for the unit; null: unknown. */
  readonly account: boolean | null;
  /** Its exchanges in each period, in the report's order; null: unknown (not sent). */
  readonly periods: readonly (GatewayExchanges | null)[];
}

export const PHU_LUC_02_TITLE = 'Kết quả liên thông dữ liệu khám chữa bệnh vào cổng BHXH';

const vnDate = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export function periodHeading(from: string, to: string): string {
  return `Tính từ ngày ${vnDate(from)} đến ngày ${vnDate(to)}`;
}

const cells = (e: GatewayExchanges): ExchangeCells => ({ total: e.answered + e.failed, success: e.answered, error: e.failed });
const mark = (v: boolean | null): Mark => (v === null ? '—' : v ? 'RỒI' : 'CHƯA');

/** Connected: an answered exchange in a period; unknown only when no period is known. */
function connected(u: PhuLuc02Unit): boolean | null {
  const known = u.periods.filter((p): p is GatewayExchanges => p !== null);
  if (known.some((p) => p.answered > 0)) return true;
  return known.length === 0 ? null : false;
}

export function buildPhuLuc02(units: readonly PhuLuc02Unit[], periods: readonly { from: string; to: string }[], now: Date): PhuLuc02 {
  const heads = periods.map((p) => ({ ...p, heading: periodHeading(p.from, p.to) }));
  const rows: PhuLuc02Row[] = units.map((u, i) => ({
    stt: i + 1,
    facilityId: u.facilityId,
    label: u.name,
    kind: u.kind,
    account: mark(u.account),
    connected: mark(connected(u)),
    accountCount: null,
    connectedCount: null,
    periods: heads.map((_, k) => (u.periods[k] ? cells(u.periods[k]) : null)),
  }));
  const sum = (k: number, f: keyof ExchangeCells): number => rows.reduce((n, r) => n + (r.periods[k]?.[f] ?? 0), 0);
  const total: PhuLuc02Row = {
    stt: null,
    facilityId: null,
    label: 'TỔNG SỐ',
    kind: null,
    account: null,
    connected: null,
    accountCount: rows.filter((r) => r.account === 'RỒI').length,
    connectedCount: rows.filter((r) => r.connected === 'RỒI').length,
    periods: heads.map((_, k) => ({ total: sum(k, 'total'), success: sum(k, 'success'), error: sum(k, 'error') })),
  };
  const tiers = UNIT_KINDS.map((kind) => {
    const of = rows.filter((r) => r.kind === kind);
    const n = of.filter((r) => r.connected === 'RỒI').length;
    return { kind, label: UNIT_KIND_LABEL[kind], units: of.length, connected: n, percent: of.length === 0 ? null : Math.round((n / of.length) * 1000) / 10 };
  });
  return { form: 'phu-luc-02', title: PHU_LUC_02_TITLE, periods: heads, rows, total, tiers, generatedAt: now.toISOString() };
}

/** Without dates: the previous reporting period, then the running one (older first, as the seed). */
export function defaultPhuLuc02Periods(today: string, startDay: number): { from: string; to: string }[] {
  const running = periodMonthOf(today, startDay);
  return [namedPeriod(addMonths(running, -1), startDay), { from: namedPeriod(running, startDay).from, to: today }];
}

/** "Cấp tài khoản" at a site: a real gateway URL and credentials in its configuration; the bundled
 *  simulator (no URL) is no account. */
export function gatewayAccountConfigured(gateway: { readonly url: string | null; readonly username: string; readonly password: string }): boolean {
  return gateway.url !== null && gateway.url !== '' && gateway.username !== '' && gateway.password !== '';
}

/** The site's own row: its facility, its account, its exchanges per period (zeros without any). */
export async function localPhuLuc02(
  site: {
    readonly facility: { readonly id: string; readonly name: string; readonly kind?: UnitKind };
    readonly gateway: { readonly url: string | null; readonly username: string; readonly password: string };
  },
  totals: (from: string, to: string) => Promise<readonly (GatewayExchanges & { readonly facilityId: string })[]>,
  periods: readonly { from: string; to: string }[],
  now: Date,
): Promise<PhuLuc02> {
  const per = await Promise.all(periods.map((p) => totals(p.from, p.to)));
  const unit: PhuLuc02Unit = {
    facilityId: site.facility.id,
    name: site.facility.name,
    kind: site.facility.kind ?? 'hospital',
    account: gatewayAccountConfigured(site.gateway),
    periods: per.map((rows) => {
      const mine = rows.filter((r) => r.facilityId === site.facility.id);
      return { answered: mine.reduce((n, r) => n + r.answered, 0), failed: mine.reduce((n, r) => n + r.failed, 0) };
    }),
  };
  return buildPhuLuc02([unit], periods, now);
}

/** The periods asked for: each from/to pair one period, in order (a missing half as for Phụ lục 03);
 *  none: the previous and the running reporting periods; more than two, or a bad one, refused. */
export function phuLuc02Periods(froms: readonly (string | undefined)[], tos: readonly (string | undefined)[], now: Date, startDay: number): PeriodsResult {
  const n = Math.max(froms.length, tos.length);
  if (n === 0) return { ok: true, periods: defaultPhuLuc02Periods(vietnamDay(now), startDay) };
  if (n > 2) return { ok: false, error: { code: 'REPORT_PERIOD_INVALID', ...PERIOD_TEXT.tooManyPeriods } };
  const periods: { from: string; to: string }[] = [];
  for (let i = 0; i < n; i++) {
    const p = period(froms[i], tos[i], now, { startDay });
    if (!p.ok) return p;
    periods.push({ from: p.from, to: p.to });
  }
  return { ok: true, periods };
}

export type PeriodsResult = { ok: true; periods: { from: string; to: string }[] } | Extract<PeriodResult, { ok: false }>;
