// Item 10 of security round 2: every in-memory map keyed by client input is bounded, and flooding it
// with new keys cannot reset somebody else's limit.

import t from 'tap';
import { RateLimiter } from '../../../daemon/src/http/rate-limit.ts';
import { MAX_DEVICES, RecentReads, type RecentRead } from '../../../daemon/src/pipeline/recent-reads.ts';

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

t.test('recent reads: 20 a device, and at most MAX_DEVICES devices', async (t) => {
  const r = new RecentReads();
  const read: RecentRead = { at: '', bytes: 1, end: 'CR', ok: false, test: false, kind: null, code: 'empty', hex: null, text: '', structure: null };
  for (let i = 0; i < 30; i++) r.add('dev', read);
  t.equal(r.of('dev').length, 20);
  for (let i = 0; i < MAX_DEVICES + 50; i++) r.add(`camera@desk-${i}`, read);
  t.equal(r.of('camera@desk-0').length, 0, 'the oldest device is forgotten first');
  t.equal(r.of(`camera@desk-${MAX_DEVICES + 49}`).length, 1);
  t.equal(r.of('dev').length, 0, 'a device not read lately is forgotten too (its reads are still in the database)');
});
