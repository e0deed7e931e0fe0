// Which expected units have reported, for the hub's admin view (GET /api/hub/units), the report page
// and the report itself: a unit whose site has not pushed since a period began has not reported it.

import type { ExpectedUnit } from '../../daemon/src/reports/phu-luc-03.ts';
import type { SiteStatus } from './hub-store.ts';

export interface UnitStatus {
  readonly facilityId: string;
  readonly name: string;
  readonly siteId: string;
  readonly lastPushAt: string | null;
  /** ok: pushed within lateAfterDays; late: pushed before; silent: never pushed. */
  readonly status: 'ok' | 'late' | 'silent';
}

const DAY_MS = 86_400_000;

export function unitStatuses(expected: readonly ExpectedUnit[], sites: readonly SiteStatus[], now: Date, lateAfterDays: number): UnitStatus[] {
  const lastPush = new Map(sites.map((s) => [s.siteId, s.lastPushAt]));
  return expected.map((u) => {
    const last = lastPush.get(u.siteId) ?? null;
    const status = last === null ? 'silent' : now.getTime() - Date.parse(last) > lateAfterDays * DAY_MS ? 'late' : 'ok';
    return { facilityId: u.facilityId, name: u.name, siteId: u.siteId, lastPushAt: last, status };
  });
}

/** Facility ids whose site pushed on or after `from` (Vietnam day): they reported the period. */
export function reportedSince(expected: readonly ExpectedUnit[], sites: readonly SiteStatus[], from: string, dayOf: (iso: string) => string): Set<string> {
  const pushedSince = new Set(sites.filter((s) => dayOf(s.lastPushAt) >= from).map((s) => s.siteId));
  return new Set(expected.filter((u) => pushedSince.has(u.siteId)).map((u) => u.facilityId));
}
