// The eligibility service with fakes (a scripted gateway, an in-memory queue and cache): an answer is
// stored, cached and announced; an unavailable gateway queues the lookup and announces "unverified"
// with the card's last good answer; the worker sends one probe per cycle while the gateway stays down
// and delivers "deferred" when it is back.

import t from 'tap';
import type { EligibilityMessage } from '../../../../daemon/src/api/contract.ts';
import { EligibilityService, type RetryPolicy } from '../../../../daemon/src/eligibility/eligibility-service.ts';
import type { EligibilityAnswer, EligibilityRequest } from '../../../../daemon/src/eligibility/gateway-client.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import type { CachedAnswer, QueuedLookup } from '../../../../daemon/src/storage/eligibility-repo.ts';
import { keepAtOnce } from '../../../helpers/write-at-once.ts';

const identity = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: null,
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M' as const,
  address: '',
  issueDate: null,
};
const answer = (outcome: EligibilityAnswer['outcome'], code: string): EligibilityAnswer => ({
  outcome,
  code,
  vi: code,
  en: code,
  action: { vi: '', en: '' },
  checkedAt: '2026-12-01T03:00:00.000Z',
  card: outcome === 'eligible' ? { maThe: 'DN4010112345678' } : null,
  mismatch: null,
});

function rig(script: EligibilityAnswer[], retry: Partial<RetryPolicy> = {}) {
  const log = createLogger('silent');
  const bus = new EventBus(log);
  const announced: EligibilityMessage[] = [];
  bus.on('eligibility', (m) => announced.push(m));
  const calls: EligibilityRequest[] = [];
  const cache = new Map<string, CachedAnswer>();
  const queue: Array<QueuedLookup & { createdAt: number }> = [];
  const stored = new Map<number, string>();
  const clock = { now: Date.parse('2026-12-01T03:00:00Z') };
  const drop = (i: number) => void (i >= 0 && queue.splice(i, 1));
  const service = new EligibilityService({
    client: { check: async (req) => (calls.push(req), script.shift() ?? answer('unavailable', 'timeout')) },
    history: null,
    simulated: true,
    keep: keepAtOnce,
    events: { setEligibility: async (id, status) => void stored.set(id, status) },
    store: {
      cachePut: async (k, json, at, requestHash) => void cache.set(k, { answerJson: json, checkedAt: at, requestHash: requestHash ?? null }),
      cacheGet: async (k) => cache.get(k),
      enqueue: async (ref, request) =>
        void (queue.some((q) => q.eventId === ref.eventId) || queue.push({ id: queue.length + 1, ...ref, request, attempts: 0, createdAt: clock.now })),
      due: async () => [...queue],
      reschedule: async (id) => void (queue.find((q) => q.id === id) as { attempts: number }).attempts++,
      remove: async (id) => drop(queue.findIndex((q) => q.id === id)),
      removeForEvent: async (eventId) => drop(queue.findIndex((q) => q.eventId === eventId)),
      pending: async () => queue.length,
      releaseInFlight: async () => 0,
      wakeAll: async () => queue.length,
      expired: async (before) => queue.filter((q) => q.createdAt < before.getTime()),
      historyPut: async () => undefined,
    },
    hashId: (id) => `h:${id}`,
    bus,
    log,
    now: () => new Date(clock.now),
    retry: { baseMs: 5000, maxMs: 300_000, pollMs: 1000, giveUpAfterMs: 86_400_000, cacheWindowMs: 0, ...retry },
  });
  return { service, announced, calls, queue, stored, cache, clock };
}

const ref = (eventId: number) => ({ eventId, deviceId: 'quay-1', desk: 'desk-1' });

t.test('an answer is stored on its event, cached for the card, announced as verified', async (t) => {
  const r = rig([answer('eligible', '000')]);
  r.service.checkInBackground(ref(1), identity);
  await r.service.settle();
  t.match(r.calls, [{ maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' }], 'the gateway gets the date as dd/MM/yyyy');
  t.equal(r.stored.get(1), 'eligible');
  t.ok(r.cache.has('h:001089012345'), 'cached under the keyed hash of the card');
  t.match(r.announced, [{ eventId: 1, verification: 'verified', outcome: 'eligible', cached: null }]);
});

t.test('unavailable: queued, unverified with the last good answer, then one probe per cycle, then deferred', async (t) => {
  const r = rig([
    answer('eligible', '000'),
    answer('unavailable', 'timeout'),
    answer('unavailable', 'http'),
    answer('unavailable', 'timeout'),
    answer('eligible', '000'),
  ]);
  r.service.checkInBackground(ref(1), identity);
  await r.service.settle();
  r.service.checkInBackground(ref(2), identity);
  r.service.checkInBackground(ref(3), identity);
  await r.service.settle();
  t.equal(r.queue.length, 2, 'both lookups the gateway could not answer are queued');
  t.match(r.announced.slice(1), [
    { eventId: 2, verification: 'unverified', cached: { outcome: 'eligible' } },
    { eventId: 3, verification: 'unverified' },
  ]);
  r.calls.length = 0;
  t.equal(await r.service.drainOnce(), 0, 'still down');
  t.equal(r.calls.length, 1, 'one probe while the gateway is down, not one call per queued lookup');
  t.equal(r.queue[0]!.attempts, 1, 'rescheduled with backoff');
  r.calls.length = 0;
  const answered = await r.service.drainOnce();
  t.equal(answered, 1, 'the gateway is back: the first queued lookup is answered…');
  t.match(r.announced.at(-1), { eventId: 2, verification: 'deferred', outcome: 'eligible' }, '…and announced as deferred to its desk');
  t.equal(await r.service.pending(), 1);
});

t.test('re-lookup window: the same request within cacheWindowMs is answered from the cache, marked, without a call', async (t) => {
  const r = rig([answer('eligible', '000'), answer('eligible', '000')], { cacheWindowMs: 15 * 60_000 });
  r.service.checkInBackground(ref(1), identity);
  await r.service.settle();
  r.clock.now += 14 * 60_000;
  r.service.checkInBackground(ref(2), identity);
  await r.service.settle();
  t.equal(r.calls.length, 1, 'one call for two reads 14 minutes apart');
  t.match(r.announced[1], { eventId: 2, verification: 'verified', fromCache: true, outcome: 'eligible', checkedAt: '2026-12-01T03:00:00.000Z' });
  t.equal(r.stored.get(2), 'eligible', 'the second event carries the answer');
  r.service.checkInBackground(ref(3), { ...identity, name: 'Nguyễn Văn Bình' });
  await r.service.settle();
  t.equal(r.calls.length, 2, 'another name for the same card is a new question: the gateway is asked');
  r.clock.now += 16 * 60_000;
  r.service.checkInBackground(ref(4), { ...identity, name: 'Nguyễn Văn Bình' });
  await r.service.settle();
  t.equal(r.calls.length, 3, 'past the window: asked again');
  t.equal(r.service.stats.cacheHits, 1);
});

t.test('an unavailable answer is never served from the cache', async (t) => {
  const r = rig([answer('unavailable', 'timeout'), answer('eligible', '000')], { cacheWindowMs: 15 * 60_000 });
  r.service.checkInBackground(ref(1), identity);
  await r.service.settle();
  r.service.checkInBackground(ref(2), identity);
  await r.service.settle();
  t.equal(r.calls.length, 2);
  t.match(r.announced[1], { eventId: 2, fromCache: false, outcome: 'eligible' });
});

t.test('give-up: a lookup unanswered after giveUpAfterMs is marked unanswered, announced, counted and leaves the queue', async (t) => {
  const r = rig([], { giveUpAfterMs: 3_600_000 });
  r.service.checkInBackground(ref(1), identity);
  await r.service.settle();
  t.equal(r.stored.get(1), 'unverified');
  r.clock.now += 30 * 60_000;
  await r.service.drainOnce();
  t.equal(r.queue.length, 1, 'still waiting at 30 minutes');
  r.clock.now += 31 * 60_000;
  await r.service.drainOnce();
  t.equal(r.queue.length, 0, 'given up after an hour');
  t.equal(r.stored.get(1), 'unanswered');
  t.match(r.announced.at(-1), { eventId: 1, verification: 'unanswered', code: 'unanswered' });
  t.equal(r.service.stats.unanswered, 1);
});
