// Vietnam's calendar, the one place it is computed: UTC+7 all year (no daylight saving). Reports,
// counters, the audit log and the parser's "not in the future" checks all count days this way, the
// way a receptionist writes the date on the report.

export const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The Vietnam calendar day (YYYY-MM-DD) of an instant. */
export function vietnamDay(at: Date | number): string {
  return new Date((typeof at === 'number' ? at : at.getTime()) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Vietnam calendar day (YYYY-MM-DD) begins. */
export function vietnamDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VIETNAM_OFFSET_MS);
}

let cachedMinute = -1;
let cachedDay = '';

/** Today in Vietnam. Called once per read: recomputed at most once a minute instead of formatting a Date each time. */
export function todayInVietnam(nowMs: number = Date.now()): string {
  const minute = Math.floor(nowMs / 60_000);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    cachedDay = vietnamDay(nowMs);
  }
  return cachedDay;
}
