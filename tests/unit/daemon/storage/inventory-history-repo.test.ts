// The site's scanner inventory as it stood each day, so a report for a past period shows the scanners
// as they were on its last day, not as they are now (docs/reference/report-rules.md "Inventory as of
// the period's end"): the last snapshot of a day wins, and a day before the history began has none.

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { FacilityInventory, ScannerInventory } from '../../../../daemon/src/api/report.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { InventoryHistoryRepo } from '../../../../daemon/src/storage/inventory-history-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();

async function open(t: Test): Promise<{ db: Db; history: InventoryHistoryRepo }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { db, history: new InventoryHistoryRepo(db) };
}

const scanner = (id: string, desk: string, status: ScannerInventory['status']): ScannerInventory => ({
  id,
  desk,
  mode: 'serial',
  status,
  statusSource: 'telemetry',
  reason: null,
  lastOnline: '2026-11-01T02:00:00.000Z',
});

/** Trung tâm Y tế huyện Bình Sơn with the scanners given at its main station. */
function facility(scanners: ScannerInventory[], needed = 0): FacilityInventory {
  return {
    id: 'F1',
    name: 'Trung tâm Y tế huyện Bình Sơn',
    province: 'Quảng Ngãi',
    sector: 'public',
    tier: 'district',
    order: 1,
    stations: [{ id: 'main', name: 'Khoa Khám bệnh', kind: 'facility', desks: ['desk-1', 'desk-2'], scanners, needed, neededReason: null }],
  };
}

const OCTOBER = facility([scanner('sc-1', 'desk-1', 'working')], 1);
const NOVEMBER = facility([scanner('sc-1', 'desk-1', 'working'), scanner('sc-2', 'desk-2', 'notWorking')], 1);
const DECEMBER = facility([scanner('sc-1', 'desk-1', 'working'), scanner('sc-2', 'desk-2', 'working')]);

t.test('a period is reported with the inventory of its last day, or the newest one before it', async (t) => {
  const { history } = await open(t);
  await history.record('2026-10-05', OCTOBER, new Date('2026-10-05T03:00:00Z'));
  await history.record('2026-11-10', NOVEMBER, new Date('2026-11-10T03:00:00Z'));
  await history.record('2026-12-02', DECEMBER, new Date('2026-12-02T03:00:00Z'));
  const cases: Array<[string, FacilityInventory | null, string]> = [
    ['2026-10-04', null, 'before the history began there is no snapshot'],
    ['2026-10-05', OCTOBER, 'the day itself'],
    ['2026-10-31', OCTOBER, "October's report: the scanner bought in November is not in it"],
    ['2026-11-30', NOVEMBER, "November's report: sc-2 was not working then"],
    ['2026-12-31', DECEMBER, 'a day after the newest snapshot uses it'],
  ];
  for (const [day, expected, why] of cases) t.same(await history.asOf(day), expected, why);
});

t.test("the last snapshot of a day replaces the day's earlier ones", async (t) => {
  const { db, history } = await open(t);
  await history.record('2026-11-10', NOVEMBER, new Date('2026-11-10T03:00:00Z'));
  await history.record('2026-11-10', DECEMBER, new Date('2026-11-10T03:10:00Z'));
  t.same(await history.asOf('2026-11-10'), DECEMBER, 'the technician fixed sc-2 that morning: the day ends with it working');
  t.same(await db.all('SELECT day, at FROM inventory_history'), [{ day: '2026-11-10', at: '2026-11-10T03:10:00.000Z' }], 'one row per day');
});
