// Vietnam's calendar day (UTC+7, no daylight saving): a scan at 06:59 UTC is still the same day on
// the report a receptionist writes, one at 17:00 UTC is already the next. Counters, reports and the
// parser's "not in the future" check all depend on this boundary.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { todayInVietnam as reExported } from '../../../../daemon/src/parse/dates.ts';
import { todayInVietnam, VIETNAM_OFFSET_MS, vietnamDay, vietnamDayStart } from '../../../../daemon/src/util/vietnam-time.ts';

t.test('the Vietnam day of an instant changes at 17:00 UTC', async (t) => {
  const cases: Array<[string, string]> = [
    ['2026-12-01T16:59:59.999Z', '2026-12-01'],
    ['2026-12-01T17:00:00.000Z', '2026-12-02'],
    ['2026-12-31T17:00:00.000Z', '2027-01-01'],
    ['2024-02-28T17:30:00.000Z', '2024-02-29'],
    ['2026-06-15T00:00:00.000Z', '2026-06-15'],
  ];
  for (const [utc, day] of cases) {
    t.equal(vietnamDay(new Date(utc)), day, utc);
    t.equal(vietnamDay(Date.parse(utc)), day, `${utc} as milliseconds`);
  }
});

t.test('a Vietnam day starts at 17:00 UTC the day before, seven hours every day of the year', async (t) => {
  t.equal(VIETNAM_OFFSET_MS, 7 * 3600_000);
  t.equal(vietnamDayStart('2026-12-02').toISOString(), '2026-12-01T17:00:00.000Z');
  t.equal(vietnamDayStart('2026-07-01').toISOString(), '2026-06-30T17:00:00.000Z', 'no summer time');
  const days: Array<[string, string]> = [
    ['2026-01-01', '2025-12-31'],
    ['2026-03-29', '2026-03-28'],
    ['2026-10-25', '2026-10-24'],
    ['2024-03-01', '2024-02-29'],
  ];
  for (const [day, before] of days) {
    t.equal(vietnamDay(vietnamDayStart(day)), day, `${day} starts on itself`);
    t.equal(vietnamDay(vietnamDayStart(day).getTime() - 1), before, `${day}: one ms earlier is ${before}`);
  }
});

t.test('today in Vietnam follows the clock across midnight', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['Date'], now: Date.parse('2026-12-01T16:58:30Z') });
  t.teardown(() => clock.uninstall());
  t.equal(todayInVietnam(), '2026-12-01');
  clock.tick(60_000);
  t.equal(todayInVietnam(), '2026-12-01', '23:59:30 in Hà Nội');
  clock.tick(30_000);
  t.equal(todayInVietnam(), '2026-12-02', 'midnight in Hà Nội');
  t.equal(reExported, todayInVietnam, 'the parser uses the same clock');
});

t.test('today for a given instant, asked in any order', async (t) => {
  t.equal(todayInVietnam(Date.parse('2026-12-01T17:00:00Z')), '2026-12-02');
  t.equal(todayInVietnam(Date.parse('2026-12-01T16:59:00Z')), '2026-12-01');
  t.equal(todayInVietnam(Date.parse('2025-01-01T00:00:00Z')), '2025-01-01', 'a day long past');
  t.equal(todayInVietnam(Date.parse('2026-12-01T17:00:30Z')), '2026-12-02', 'back to a later minute');
});
