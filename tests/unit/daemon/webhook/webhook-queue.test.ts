// The HIS webhook's durable queue over a real SQLite file: what a registration enqueues is delivered
// in order when due, each delivery with its own idempotency key (so the HIS can drop a repeat); a
// failed attempt waits its backoff, a restart tries everything at once, and retention erases the
// bodies it holds: a delivered one is emptied, an undelivered one becomes a tombstone that names the
// registration and nothing of the patient.

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { WebhookQueue } from '../../../../daemon/src/webhook/webhook-queue.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();

async function open(t: Test): Promise<{ db: Db; queue: WebhookQueue }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { db, queue: new WebhookQueue(db) };
}

const T = Date.parse('2026-11-23T03:00:00Z');
const DAY = 86_400_000;
/** Merge events name patients by their FHIR id only (patients/duplicates.ts). */
const MERGED = JSON.stringify({ type: 'patientMerged', facility: { id: 'F1' }, mergeId: 7, kept: 'Patient/tiepnhan-1', merged: 'Patient/tiepnhan-2' });
const UNDONE = JSON.stringify({ type: 'patientMergeUndone', facility: { id: 'F1' }, mergeId: 7, kept: 'Patient/tiepnhan-1', merged: 'Patient/tiepnhan-2' });
const bodyOf = (id: number) => JSON.stringify({ type: 'registration', registrationId: id, patient: { name: 'Nguyễn Văn An', id: '001089012345' } });

/** A registration at `at` and its webhook, in one transaction as RegistrationService writes them. */
async function register(db: Db, queue: WebhookQueue, id: number, at: number): Promise<void> {
  await db.transaction(async () => {
    await db.runNow(
      `INSERT INTO registrations (id, at, day, event_id, desk_id, department, queue_number, ticket) VALUES (?, ?, '2026-11-23', ?, 'desk-1', 'K01', ?, ?)`,
      [id, new Date(at).toISOString(), id, id, `A${String(id).padStart(3, '0')}`],
    );
    await queue.enqueueNow({ facilityId: 'F1', kind: 'registration', ref: id, registrationId: id, body: bodyOf(id), at: new Date(at) });
  });
}

t.test('deliveries are due in the order they were queued, each with its own idempotency key', async (t) => {
  const { db, queue } = await open(t);
  await register(db, queue, 1, T);
  await register(db, queue, 2, T);
  await db.transaction(() => queue.enqueueNow({ facilityId: 'F1', kind: 'patientMerged', ref: 7, registrationId: 0, body: MERGED, at: new Date(T) }));
  await db.transaction(() => queue.enqueueNow({ facilityId: 'F1', kind: 'patientMergeUndone', ref: 7, registrationId: 0, body: UNDONE, at: new Date(T) }));
  const due = await queue.due(T);
  t.same(
    due.map((d) => [d.registration_id, d.body, d.attempts]),
    [
      [1, bodyOf(1), 0],
      [2, bodyOf(2), 0],
      [0, MERGED, 0],
      [0, UNDONE, 0],
    ],
  );
  t.match(due[0]!.idempotency_key, /^F1:registration:1:[0-9a-f-]{36}$/, 'the key names the site, the kind and the registration');
  t.match(due[2]!.idempotency_key, /^F1:patientMerged:7:/);
  t.match(due[3]!.idempotency_key, /^F1:patientMergeUndone:7:/, 'a merge and its undo are two events for the HIS');
  t.equal(new Set(due.map((d) => d.idempotency_key)).size, 4);
  t.equal(await queue.pending(), 4);
  t.same(await queue.due(T - 1), [], 'nothing is due before it was queued');
});

t.test('at most 20 go out at a time unless asked otherwise', async (t) => {
  const { db, queue } = await open(t);
  for (let i = 1; i <= 25; i++) await register(db, queue, i, T);
  t.equal((await queue.due(T)).length, 20);
  t.same(
    (await queue.due(T, 3)).map((d) => d.registration_id),
    [1, 2, 3],
  );
});

t.test('a failed delivery waits its backoff with the error kept; a delivered one is done', async (t) => {
  const { db, queue } = await open(t);
  await register(db, queue, 1, T);
  await register(db, queue, 2, T);
  const [first, second] = await queue.due(T);
  await queue.failed(first!.id, T + 30_000, 'HTTP 502');
  await queue.delivered(second!.id, new Date(T + 1000));
  t.same(await queue.due(T + 29_999), [], 'the failed one waits; the delivered one is gone');
  t.same(
    (await queue.due(T + 30_000)).map((d) => [d.registration_id, d.attempts]),
    [[1, 1]],
  );
  t.same(await db.get('SELECT last_error FROM webhook_queue WHERE id = ?', [first!.id]), { last_error: 'HTTP 502' });
  t.equal(await queue.pending(), 1);

  await queue.delivered(first!.id, new Date(T + 31_000));
  t.same(await db.get('SELECT attempts, last_error, delivered_at FROM webhook_queue WHERE id = ?', [first!.id]), {
    attempts: 2,
    last_error: null,
    delivered_at: new Date(T + 31_000).toISOString(),
  });
  t.equal(await queue.pending(), 0);
});

t.test('after a restart everything waiting is tried at once', async (t) => {
  const { db, queue } = await open(t);
  await register(db, queue, 1, T);
  await register(db, queue, 2, T);
  const [a, b] = await queue.due(T);
  await queue.failed(a!.id, T + 3_600_000, 'ECONNREFUSED');
  await queue.delivered(b!.id, new Date(T));
  await queue.wakeAll(T + 60_000);
  t.same(
    (await queue.due(T + 60_000)).map((d) => d.registration_id),
    [1],
    'the one in its hour-long backoff; the delivered one is not sent again',
  );
});

t.test('retention empties delivered bodies and turns undelivered ones into tombstones without patient data', async (t) => {
  const { db, queue } = await open(t);
  await register(db, queue, 1, T - 40 * DAY); // delivered long ago
  await register(db, queue, 2, T - 40 * DAY); // the HIS never took it
  await register(db, queue, 3, T - DAY); // recent, not delivered yet
  await db.transaction(() =>
    queue.enqueueNow({ facilityId: 'F1', kind: 'patientMerged', ref: 7, registrationId: 0, body: MERGED, at: new Date(T - 40 * DAY) }),
  );
  const [one] = await queue.due(T);
  await queue.delivered(one!.id, new Date(T - 40 * DAY));
  const cutoff = new Date(T - 30 * DAY).toISOString();
  const at = new Date(T);

  t.equal(await db.transaction(() => queue.purgeBeforeNow(cutoff, at)), 1, 'one undelivered body became a tombstone');
  const rows = await db.all<{ registration_id: number; body: string; purged_at: string | null }>(
    'SELECT registration_id, body, purged_at FROM webhook_queue ORDER BY id',
  );
  t.same(rows, [
    { registration_id: 1, body: '{}', purged_at: null },
    { registration_id: 2, body: '{"type":"purged","registrationId":2}', purged_at: at.toISOString() },
    { registration_id: 3, body: bodyOf(3), purged_at: null },
    { registration_id: 0, body: MERGED, purged_at: null }, // names no patient: kept until the HIS takes it
  ]);
  t.notMatch(JSON.stringify(rows.slice(0, 2)), /Nguyễn|001089012345/, 'no name or ID left in the purged rows');
  t.same(
    (await queue.due(T)).map((d) => d.registration_id),
    [3, 0],
    'a tombstone is never delivered',
  );
  t.equal(await queue.pending(), 2);
  t.equal(await db.transaction(() => queue.purgeBeforeNow(cutoff, new Date(T + DAY))), 0, 'a second purge makes no new tombstone');
  t.equal((await db.get<{ purged_at: string }>('SELECT purged_at FROM webhook_queue WHERE registration_id = 2'))?.purged_at, at.toISOString());
});
