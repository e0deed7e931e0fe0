// The simulators' random numbers (mulberry32). The simulated BHXH population, the test photos and
// the gateway's answers are drawn from it, so a seed must give the same numbers on every machine
// and every run: otherwise a simulated patient's eligibility would change between two runs of the
// suite. Checked against the published algorithm written out independently below.

import t from 'tap';
import { mulberry32 } from '../../../simulators/src/random.ts';

/** mulberry32 as commonly published, in 32-bit signed arithmetic. */
function reference(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

t.test('the same numbers as the reference algorithm, for any seed', async (t) => {
  for (const seed of [0, 1, 42, 20042021, 0x7fffffff, 0x80000000, 0xffffffff, -1]) {
    const ours = mulberry32(seed);
    const theirs = reference(seed);
    let differ = -1;
    for (let i = 0; i < 10_000 && differ < 0; i++) if (ours() !== theirs()) differ = i;
    t.equal(differ, -1, `seed ${seed}: 10,000 numbers agree`);
  }
});

t.test('a seed replays its sequence; another seed gives another', async (t) => {
  const take = (seed: number): number[] => Array.from({ length: 20 }, mulberry32(seed));
  t.same(take(7), take(7));
  t.not(take(7).join(), take(8).join());
  t.same(take(-1), take(0xffffffff), 'seeds are taken as 32-bit unsigned');
  t.same(take(2 ** 32 + 5), take(5));
});

t.test('numbers are in [0, 1) and spread evenly', async (t) => {
  const next = mulberry32(1);
  const bins = new Array<number>(10).fill(0);
  let outside = 0;
  for (let i = 0; i < 100_000; i++) {
    const x = next();
    if (!(x >= 0 && x < 1)) outside++;
    else bins[Math.floor(x * 10)]!++;
  }
  t.equal(outside, 0);
  // 10,000 expected per bin; a standard deviation is about 95.
  t.ok(
    bins.every((n) => Math.abs(n - 10_000) < 600),
    `bins ${bins.join(' ')}`,
  );
});
