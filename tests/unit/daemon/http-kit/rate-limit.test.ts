// Every in-memory map keyed by client input is bounded, and flooding it with new keys cannot reset
// somebody else's limit.

import t from 'tap';
import { RateLimiter } from '../../../../daemon/src/http-kit/rate-limit.ts';

t.test('rate limiter: bounded, and a flood of new keys does not refill an exhausted one', async (t) => {
  const clock = { now: 0 };
  const limiter = new RateLimiter(3, () => clock.now, 100);
  for (let i = 0; i < 3; i++) t.equal(limiter.take('victim'), 0);
  t.ok(limiter.take('victim') > 0, 'the victim has used its three');
  for (let i = 0; i < 1000; i++) limiter.take(`attacker-${i}`);
  t.ok(limiter.size <= 100, `the map stays bounded (${limiter.size} keys)`);
  t.ok(limiter.take('victim') > 0, 'the victim is still limited: flooding forgot nobody who was not full');
  clock.now += 60_000;
  t.equal(limiter.take('new-desk'), 0, 'once buckets have refilled (a minute), a new caller gets one');
  t.ok(limiter.size <= 100);
  t.equal(limiter.take('victim'), 0, 'and the victim’s refilled bucket behaves like a new one');
});
