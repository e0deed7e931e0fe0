// The BHYT lookups kept in SQLite: the last gateway answer per card (so a second scan within the
// cache window makes no call), the durable verify-later queue (a lookup the gateway could not answer
// is re-sent later, in arrival order, and one a crash left in flight is re-sent at start, so no
// patient's check is lost), the visit history of an event, and retention erasing all three.

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EligibilityRepo, type LookupRequest } from '../../../../daemon/src/storage/eligibility-repo.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();

async function open(t: Test): Promise<{ db: Db; repo: EligibilityRepo }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { db, repo: new EligibilityRepo(db) };
}

const AN: LookupRequest = { maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' };
const BINH: LookupRequest = { maThe: 'DN4010123456789', hoTen: 'Trần Thị Bình', ngaySinh: '02/07/1975' };
const CUONG: LookupRequest = { maThe: '079092000123', hoTen: 'Lê Văn Cường', ngaySinh: '1992' };

/** 23 November 2026, 10:00 in Vietnam. */
const T = Date.parse('2026-11-23T03:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;

const ref = (eventId: number, desk = 'desk-1') => ({ eventId, deviceId: 'sc-1', desk });

/** A read of An's card at `at` whose lookup is written ahead with it (EventsRepo). */
function lookedUp(at: number): NewEvent {
  return {
    at: new Date(at),
    deviceId: 'sc-1',
    deskId: 'desk-1',
    facilityId: 'F1',
    stationId: 'main',
    source: 'scan',
    outcome: 'success',
    errorCode: null,
    errorClass: null,
    payloadKind: 'cccd2021',
    idHash: 'hmac-an',
    identityJson: null,
    rawHex: null,
    lookupJson: JSON.stringify(AN),
  };
}

t.test('the last answer per card is kept, a newer one replacing it', async (t) => {
  const { repo } = await open(t);
  t.equal(await repo.cacheGet('hmac-an'), undefined, 'a card never looked up has no answer');
  await repo.cachePut('hmac-an', '{"code":"000"}', '2026-11-23T03:00:00.000Z');
  t.same(await repo.cacheGet('hmac-an'), { answerJson: '{"code":"000"}', checkedAt: '2026-11-23T03:00:00.000Z', requestHash: null });
  await repo.cachePut('hmac-an', '{"code":"050"}', '2026-11-24T03:00:00.000Z', 'hmac-of-request');
  t.same(
    await repo.cacheGet('hmac-an'),
    { answerJson: '{"code":"050"}', checkedAt: '2026-11-24T03:00:00.000Z', requestHash: 'hmac-of-request' },
    'the second answer replaced the first, with the request it was for',
  );
  t.equal(await repo.cacheGet('hmac-binh'), undefined, "another card does not get An's answer");
});

t.test('a lookup the gateway could not answer is re-sent when due, oldest first, a few at a time', async (t) => {
  const { repo } = await open(t);
  await repo.enqueue(ref(11), AN, T + 5 * MIN, new Date(T), 'timeout');
  await repo.enqueue(ref(12, 'desk-2'), BINH, T + 1 * MIN, new Date(T + 1), 'unavailable');
  await repo.enqueue(ref(13), CUONG, T + 1 * MIN, new Date(T + 2), null);
  t.same(await repo.due(T, 10), [], 'nothing is due before its time');
  t.same(
    await repo.due(T + 5 * MIN, 10),
    [
      { id: 1, eventId: 11, deviceId: 'sc-1', desk: 'desk-1', request: AN, attempts: 0 },
      { id: 2, eventId: 12, deviceId: 'sc-1', desk: 'desk-2', request: BINH, attempts: 0 },
      { id: 3, eventId: 13, deviceId: 'sc-1', desk: 'desk-1', request: CUONG, attempts: 0 },
    ],
    'in arrival order, the request read back as it was queued',
  );
  t.same(
    (await repo.due(T + 1 * MIN, 10)).map((q) => q.eventId),
    [12, 13],
    'only those whose time has come',
  );
  t.same(
    (await repo.due(T + 5 * MIN, 2)).map((q) => q.eventId),
    [11, 12],
    'the limit keeps the oldest',
  );
  t.equal(await repo.pending(), 3);
});

t.test('queueing an event twice keeps one lookup, with the newer time and reason', async (t) => {
  const { db, repo } = await open(t);
  await repo.enqueue(ref(11), AN, T + MIN, new Date(T), 'timeout');
  await repo.enqueue(ref(11), AN, T + 10 * MIN, new Date(T + MIN), 'unavailable');
  t.equal(await repo.pending(), 1);
  t.same(await db.all('SELECT event_id, next_at, last_code, created_at FROM verify_queue'), [
    { event_id: 11, next_at: T + 10 * MIN, last_code: 'unavailable', created_at: new Date(T).toISOString() },
  ]);
});

t.test('a retry counts the attempt and waits; an answered lookup leaves the queue', async (t) => {
  const { db, repo } = await open(t);
  await repo.enqueue(ref(11), AN, T, new Date(T));
  await repo.enqueue(ref(12), BINH, T, new Date(T));
  const [first] = await repo.due(T, 10);
  await repo.reschedule(first!.id, T + 2 * MIN, 'timeout');
  t.same(
    (await repo.due(T + MIN, 10)).map((q) => q.eventId),
    [12],
    'the rescheduled lookup waits its backoff',
  );
  const again = await repo.due(T + 2 * MIN, 10);
  t.same(
    again.map((q) => [q.eventId, q.attempts]),
    [
      [11, 1],
      [12, 0],
    ],
  );
  t.equal((await db.get<{ last_code: string }>('SELECT last_code FROM verify_queue WHERE event_id = 11'))?.last_code, 'timeout', 'the last failure is kept');
  await repo.remove(again[0]!.id);
  await repo.removeForEvent(12);
  t.equal(await repo.pending(), 0, 'answered lookups are gone');
});

t.test('lookups written ahead with their event are not due until a crash releases them at start', async (t) => {
  const { db, repo } = await open(t);
  const [a, b] = await new EventsRepo(db).recordMany([lookedUp(T), lookedUp(T + 1000)]);
  t.same(await repo.due(T + DAY, 10), [], 'the first call may still be out: not re-sent behind its back');
  t.equal(await repo.pending(), 2, 'yet both are pending');

  await repo.enqueue(ref(a!), AN, T + 3 * MIN, new Date(T), 'timeout');
  t.same(
    (await repo.due(T + 3 * MIN, 10)).map((q) => q.eventId),
    [a],
    'the gateway did not answer the first: it is taken out of flight and deferred',
  );
  t.equal(await repo.wakeAll(T), 1, 'waking the queue does not touch a lookup still in flight');

  t.equal(await repo.releaseInFlight(T + 10 * MIN), 1, 'at start, the one a crash left in flight is released');
  t.same(
    (await repo.due(T + 10 * MIN, 10)).map((q) => [q.eventId, q.request]),
    [
      [a, AN],
      [b, AN],
    ],
    'and due at once with its request',
  );
  t.equal(await repo.releaseInFlight(T + 10 * MIN), 0, 'a second start releases nothing');
});

t.test('resuming lookups makes everything queued due now, in arrival order', async (t) => {
  const { repo } = await open(t);
  await repo.enqueue(ref(11), AN, T + DAY, new Date(T));
  await repo.enqueue(ref(12), BINH, T + 2 * DAY, new Date(T));
  t.equal(await repo.wakeAll(T), 2);
  t.same(
    (await repo.due(T, 10)).map((q) => q.eventId),
    [11, 12],
  );
});

t.test('lookups older than the give-up time are listed, in flight or not', async (t) => {
  const { db, repo } = await open(t);
  const [stuck] = await new EventsRepo(db).recordMany([lookedUp(T - 2 * DAY)]);
  await repo.enqueue(ref(101), BINH, T, new Date(T - DAY - 1));
  await repo.enqueue(ref(102), CUONG, T, new Date(T - 1000));
  const giveUp = new Date(T - DAY);
  t.same(
    (await repo.expired(giveUp, 10)).map((q) => q.eventId),
    [stuck, 101],
    'the stuck in-flight one and the day-old one; the recent one waits on',
  );
  t.same(
    (await repo.expired(giveUp, 1)).map((q) => q.eventId),
    [stuck],
    'oldest first within the limit',
  );
});

t.test("an event's visit history is stored once, a new fetch replacing it", async (t) => {
  const { repo } = await open(t);
  t.equal(await repo.historyGet(7), undefined);
  await repo.historyPut(7, '000', '[{"maCSKCB":"01001","tenBenh":"Viêm họng cấp"}]', new Date(T));
  await repo.historyPut(7, '000', '[]', new Date(T + MIN));
  t.same(await repo.historyGet(7), { fetchedAt: new Date(T + MIN).toISOString(), code: '000', visitsJson: '[]' });
  await repo.historyPut(8, '401', null, new Date(T));
  t.same(await repo.historyGet(8), { fetchedAt: new Date(T).toISOString(), code: '401', visitsJson: null }, 'a refused history keeps its code');
});

t.test('retention erases answers, pending lookups and visit histories from before the cutoff', async (t) => {
  const { db, repo } = await open(t);
  const [oldEvent, newEvent] = await new EventsRepo(db).recordMany([
    { ...lookedUp(T - 40 * DAY), lookupJson: null },
    { ...lookedUp(T), lookupJson: null },
  ]);
  await repo.historyPut(oldEvent!, '000', '[{"tenBenh":"Viêm họng cấp"}]', new Date(T)); // fetched late, still the old visit's
  await repo.historyPut(newEvent!, '000', '[]', new Date(T));
  await repo.cachePut('hmac-an', '{"code":"000"}', new Date(T - 40 * DAY).toISOString());
  await repo.cachePut('hmac-binh', '{"code":"000"}', new Date(T - DAY).toISOString());
  await repo.enqueue(ref(oldEvent!), AN, T, new Date(T - 40 * DAY));
  await repo.enqueue(ref(newEvent!), BINH, T, new Date(T - DAY));
  const cutoff = new Date(T - 30 * DAY).toISOString();

  t.same(await db.transaction(() => repo.purgeBeforeNow(cutoff)), { cacheEntries: 1, pendingChecks: 1, visitHistories: 1 });
  t.equal(await repo.cacheGet('hmac-an'), undefined);
  t.not(await repo.cacheGet('hmac-binh'), undefined, 'a recent answer stays');
  t.same(
    (await repo.due(T, 10)).map((q) => q.eventId),
    [newEvent],
  );
  t.equal(await repo.historyGet(oldEvent!), undefined, "the old visit's medical history is gone with its details");
  t.not(await repo.historyGet(newEvent!), undefined);
  t.same(await db.transaction(() => repo.purgeBeforeNow(cutoff)), { cacheEntries: 0, pendingChecks: 0, visitHistories: 0 }, 'nothing left to erase');
});
