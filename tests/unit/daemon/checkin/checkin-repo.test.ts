// The check-in queue over a real SQLite file: one row per registration, sent when due in
// registration order, retried with the gateway's last code, settled accepted (with the gateway's
// transaction id), refused (with its message, listed for the technician) or skipped, and a refused
// one sent again after a fix. The queue holds no patient data: the XML0 is rebuilt when sent.

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { CheckinRepo } from '../../../../daemon/src/checkin/checkin-repo.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();

async function open(t: Test): Promise<{ db: Db; checkins: CheckinRepo }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { db, checkins: new CheckinRepo(db) };
}

/** 1 December 2026, 09:05 in Vietnam. */
const T0 = Date.parse('2026-12-01T02:05:00Z');
const maLk = (id: number) => `51001.20261201.${id}`;

/** Queues registrations as RegistrationService does, inside their transaction. */
async function queue(db: Db, checkins: CheckinRepo, ids: number[], at = new Date(T0)): Promise<void> {
  for (const id of ids) await db.transaction(() => checkins.insertNow(id, maLk(id), 'queued', null, at));
}

t.test('a queued check-in is due at once, shown as queued, with nothing sent yet', async (t) => {
  const { db, checkins } = await open(t);
  await queue(db, checkins, [1]);
  t.same(await checkins.due(T0, 10), [{ registrationId: 1, maLk: maLk(1), attempts: 0 }]);
  t.same(await checkins.get(1), { maLk: maLk(1), state: 'queued', code: null, message: null, maGiaoDich: null, thoiGianTiepNhan: null, sentAt: null });
  t.equal(await checkins.get(2), null, 'a registration without a check-in has none');
});

t.test('due check-ins go out in registration order, a few at a time; skipped ones never', async (t) => {
  const { db, checkins } = await open(t);
  await queue(db, checkins, [3, 1]);
  await db.transaction(() => checkins.insertNow(2, maLk(2), 'skipped', 'Cấp cứu: không gửi / emergency: not sent', new Date(T0)));
  await queue(db, checkins, [4], new Date(T0 + 60_000));
  t.same(
    (await checkins.due(T0, 10)).map((c) => c.registrationId),
    [1, 3],
    'the later one is not due yet',
  );
  t.same(
    (await checkins.due(T0 + 60_000, 2)).map((c) => c.registrationId),
    [1, 3],
    'the limit keeps the oldest',
  );
  t.same(await checkins.get(2), {
    maLk: maLk(2),
    state: 'skipped',
    code: null,
    message: 'Cấp cứu: không gửi / emergency: not sent',
    maGiaoDich: null,
    thoiGianTiepNhan: null,
    sentAt: null,
  });
});

t.test('a retry waits its backoff; only a real attempt is counted', async (t) => {
  const { db, checkins } = await open(t);
  await queue(db, checkins, [1]);
  await checkins.reschedule(1, T0 + 10_000, 'waitingForEligibility', 'Chờ kết quả tra cứu thẻ / waiting for the card check', false);
  t.same(await checkins.due(T0 + 9_999, 10), [], 'not before its time');
  t.same(await checkins.due(T0 + 10_000, 10), [{ registrationId: 1, maLk: maLk(1), attempts: 0 }], 'waiting for the card check is no attempt');
  await checkins.reschedule(1, T0 + 30_000, 'unavailable', null, true);
  t.same(await checkins.due(T0 + 30_000, 10), [{ registrationId: 1, maLk: maLk(1), attempts: 1 }], 'the gateway being down is one');
  t.match(await checkins.get(1), { state: 'queued', code: 'unavailable', message: null }, 'the desk sees why it is still queued');
});

t.test("an accepted check-in keeps the gateway's transaction id and time and is not sent again", async (t) => {
  const { db, checkins } = await open(t);
  await queue(db, checkins, [1]);
  await checkins.settle(
    1,
    { state: 'accepted', code: '200', message: 'Tiếp nhận thành công', maGiaoDich: '3f2b9c1e-0d7a-4b8e-9a51-6c2d8e4f1a07', thoiGianTiepNhan: '20261201090600' },
    new Date(T0 + 60_000),
  );
  t.same(await checkins.get(1), {
    maLk: maLk(1),
    state: 'accepted',
    code: '200',
    message: 'Tiếp nhận thành công',
    maGiaoDich: '3f2b9c1e-0d7a-4b8e-9a51-6c2d8e4f1a07',
    thoiGianTiepNhan: '20261201090600',
    sentAt: new Date(T0 + 60_000).toISOString(),
  });
  t.same(await checkins.due(T0 + 3_600_000, 10), []);
  t.equal(await checkins.requeue(1, T0), false, 'an accepted check-in cannot be sent twice');
});

t.test('refused check-ins are listed for the technician, newest first, without patient data, and can be sent again', async (t) => {
  const { db, checkins } = await open(t);
  await queue(db, checkins, [1, 2, 3]);
  const refusal = { state: 'rejected' as const, code: 'invalid', message: 'XML0 không hợp lệ / invalid XML0: MA_THE_BHYT' };
  await checkins.settle(1, refusal, new Date(T0 + 1000));
  await checkins.settle(2, { ...refusal, code: '403', message: 'Chứng thư số chưa được đăng ký trên Cổng tiếp nhận' }, new Date(T0 + 2000));
  const listed = await checkins.rejected(10);
  t.same(
    listed.map((r) => [r.registrationId, r.code, r.message]),
    [
      [2, '403', 'Chứng thư số chưa được đăng ký trên Cổng tiếp nhận'],
      [1, 'invalid', 'XML0 không hợp lệ / invalid XML0: MA_THE_BHYT'],
    ],
  );
  t.same(
    Object.keys(listed[0]!).sort(),
    ['code', 'maGiaoDich', 'maLk', 'message', 'registrationId', 'sentAt', 'state', 'thoiGianTiepNhan'],
    'no name, ID or card',
  );
  t.same(
    (await checkins.rejected(1)).map((r) => r.registrationId),
    [2],
  );

  t.equal(await checkins.requeue(1, T0 + 5000), true, 'the technician fixed the card number');
  t.same(
    (await checkins.due(T0 + 5000, 10)).map((c) => [c.registrationId, c.attempts]),
    [
      [1, 0],
      [3, 0],
    ],
    'due again beside the one still queued, its attempts counted afresh',
  );
  t.same(
    (await checkins.rejected(10)).map((r) => r.registrationId),
    [2],
  );
  t.equal(await checkins.requeue(3, T0), false, 'a check-in still queued is not "requeued"');
  t.equal(await checkins.requeue(99, T0), false, 'nor one that does not exist');
});

t.test('the counts by state include states with none', async (t) => {
  const { db, checkins } = await open(t);
  t.same(await checkins.counts(), { queued: 0, accepted: 0, rejected: 0, skipped: 0 });
  await queue(db, checkins, [1, 2, 3]);
  await db.transaction(() => checkins.insertNow(4, maLk(4), 'skipped', null, new Date(T0)));
  await checkins.settle(1, { state: 'accepted', code: '200', message: null }, new Date(T0));
  await checkins.settle(2, { state: 'rejected', code: '403', message: null }, new Date(T0));
  t.same(await checkins.counts(), { queued: 1, accepted: 1, rejected: 1, skipped: 1 });
});
