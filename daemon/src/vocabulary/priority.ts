// Priority in the queue as the law sets it: Luật Khám bệnh, chữa bệnh 2023 (15/2023/QH15), Điều 3
// khoản 2 gives priority, "phù hợp với đặc thù của cơ sở", to: a patient in an emergency; children under
// 6; pregnant women; people with especially severe or severe disabilities; people aged 75 or older;
// people with meritorious service to the revolution. (The official text was not at hand; the list is
// as several public sources quote it, docs/guides/queue-priority.md, and lives in configuration.)
// Two reasons follow from the card's date of birth on the visit day; the others a receptionist adds.
// An emergency is served before everyone; every other reason makes one class, "priority".

import type { ConfigOf } from './config-slice.ts';

/** The law's reasons; a facility adds its own in queue.priority.reasons. */
export const LAW_REASONS = ['emergency', 'under6', 'pregnant', 'disability', 'age75', 'meritorious'] as const;
export type PriorityClass = 'emergency' | 'priority' | 'normal';

/** What the desk page shows for each of the law's reasons, and the key that adds or removes it (the
 *  two from the date of birth are set by themselves; their keys correct a card that is wrong). */
export const LAW_REASON_TEXT: Readonly<Record<(typeof LAW_REASONS)[number], { vi: string; en: string; key: string }>> = {
  emergency: { vi: 'Cấp cứu', en: 'Emergency', key: 'e' },
  under6: { vi: 'Trẻ em dưới 6 tuổi', en: 'Child under 6', key: 'u' },
  pregnant: { vi: 'Phụ nữ có thai', en: 'Pregnant', key: 't' },
  disability: { vi: 'Người khuyết tật nặng, đặc biệt nặng', en: 'Severe disability', key: 'k' },
  age75: { vi: 'Người từ đủ 75 tuổi', en: 'Aged 75 or older', key: 'g' },
  meritorious: { vi: 'Người có công với cách mạng', en: 'Meritorious service', key: 'c' },
};

/** Every reason a desk may set, the law's first, with its text and key. */
export function priorityReasonList(cfg: Pick<PriorityConfig, 'reasons'>): Array<{ code: string; vi: string; en: string; key: string | null }> {
  return [
    ...LAW_REASONS.map((code) => ({ code, ...LAW_REASON_TEXT[code] })),
    ...cfg.reasons.map((r) => ({ code: r.code, vi: r.vi, en: r.en, key: r.key ?? null })),
  ];
}

export const PRIORITY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    // strict: every priority ticket before any normal one; interleave: one priority ticket after every
    // `every` normal ones (a normal queue still moves). Emergencies always first.
    policy: { type: 'string', enum: ['strict', 'interleave'], default: 'strict' },
    every: { type: 'integer', minimum: 1, maximum: 20, default: 2 },
    // Per department, e.g. {"kham-noi": {"policy": "interleave", "every": 3}}.
    byDepartment: {
      type: 'object',
      default: {},
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { policy: { type: 'string', enum: ['strict', 'interleave'] }, every: { type: 'integer', minimum: 1, maximum: 20 } },
      },
    },
    // The ages the law names: priority from the 75th birthday, and before the 6th.
    ageAtLeast: { type: 'integer', minimum: 1, maximum: 120, default: 75 },
    underAge: { type: 'integer', minimum: 1, maximum: 18, default: 6 },
    // The facility's own reasons ("in a way that suits the facility"), with the key the desk presses.
    reasons: {
      type: 'array',
      default: [],
      maxItems: 9,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'vi', 'en'],
        properties: {
          code: { type: 'string', pattern: '^[a-z][a-zA-Z0-9]{1,31}$' },
          vi: { type: 'string', minLength: 1, maxLength: 60 },
          en: { type: 'string', minLength: 1, maxLength: 60 },
          // One lower-case letter the desk presses; the law's reasons and the desk's other keys
          // (e u t k g c, and n r s p) are taken.
          key: { type: 'string', pattern: '^[abdfhijlmoqvwxyz]$' },
        },
      },
    },
  },
} as const;

export type PriorityConfig = ConfigOf<typeof PRIORITY_SCHEMA>;

/** The class a set of reasons makes. */
export function priorityClass(reasons: readonly string[]): PriorityClass {
  if (reasons.includes('emergency')) return 'emergency';
  return reasons.length > 0 ? 'priority' : 'normal';
}

/** A visit's priority as the wire shows it (api/contract.ts PriorityView), from its stored columns. */
export function priorityView(r: { readonly priority_reasons: string; readonly partial_dob: number; readonly priority_requested: string }): {
  class: PriorityClass;
  reasons: string[];
  partialDob: boolean;
  requested: string[];
} {
  const reasons = reasonsOf(r.priority_reasons);
  return { class: priorityClass(reasons), reasons, partialDob: r.partial_dob === 1, requested: reasonsOf(r.priority_requested) };
}

/** Reasons as stored (comma-separated codes, '' for none) and back. */
export const reasonsOf = (stored: string | null | undefined): string[] => (stored ? stored.split(',').filter(Boolean) : []);
export const storedReasons = (reasons: readonly string[]): string => [...new Set(reasons)].join(',');

/** The last day of a month (month 1-12). */
const lastDay = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Completed years on `day` for someone born on year-month-date. A 29 February birthday falls on 28
 *  February in other years (Bộ luật Dân sự 2015, Điều 148: a period with no corresponding day ends on
 *  the month's last day). */
export function ageOn(born: { year: number; month: number; date: number }, day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const birthday = Math.min(born.date, lastDay(y, born.month));
  return y - born.year - (m < born.month || (m === born.month && d < birthday) ? 1 : 0);
}

/** What the date of birth says on the visit day: `age75`, `under6` (thresholds from the config). A
 *  date given only as a year (or year and month) is read as the law reads most favourably: the
 *  earliest possible birthday for the old, the latest for the young; `partialDob` says so. */
export function ageReasons(dob: string, day: string, cfg: Pick<PriorityConfig, 'ageAtLeast' | 'underAge'>): { reasons: string[]; partialDob: boolean } {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(dob);
  if (!m) return { reasons: [], partialDob: false };
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : null;
  const date = m[3] ? Number(m[3]) : null;
  const oldest = { year, month: month ?? 1, date: date ?? 1 };
  const youngestMonth = month ?? 12;
  const youngest = { year, month: youngestMonth, date: date ?? lastDay(year, youngestMonth) };
  const reasons: string[] = [];
  if (ageOn(oldest, day) >= cfg.ageAtLeast) reasons.push('age75');
  if (ageOn(youngest, day) < cfg.underAge && ageOn(youngest, day) >= 0) reasons.push('under6');
  return { reasons, partialDob: date === null };
}
