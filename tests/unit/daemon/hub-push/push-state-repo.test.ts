// How far the district hub has acknowledged this site's counters, kept in SQLite so a restart or a
// week offline resumes from the last acknowledged day: a failed push keeps what was acknowledged and
// says why it failed; a lookup answered late marks its (already acknowledged) day to be sent again,
// and a push clears that mark only if no newer change came in meanwhile.

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { PushStateRepo } from '../../../../daemon/src/hub-push/push-state-repo.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();

async function open(t: Test): Promise<{ db: Db; state: PushStateRepo; events: EventsRepo }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { db, state: new PushStateRepo(db), events: new EventsRepo(db) };
}

/** A read at 10:00 in Vietnam on `day` whose BHYT lookup is still pending. */
function pendingRead(day: string, over: Partial<NewEvent> = {}): NewEvent {
  return {
    at: new Date(`${day}T03:00:00Z`),
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
    lookupJson: '{"maThe":"001089012345","hoTen":"Nguyễn Văn An","ngaySinh":"15/03/1989"}',
    ...over,
  };
}
const ANSWER = JSON.stringify({ code: '000', verification: 'deferred' });
const LATE = new Date('2026-12-03T02:00:00Z');

t.test('a site that never pushed has acknowledged nothing', async (t) => {
  const { state } = await open(t);
  t.same(await state.get(), { ackedThrough: null, lastAttempt: null, lastError: null, dirtyFrom: null, dirtySeq: 0 });
});

t.test('a failed push keeps the acknowledged day and says why; the next success clears the error', async (t) => {
  const { state } = await open(t);
  await state.record(new Date('2026-12-01T17:05:00Z'), { ackedThrough: '2026-12-01' });
  t.same(await state.get(), { ackedThrough: '2026-12-01', lastAttempt: '2026-12-01T17:05:00.000Z', lastError: null, dirtyFrom: null, dirtySeq: 0 });
  await state.record(new Date('2026-12-02T17:05:00Z'), { error: 'HTTP 503' });
  t.match(
    await state.get(),
    { ackedThrough: '2026-12-01', lastAttempt: '2026-12-02T17:05:00.000Z', lastError: 'HTTP 503' },
    'a week offline resumes from 1 December, not from the start',
  );
  await state.record(new Date('2026-12-03T17:05:00Z'), { ackedThrough: '2026-12-03' });
  t.match(await state.get(), { ackedThrough: '2026-12-03', lastAttempt: '2026-12-03T17:05:00.000Z', lastError: null });
});

t.test('a lookup answered late sends its day again; a push clears the mark only if nothing changed since', async (t) => {
  const { state, events } = await open(t);
  await state.record(new Date('2026-12-02T17:05:00Z'), { ackedThrough: '2026-12-02' });
  const [dec2, nov30, dec1] = await events.recordMany([pendingRead('2026-12-02'), pendingRead('2026-11-30'), pendingRead('2026-12-01')]);

  await events.setEligibility(dec2!, 'eligible', ANSWER, LATE);
  t.match(await state.get(), { ackedThrough: '2026-12-02', dirtyFrom: '2026-12-02', dirtySeq: 1 });
  await events.setEligibility(nov30!, 'eligible', ANSWER, LATE);
  t.match(await state.get(), { dirtyFrom: '2026-11-30', dirtySeq: 2 }, 'the earliest changed day is sent again from');
  await events.setEligibility(nov30!, 'eligible', ANSWER, LATE);
  t.match(await state.get(), { dirtySeq: 2 }, 'an access already decided changes nothing');

  const seen = (await state.get()).dirtySeq; // a push starts with the days changed so far …
  await events.setEligibility(dec1!, 'eligible', ANSWER, LATE); // … and another answer arrives meanwhile
  await state.record(new Date('2026-12-03T17:05:00Z'), { ackedThrough: '2026-12-03' });
  t.match(await state.get(), { dirtyFrom: '2026-11-30', dirtySeq: 3 }, 'recording the push leaves the mark alone');
  await state.clearDirty(seen);
  t.match(await state.get(), { dirtyFrom: '2026-11-30' }, 'the push did not see the newest change: the mark stays');
  await state.clearDirty(3);
  t.match(await state.get(), { ackedThrough: '2026-12-03', dirtyFrom: null, dirtySeq: 3 }, 'the next push saw them all');
});

t.test('late answers to simulated reads, or before the first push, mark nothing', async (t) => {
  const { state, events } = await open(t);
  const [before, simulated] = await events.recordMany([pendingRead('2026-12-01'), pendingRead('2026-12-01', { deviceId: 'sim-1', simulated: true })]);
  await events.setEligibility(before!, 'eligible', ANSWER, LATE);
  t.match(await state.get(), { dirtyFrom: null, dirtySeq: 0 }, 'nothing was acknowledged yet: every day goes anyway');
  await state.record(new Date('2026-12-02T17:05:00Z'), { ackedThrough: '2026-12-02' });
  await events.setEligibility(simulated!, 'eligible', ANSWER, LATE);
  t.match(await state.get(), { dirtyFrom: null, dirtySeq: 0 }, 'a simulator never reaches the hub');
});
