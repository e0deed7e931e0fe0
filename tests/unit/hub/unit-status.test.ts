// Which expected units have reported, as the district office sees it on /api/hub/units and above the
// report: a unit whose site pushed within `lateAfterDays` is ok, one that pushed before is late, one
// whose site never pushed is silent; and a unit counts as having reported a period only when its site
// pushed on or after the period's first (Vietnam) day. A wrong answer here hides a silent clinic or
// prints "(chưa có báo cáo)" for one that did report.

import t from 'tap';
import type { ExpectedUnit } from '../../../daemon/src/reports/phu-luc-03.ts';
import { vietnamDay } from '../../../daemon/src/util/vietnam-time.ts';
import type { SiteStatus } from '../../../hub/src/hub-store.ts';
import { reportedSince, unitStatuses } from '../../../hub/src/unit-status.ts';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-04-10T03:00:00.000Z');
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();

const unit = (facilityId: string, siteId: string, name = `Trạm Y tế ${facilityId}`): ExpectedUnit => ({
  facilityId,
  name,
  sector: 'public',
  tier: 'district',
  order: Number(facilityId.slice(-2)),
  siteId,
});
const site = (siteId: string, lastPushAt: string): SiteStatus => ({
  siteId,
  facilityId: `${siteId}-f`,
  facilityName: siteId,
  snapshotAt: lastPushAt,
  lastPushAt,
});

t.test('a unit is ok within lateAfterDays of its last push, late after, silent when its site never pushed', async (t) => {
  const cases: Array<[string, string | null, number, 'ok' | 'late' | 'silent']> = [
    ['pushed an hour ago', ago(3600_000), 2, 'ok'],
    ['pushed exactly two days ago (the limit itself is not late)', ago(2 * DAY_MS), 2, 'ok'],
    ['pushed two days and a second ago', ago(2 * DAY_MS + 1000), 2, 'late'],
    ['pushed three days ago with a week allowed', ago(3 * DAY_MS), 7, 'ok'],
    ['pushed eight days ago with a week allowed', ago(8 * DAY_MS), 7, 'late'],
    ['never pushed', null, 2, 'silent'],
  ];
  for (const [what, last, days, want] of cases) {
    const [status] = unitStatuses([unit('01001', 'tay-ho')], last === null ? [] : [site('tay-ho', last)], NOW, days);
    t.same(status, { facilityId: '01001', name: 'Trạm Y tế 01001', siteId: 'tay-ho', lastPushAt: last, status: want }, what);
  }
});

t.test('every expected unit gets one row, in the listed order; sites nobody expects are left out', async (t) => {
  const expected = [unit('01003', 'ba-dinh'), unit('01001', 'tay-ho'), unit('01002', 'tay-ho'), unit('01009', 'long-bien')];
  const sites = [site('tay-ho', ago(DAY_MS)), site('ba-dinh', ago(5 * DAY_MS)), site('stray-site', ago(0))];
  const rows = unitStatuses(expected, sites, NOW, 2);
  t.same(
    rows.map((r) => [r.facilityId, r.status]),
    [
      ['01003', 'late'],
      ['01001', 'ok'],
      ['01002', 'ok'],
      ['01009', 'silent'],
    ],
    'two units of one site share its push; a unit of a site that never pushed is silent',
  );
  t.equal(rows[1]!.lastPushAt, sites[0]!.lastPushAt, "the site's last push is shown");
  t.same(unitStatuses([], sites, NOW, 2), [], 'no expected units, no rows');
});

t.test('a unit reported a period when its site pushed on or after the Vietnam day the period begins', async (t) => {
  const expected = [unit('01001', 'tay-ho'), unit('01002', 'tay-ho'), unit('01003', 'ba-dinh'), unit('01009', 'long-bien')];
  const dayOf = (iso: string): string => vietnamDay(new Date(iso));
  const sites = [
    // 18:30 UTC on 31 March is 01:30 on 1 April in Vietnam: it counts for April.
    site('tay-ho', '2026-03-31T18:30:00.000Z'),
    // 16:59 UTC on 31 March is still 31 March in Vietnam: not for April.
    site('ba-dinh', '2026-03-31T16:59:00.000Z'),
  ];
  t.same([...reportedSince(expected, sites, '2026-04-01', dayOf)].sort(), ['01001', '01002'], 'both units of the site that pushed in April');
  t.same([...reportedSince(expected, sites, '2026-03-01', dayOf)].sort(), ['01001', '01002', '01003'], 'for March both sites reported');
  t.same([...reportedSince(expected, sites, '2026-04-02', dayOf)], [], 'nobody pushed since 2 April');
});
