// Waiting time per department and day: the median and the 90th percentile by nearest rank (a time a
// patient really waited), in minutes with one decimal, one row per day and department.

import t from 'tap';
import { nearestRank, waitingTimes } from '../../../../daemon/src/queue/waiting-times.ts';

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
      registeredAt: at('08:00'),
      calledAt: new Date(Date.parse(at('08:00')) + m * 60_000).toISOString(),
    })),
    { day: '2026-03-02', department: 'kham-ngoai', registeredAt: at('09:00'), calledAt: at('09:02') },
    {
      day: '2026-03-01',
      department: 'kham-noi',
      registeredAt: at('10:00', '2026-03-01'),
      calledAt: new Date(Date.parse(at('10:00', '2026-03-01')) + 90_500).toISOString(),
    },
  ]);
  t.same(rows, [
    { day: '2026-03-01', department: 'kham-noi', called: 1, medianMinutes: 1.5, p90Minutes: 1.5 },
    { day: '2026-03-02', department: 'kham-ngoai', called: 1, medianMinutes: 2, p90Minutes: 2 },
    { day: '2026-03-02', department: 'kham-noi', called: 5, medianMinutes: 15, p90Minutes: 45 },
  ]);
});

t.test('a clock set back never makes a negative wait', async (t) => {
  t.same(waitingTimes([{ day: '2026-03-02', department: 'a', registeredAt: at('08:00'), calledAt: at('07:59') }])[0]?.medianMinutes, 0);
});
