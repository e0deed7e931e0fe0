// Reads given up while the disk was full stand as losses until a technician acknowledges them: the
// count health shows (those written, and those still waiting to be written), read back at start from
// the database, and acknowledgements that cover the losses written so far and nothing after them.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { LostReads } from '../../../../daemon/src/storage/lost-reads.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

const T = Date.parse('2026-12-07T02:00:00Z');

const lostRead = (deviceId: string, at: number): NewEvent => ({
  at: new Date(at),
  deviceId,
  deskId: 'desk-1',
  facilityId: '01001',
  stationId: 'main',
  source: 'scan',
  outcome: 'error',
  errorCode: 'notStored',
  errorClass: 'storage',
  payloadKind: null,
  idHash: null,
  identityJson: null,
  rawHex: null,
});
const refused = (at: number): NewEvent => ({ ...lostRead('sc-1', at), errorCode: 'truncated', errorClass: 'read' });

async function open(t: Test): Promise<{ file: string; db: Db }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-lost-'));
  const file = join(dir, 'db.sqlite');
  const db = await Db.open(file, { synchronous: 'NORMAL' });
  await migrate(db);
  t.teardown(async () => {
    await db.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return { file, db };
}

t.test('given up, then written: counted all along; other errors are not losses', async (t) => {
  const { db } = await open(t);
  let changes = 0;
  const lost = new LostReads({ db, onChange: () => void changes++ });
  await lost.load();
  t.same(lost.status, { count: 0, since: null });
  lost.givenUp();
  t.same(lost.status, { count: 1, since: null }, 'counted while its loss waits to be written');
  await new EventsRepo(db).record(lostRead('sc-1', T));
  lost.written(new Date(T).toISOString());
  t.same(lost.status, { count: 1, since: '2026-12-07T02:00:00.000Z' }, 'the same loss, now written');
  lost.givenUp();
  lost.notWritten();
  t.equal(lost.status.count, 1, 'a loss the stop kept from being written is not counted twice');
  await new EventsRepo(db).record(refused(T + 1000));
  const again = new LostReads({ db, onChange: () => undefined });
  await again.load();
  t.same(again.status, { count: 1, since: '2026-12-07T02:00:00.000Z' }, 'read back at start: the loss only, not the refused card');
  t.equal(changes, 4, 'health is told of each change (two given up, one written, one not)');
});

t.test('an acknowledgement covers the losses written so far, is kept, and a later loss stands again', async (t) => {
  const { db } = await open(t);
  const events = new EventsRepo(db);
  await events.recordMany([lostRead('sc-1', T), lostRead('sc-2', T + 1000)]);
  const lost = new LostReads({ db, onChange: () => undefined });
  await lost.load();
  t.equal(lost.status.count, 2);
  t.equal(await lost.acknowledge('tok-tech-1', new Date(T + 5000)), 2);
  t.same(lost.status, { count: 0, since: null });
  t.equal(await lost.acknowledge('tok-tech-1', new Date(T + 6000)), 0, 'nothing left to acknowledge');
  t.same(
    await db.all('SELECT at, actor, acknowledged FROM lost_read_acks'),
    [{ at: '2026-12-07T02:00:05.000Z', actor: 'tok-tech-1', acknowledged: 2 }],
    'one row, who and how many',
  );

  await events.record(lostRead('sc-1', T + 10_000));
  const restarted = new LostReads({ db, onChange: () => undefined });
  await restarted.load();
  t.same(restarted.status, { count: 1, since: '2026-12-07T02:00:10.000Z' }, 'after a restart: only the loss since the acknowledgement');
});
