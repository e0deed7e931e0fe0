// Reporting periods: the seed's month runs from the 10th to the 9th (seed 003 line 47).

import t from 'tap';
import { period, periodTitle } from '../../../../daemon/src/reports/period.ts';

const VN = (day: string, hour = 9): Date => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3600_000);
const cfg = { periodStartDay: 10, periodTitleMonth: 'end' as const };

t.test('without dates: the running period, from its 10th to today (Vietnam days)', async (t) => {
  t.same(period(undefined, undefined, VN('2026-12-01'), { startDay: 10 }), { ok: true, from: '2026-11-10', to: '2026-12-01' });
  t.same(period(undefined, undefined, VN('2026-12-10'), { startDay: 10 }), { ok: true, from: '2026-12-10', to: '2026-12-10' }, 'the 10th starts a new one');
  t.same(period(undefined, undefined, VN('2027-01-09'), { startDay: 10 }), { ok: true, from: '2026-12-10', to: '2027-01-09' }, 'across the year');
  t.same(
    period(undefined, undefined, new Date('2026-12-09T17:30:00Z'), { startDay: 10 }),
    { ok: true, from: '2026-12-10', to: '2026-12-10' },
    '00:30 on the 10th in Vietnam is the 10th',
  );
  t.same(
    period(undefined, undefined, VN('2026-12-01'), { startDay: 1 }),
    { ok: true, from: '2026-12-01', to: '2026-12-01' },
    'a calendar month when configured',
  );
});

t.test('--period YYYY-MM names the period that starts in that month', async (t) => {
  const now = VN('2026-12-01');
  t.same(period(undefined, undefined, now, { startDay: 10, month: '2026-11' }), { ok: true, from: '2026-11-10', to: '2026-12-09' });
  t.same(period(undefined, undefined, now, { startDay: 10, month: '2026-12' }), { ok: true, from: '2026-12-10', to: '2027-01-09' });
  t.same(period(undefined, undefined, now, { startDay: 10, month: '2024-01' }), { ok: true, from: '2024-01-10', to: '2024-02-09' });
  t.same(period(undefined, undefined, now, { startDay: 1, month: '2024-02' }), { ok: true, from: '2024-02-01', to: '2024-02-29' }, 'a leap February');
  t.match(period(undefined, undefined, now, { startDay: 10, month: '2026-13' }), { ok: false, error: { code: 'REPORT_PERIOD_INVALID', en: /YYYY-MM/ } });
  t.match(period('2026-11-10', undefined, now, { startDay: 10, month: '2026-11' }), { ok: false, error: { en: /not both/ } });
});

t.test('the title names a period as the seed does', async (t) => {
  t.equal(periodTitle('2023-01-10', '2023-02-09', cfg), 'tháng 02/2023', 'seed line 145: 10/01–09/02/2023 is "tháng 02/2023"');
  t.equal(periodTitle('2026-11-10', '2026-12-01', cfg), 'tháng 12/2026', 'a running period is named like the whole');
  t.equal(periodTitle('2026-12-10', '2027-01-09', cfg), 'tháng 01/2027');
  t.equal(periodTitle('2026-11-10', '2026-12-09', { ...cfg, periodTitleMonth: 'start' }), 'tháng 11/2026');
  t.equal(periodTitle('2026-11-03', '2026-11-20', cfg), null, 'a free range has no month in its title');
  t.equal(periodTitle('2026-11-10', '2026-12-20', cfg), null, 'nor has one longer than a period');
});
