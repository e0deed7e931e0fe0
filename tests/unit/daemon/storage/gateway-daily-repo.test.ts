// The gateway exchanges per day, unit and call (Phụ lục 2): batches add up on the day's row, the
// bundled simulator's rows are kept but never reach a report.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { GatewayDailyRepo } from '../../../../daemon/src/storage/gateway-daily-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

t.test('batches add up; totals and days leave the simulator out', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  await migrate(db);
  const repo = new GatewayDailyRepo(db);
  await repo.add([]);
  const row = { facilityId: '46001', simulated: false } as const;
  await repo.add([
    { ...row, day: '2026-12-01', call: 'check', answered: 3, failed: 1 },
    { ...row, day: '2026-12-01', call: 'token', answered: 1, failed: 0 },
    { ...row, day: '2026-12-01', call: 'check', answered: 0, failed: 0, simulated: true },
  ]);
  await repo.add([
    { ...row, day: '2026-12-01', call: 'check', answered: 2, failed: 2 },
    { ...row, day: '2026-12-02', call: 'history', answered: 1, failed: 0 },
    { ...row, day: '2026-12-02', call: 'check', answered: 5, failed: 5, simulated: true },
  ]);
  t.same(await repo.totals('2026-12-01', '2026-12-01'), [{ facilityId: '46001', answered: 6, failed: 3 }]);
  t.same(await repo.totals('2026-12-01', '2026-12-31'), [{ facilityId: '46001', answered: 7, failed: 3 }]);
  t.same(await repo.totals('2026-11-01', '2026-11-30'), []);
  t.same(
    (await repo.daily('2026-12-02', '2026-12-02')).map((r) => [r.call, r.answered, r.failed, r.simulated]),
    [['history', 1, 0, false]],
  );
  t.equal((await repo.daily('2026-12-01', '2026-12-02', { simulated: true })).length, 5, 'with the simulator, for the technician');
});
