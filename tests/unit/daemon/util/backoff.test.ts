// The retry delay of the durable queues (verify-later, HIS webhook, check-in): doubling from the base
// with each failed attempt, never above the cap, so a long gateway outage is retried every few
// minutes rather than hammered, and never grows to Infinity or NaN (a timer of NaN fires at once).

import t from 'tap';
import { backoffMs } from '../../../../daemon/src/util/backoff.ts';

t.test('the delay doubles from the base with each failed attempt, up to the cap', async (t) => {
  const cases: Array<[number, number]> = [
    [0, 1_000],
    [1, 2_000],
    [2, 4_000],
    [5, 32_000],
    [8, 256_000],
    [9, 300_000],
    [20, 300_000],
  ];
  for (const [attempts, ms] of cases) t.equal(backoffMs(1_000, 300_000, attempts), ms, `after ${attempts} failures`);
});

t.test('however long the outage, the delay is the cap, a finite number', async (t) => {
  for (const attempts of [31, 100, 1_100, 1e6]) t.equal(backoffMs(30_000, 3_600_000, attempts), 3_600_000, `${attempts} attempts`);
});

t.test('a cap below the base wins', async (t) => {
  t.equal(backoffMs(10_000, 5_000, 0), 5_000);
});
