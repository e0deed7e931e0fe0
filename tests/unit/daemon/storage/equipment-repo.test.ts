// A station's computers and printers as a technician counted them (migration 017, #29 item 3): set
// per kind, replaced on the next count, kept with when it was set.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EquipmentRepo } from '../../../../daemon/src/storage/equipment-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

t.test('counts per station and kind, the last one kept', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  await migrate(db);
  const repo = new EquipmentRepo(db);
  t.same(await repo.all(), [], 'never counted');
  const mon = new Date('2026-12-07T01:00:00Z');
  const tue = new Date('2026-12-08T01:00:00Z');
  await repo.set(
    'main',
    { computers: { working: 3, notWorking: 1, needed: 2, reason: 'Hỏng ổ cứng' }, printers: { working: 1, notWorking: 0, needed: 1, reason: null } },
    mon,
  );
  await repo.set('tram-1', { printers: { working: 0, notWorking: 0, needed: 1, reason: null } }, mon);
  await repo.set('main', { computers: { working: 4, notWorking: 0, needed: 1, reason: null } }, tue);
  t.same(await repo.all(), [
    { stationId: 'main', kind: 'computers', working: 4, notWorking: 0, needed: 1, reason: null, updatedAt: tue.toISOString() },
    { stationId: 'main', kind: 'printers', working: 1, notWorking: 0, needed: 1, reason: null, updatedAt: mon.toISOString() },
    { stationId: 'tram-1', kind: 'printers', working: 0, notWorking: 0, needed: 1, reason: null, updatedAt: mon.toISOString() },
  ]);
});
