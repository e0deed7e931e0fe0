// The per-scanner flood guard: a stuck trigger or a shorted cable sends thousands of reads a second.
// Reads up to the limit in a one-second window reach the pipeline; the rest are refused, the first
// refusal of a flood said once (one log line, one health change, not thousands), and the scanner shows
// as flooding until a minute after its last refused read, so the technician sees it on /tech.

import t from 'tap';
import { FLOOD_HEALTH_MS, FloodGuard, type Admission } from '../../../../daemon/src/devices/flood-guard.ts';

const T0 = 1_000_000;
const admitMany = (g: FloodGuard, n: number, at: number): Admission[] => Array.from({ length: n }, () => g.admit(at));
const tally = (xs: Admission[]): Record<string, number> => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});

t.test('without a limit every read is admitted and nothing floods', async (t) => {
  const g = new FloodGuard(undefined);
  t.same(tally(admitMany(g, 10_000, T0)), { admitted: 10_000 });
  t.equal(g.flooding(T0), false);
});

t.test('within one second: the limit admitted, then one flood-started, then refused', async (t) => {
  const g = new FloodGuard(20);
  t.equal(g.flooding(T0), false, 'a quiet scanner');
  const out = admitMany(g, 500, T0);
  t.same(out.slice(0, 20), Array(20).fill('admitted'), 'the first 20 reach the pipeline');
  t.equal(out[20], 'flood-started', 'the 21st starts the flood: said once');
  t.same(tally(out.slice(21)), { refused: 479 }, 'the rest refused without another announcement');
  t.equal(g.flooding(T0), true);
});

t.test('the window is one second from its first read: reads spread inside it share the limit', async (t) => {
  const g = new FloodGuard(3);
  t.same([g.admit(T0), g.admit(T0 + 400), g.admit(T0 + 999), g.admit(T0 + 999)], ['admitted', 'admitted', 'admitted', 'flood-started']);
  t.same(admitMany(g, 3, T0 + 1000), Array(3).fill('admitted'), 'a new second admits the limit again');
  t.equal(g.admit(T0 + 1000), 'refused', 'over it again within the minute: the same flood, not a new one');
});

t.test('a steady scanner at the limit never floods', async (t) => {
  const g = new FloodGuard(5);
  const out: Admission[] = [];
  for (let s = 0; s < 120; s++) out.push(...admitMany(g, 5, T0 + s * 1000));
  t.same(tally(out), { admitted: 600 });
  t.equal(g.flooding(T0 + 120_000), false);
});

t.test('flooding lasts FLOOD_HEALTH_MS after the last refused read, then clears by itself', async (t) => {
  t.equal(FLOOD_HEALTH_MS, 60_000, 'a minute, long enough for a technician to notice');
  const g = new FloodGuard(1);
  g.admit(T0);
  t.equal(g.admit(T0), 'flood-started');
  g.admit(T0 + 30_000);
  t.equal(g.admit(T0 + 30_000), 'refused', 'still the same flood 30 s later');
  t.equal(g.flooding(T0 + 30_000 + FLOOD_HEALTH_MS), true, 'counted from the last refusal, not the first');
  t.equal(g.flooding(T0 + 30_000 + FLOOD_HEALTH_MS + 1), false, 'a minute after the last refusal: healthy again');
});

t.test('a new flood after the health cleared is announced again', async (t) => {
  const g = new FloodGuard(1);
  g.admit(T0);
  t.equal(g.admit(T0), 'flood-started');
  const later = T0 + FLOOD_HEALTH_MS + 1;
  t.equal(g.admit(later), 'admitted', 'a new window');
  t.equal(g.admit(later), 'flood-started', 'the technician is told again');
});

t.test('admitted reads do not keep a scanner flooding', async (t) => {
  const g = new FloodGuard(2);
  admitMany(g, 3, T0);
  for (let s = 1; s <= 70; s++) admitMany(g, 2, T0 + s * 1000);
  t.equal(g.flooding(T0 + 70_000), false, 'reads within the limit after the flood do not extend it');
});
