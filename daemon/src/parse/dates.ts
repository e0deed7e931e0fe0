// Calendar dates as the cards write them. Everything is a plain ISO date string (YYYY-MM-DD):
// no time zones, no Date objects crossing module boundaries.

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `ddmmyyyy` (8 digits, the CCCD QR form) -> ISO, or null. */
export function parseDdmmyyyy(s: string): string | null {
  if (!/^\d{8}$/.test(s)) return null;
  return isoDate(Number(s.slice(4)), Number(s.slice(2, 4)), Number(s.slice(0, 2)));
}

/** `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` or `ddmmyyyy` -> ISO, or null. */
export function parseLooseDate(s: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return parseDdmmyyyy(s);
}

/** Today's date as ISO in Vietnam, for "not in the future" checks. */
export { todayInVietnam } from '../util/vietnam-time.ts';

/** ISO -> `dd/MM/yyyy`, the form the BHXH gateway expects. */
export function isoToDmy(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
