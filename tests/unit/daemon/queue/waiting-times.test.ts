// Waiting time per department and day: the median and the 90th percentile by nearest rank (a time a
// patient really waited), in minutes with one decimal, one row per day and department.

import t from 'tap';
import { nearestRank, priorityVisits, waitingTimes } from '../../../../daemon/src/queue/waiting-times.ts';

const at = (hhmm: string, day = '2026-03-02'): string => new Date(`${day}T${hhmm}:00+07:00`).toISOString();

t.test('nearest rank picks a value that occurred', async (t) => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  t.equal(nearestRank(ten, 0.5), 5);
  t.equal(nearestRank(ten, 0.9), 9);
  t.equal(nearestRank([7], 0.9), 7);
  t.ok(Number.isNaN(nearestRank([], 0.5)));
});

t.test('grouped by day and department, in minutes', async (t) => {
  const rows = waitingTimes([
    // Khám Nội on 2 March: waits of 5, 10, 15, 20 and 45 minutes
    ...[5, 10, 15, 20, 45].map((m) => ({
      day: '2026-03-02',
      department: 'kham-noi',
      cls: 'normal' as const,
      registeredAt: at('08:00'),
      calledAt: new Date(Date.parse(at('08:00')) + m * 60_000).toISOString(),
    })),
    { day: '2026-03-02', department: 'kham-ngoai', cls: 'normal' as const, registeredAt: at('09:00'), calledAt: at('09:02') },
    {
      day: '2026-03-01',
      department: 'kham-noi',
      cls: 'normal' as const,
      registeredAt: at('10:00', '2026-03-01'),
      calledAt: new Date(Date.parse(at('10:00', '2026-03-01')) + 90_500).toISOString(),
    },
  ]);
  t.same(rows, [
    { day: '2026-03-01', department: 'kham-noi', class: 'normal', called: 1, medianMinutes: 1.5, p90Minutes: 1.5 },
    { day: '2026-03-02', department: 'kham-ngoai', class: 'normal', called: 1, medianMinutes: 2, p90Minutes: 2 },
    { day: '2026-03-02', department: 'kham-noi', class: 'normal', called: 5, medianMinutes: 15, p90Minutes: 45 },
  ]);
});

t.test('a clock set back never makes a negative wait', async (t) => {
  t.same(waitingTimes([{ day: '2026-03-02', department: 'a', cls: 'normal', registeredAt: at('08:00'), calledAt: at('07:59') }])[0]?.medianMinutes, 0);
});

t.test('a priority class has its own row', async (t) => {
  const rows = waitingTimes([
    { day: '2026-03-02', department: 'kham-noi', cls: 'normal', registeredAt: at('08:00'), calledAt: at('08:30') },
    { day: '2026-03-02', department: 'kham-noi', cls: 'priority', registeredAt: at('08:10'), calledAt: at('08:12') },
  ]);
  t.same(
    rows.map((r) => [r.class, r.medianMinutes]),
    [
      ['normal', 30],
      ['priority', 2],
    ],
  );
});

t.test('priority visits per reason, per day and for the period; two reasons count under each', async (t) => {
  t.same(
    priorityVisits([
      { day: '2026-03-02', reasons: ['age75'] },
      { day: '2026-03-02', reasons: ['age75', 'disability'] },
      { day: '2026-03-03', reasons: ['under6'] },
      { day: '2026-03-03', reasons: [] },
    ]),
    {
      byDay: [
        { day: '2026-03-02', reason: 'age75', visits: 2 },
        { day: '2026-03-02', reason: 'disability', visits: 1 },
        { day: '2026-03-03', reason: 'under6', visits: 1 },
      ],
      period: [
        { reason: 'age75', visits: 2 },
        { reason: 'disability', visits: 1 },
        { reason: 'under6', visits: 1 },
      ],
    },
  );
});
