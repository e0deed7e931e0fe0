// Migration v8 recounts stored accesses the way the report now counts them, moves the daily counters
// by exactly the reclassified events, marks the days for the hub, and says what it did.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo } from '../../../../daemon/src/storage/events-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { PushStateRepo } from '../../../../daemon/src/hub-push/push-state-repo.ts';

t.test('v7 data: failed lookups become errors, waiting ones pending, erased answers stay successes', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-v8-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const db = await Db.open(join(dir, 'old.sqlite'));
  t.teardown(() => db.close());
  await migrate(db, { upTo: 7 });

  const day = '2026-11-03';
  const ev = (outcome: string, status: string | null, json: object | null, errorClass: string | null = null) =>
    db.run(
      `INSERT INTO scan_events (at, day, device_id, desk_id, facility_id, station_id, source, outcome, error_class, eligibility_status, eligibility_json)
       VALUES (?, ?, 'sc-1', 'desk-1', 'F1', 'main', 'scan', ?, ?, ?, ?)`,
      [`${day}T03:00:00.000Z`, day, outcome, errorClass, status, json ? JSON.stringify(json) : null],
    );
  await ev('success', 'ineligible', { code: '050', verification: 'verified' });
  await ev('success', 'eligible', { code: '000', verification: 'verified' });
  await ev('error', null, null, 'read');
  await ev('success', 'unverified', { code: 'timeout', verification: 'unverified' });
  await ev('success', null, null); // answer erased by retention: nothing says otherwise
  await ev('success', 'identityMismatch', { code: '070', verification: 'deferred' });
  // The counters as v7 wrote them: every readable card a success.
  await db.run(
    "INSERT INTO daily_counters (day, facility_id, station_id, device_id, desk_id, scans, searches, successes, errors) VALUES (?, 'F1', 'main', 'sc-1', 'desk-1', 6, 0, 5, 1)",
    [day],
  );
  await db.run("INSERT INTO hub_push_state (id, acked_through, last_attempt) VALUES (1, '2026-11-30', '2026-11-30T00:00:00Z')");

  const notes = await migrate(db);
  t.equal(notes.length, 1, 'the migration says what it did');
  t.match(notes[0], /v8: .*2 tra cứu thất bại chuyển từ thành công sang lỗi.*1 đang chờ tra cứu.*: 1$/);
  const c = await db.get<Record<string, number>>('SELECT * FROM daily_counters');
  t.match(c, { scans: 6, successes: 2, errors: 3, pending: 1, err_read: 1, err_not_covered: 1, err_identity: 1 });
  t.equal((await new PushStateRepo(db).get()).dirtyFrom, day, 'the recounted days go to the hub again');
  t.same(await migrate(db), [], 'a second start migrates nothing and says nothing');

  // From now on the trigger moves the counters when the pending lookup is answered.
  const repo = new EventsRepo(db);
  const id = (await db.get<{ id: number }>("SELECT id FROM scan_events WHERE eligibility_status = 'unverified'"))!.id;
  await repo.setEligibility(id, 'eligible', JSON.stringify({ code: '000', verification: 'deferred' }), new Date());
  t.match(await db.get('SELECT successes, pending FROM daily_counters'), { successes: 3, pending: 0 });
});
