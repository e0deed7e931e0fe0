// The daily counters as the district report, the counters API and the hub push read them: a period's
// totals per station, per device and per day, each error cause under its API name. A simulated
// scanner's counts reach the technician's device totals but never anything the district sees
// (docs/architecture.md, counters-repo.ts).

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { BreakdownKey } from '../../../../daemon/src/counting/access-outcome.ts';
import { CountersRepo } from '../../../../daemon/src/storage/counters-repo.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();

async function open(t: Test): Promise<Db> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return db;
}

interface CounterRow {
  day: string;
  device: string;
  desk: string;
  station?: string;
  facility?: string;
  simulated?: boolean;
  /** SQL column → value (scans, successes, err_read …). */
  counts: Record<string, number>;
}

/** One daily_counters row as EventsRepo would have left it. */
async function put(db: Db, r: CounterRow): Promise<void> {
  const cols = Object.keys(r.counts);
  await db.run(
    `INSERT INTO daily_counters (day, facility_id, station_id, device_id, desk_id, simulated${cols.map((c) => `, ${c}`).join('')})
     VALUES (?, ?, ?, ?, ?, ?${cols.map(() => ', ?').join('')})`,
    [r.day, r.facility ?? 'F1', r.station ?? 'main', r.device, r.desk, r.simulated ? 1 : 0, ...cols.map((c) => r.counts[c]!)],
  );
}

const ZERO = {
  scans: 0,
  searches: 0,
  successes: 0,
  errors: 0,
  pending: 0,
  errorsRead: 0,
  errorsValidation: 0,
  lookupNotCovered: 0,
  lookupInput: 0,
  lookupIdentity: 0,
  lookupOther: 0,
  lostReads: 0,
  chipReads: 0,
};

/** Early November 2026 at one district hospital: two desks at the main station, one commune station, a simulator. */
async function november(db: Db): Promise<void> {
  await put(db, { day: '2026-11-01', device: 'sc-1', desk: 'desk-1', counts: { scans: 7, successes: 7 } });
  await put(db, {
    day: '2026-11-02',
    device: 'sc-1',
    desk: 'desk-1',
    counts: { scans: 10, searches: 2, successes: 9, errors: 2, pending: 1, err_read: 1, err_not_covered: 1 },
  });
  await put(db, { day: '2026-11-03', device: 'sc-2', desk: 'desk-2', counts: { scans: 5, successes: 5 } });
  await put(db, { day: '2026-11-03', device: 'sc-3', desk: 'xa-desk', station: 'xa-1', counts: { scans: 4, successes: 3, errors: 1, err_validation: 1 } });
  await put(db, { day: '2026-11-03', device: 'sim-1', desk: 'desk-1', simulated: true, counts: { scans: 100, successes: 100 } });
  await put(db, { day: '2026-11-04', device: 'sc-1', desk: 'desk-1', counts: { scans: 3, successes: 3 } });
}

t.test('station totals add up every device and day of the period, bounds included, simulators left out', async (t) => {
  const db = await open(t);
  await november(db);
  const totals = await new CountersRepo(db).stationTotals('2026-11-02', '2026-11-03');
  t.same(
    totals.sort((a, b) => a.stationId.localeCompare(b.stationId)),
    [
      { facilityId: 'F1', stationId: 'main', ...ZERO, scans: 15, searches: 2, successes: 14, errors: 2, pending: 1, errorsRead: 1, lookupNotCovered: 1 },
      { facilityId: 'F1', stationId: 'xa-1', ...ZERO, scans: 4, successes: 3, errors: 1, errorsValidation: 1 },
    ],
    'the 100 simulated scans and the days outside the period are not in the report',
  );
  t.same(await new CountersRepo(db).stationTotals('2026-12-01', '2026-12-31'), [], 'a period without reads has no station rows');
});

t.test('device totals show the technician every scanner, simulators included, one row per desk it served', async (t) => {
  const db = await open(t);
  await november(db);
  await put(db, { day: '2026-11-03', device: 'sc-1', desk: 'desk-2', counts: { scans: 2, successes: 1, errors: 1, err_read: 1 } });
  const rows = await new CountersRepo(db).deviceTotals('2026-11-01', '2026-11-30');
  t.same(
    rows.map((r) => [r.deviceId, r.deskId, r.scans, r.searches, r.successes, r.errors, r.errorsRead]),
    [
      ['sc-1', 'desk-1', 20, 2, 19, 2, 1],
      ['sc-1', 'desk-2', 2, 0, 1, 1, 1],
      ['sc-2', 'desk-2', 5, 0, 5, 0, 0],
      ['sc-3', 'xa-desk', 4, 0, 3, 1, 0],
      ['sim-1', 'desk-1', 100, 0, 100, 0, 0],
    ],
    'ordered by device then desk; the scanner moved to desk-2 is counted there from then on',
  );
});

t.test('daily rows come in day, station, device order, without simulated scanners', async (t) => {
  const db = await open(t);
  await november(db);
  const rows = await new CountersRepo(db).daily('2026-11-02', '2026-11-03');
  t.same(
    rows.map((r) => [r.day, r.facilityId, r.stationId, r.deviceId, r.deskId, r.scans + r.searches]),
    [
      ['2026-11-02', 'F1', 'main', 'sc-1', 'desk-1', 12],
      ['2026-11-03', 'F1', 'main', 'sc-2', 'desk-2', 5],
      ['2026-11-03', 'F1', 'xa-1', 'sc-3', 'xa-desk', 4],
    ],
  );
  t.same(
    rows[0],
    {
      day: '2026-11-02',
      facilityId: 'F1',
      stationId: 'main',
      deviceId: 'sc-1',
      deskId: 'desk-1',
      ...ZERO,
      scans: 10,
      searches: 2,
      successes: 9,
      errors: 2,
      pending: 1,
      errorsRead: 1,
      lookupNotCovered: 1,
    },
    'a row carries every counter under its API name',
  );
});

// Each cause of "Lỗi" is stored in its own column; a swapped mapping would put a reader's fault
// under the gateway's or the other way round (docs/reference/report-rules.md).
const COLUMNS: Array<[string, BreakdownKey]> = [
  ['pending', 'pending'],
  ['err_read', 'errorsRead'],
  ['err_validation', 'errorsValidation'],
  ['err_not_covered', 'lookupNotCovered'],
  ['err_input', 'lookupInput'],
  ['err_identity', 'lookupIdentity'],
  ['err_other', 'lookupOther'],
  ['err_lost', 'lostReads'],
  ['chips', 'chipReads'],
];

t.test('each stored cause is reported under its own name, in every view', async (t) => {
  const db = await open(t);
  for (const [column, key] of COLUMNS) {
    await db.run('DELETE FROM daily_counters');
    await put(db, { day: '2026-11-02', device: 'sc-1', desk: 'desk-1', counts: { scans: 1, [column]: 1, ...(column === 'pending' ? {} : { errors: 1 }) } });
    const repo = new CountersRepo(db);
    const expected = { ...ZERO, scans: 1, errors: column === 'pending' ? 0 : 1, [key]: 1 };
    const pick = (r: object) => Object.fromEntries(Object.keys(ZERO).map((k) => [k, (r as Record<string, unknown>)[k]]));
    t.same(pick((await repo.stationTotals('2026-11-02', '2026-11-02'))[0]!), expected, `${column} → ${key} (station totals)`);
    t.same(pick((await repo.deviceTotals('2026-11-02', '2026-11-02'))[0]!), expected, `${column} → ${key} (device totals)`);
    t.same(pick((await repo.daily('2026-11-02', '2026-11-02'))[0]!), expected, `${column} → ${key} (daily rows)`);
  }
});

t.test('the first reported day is the earliest real read; a site with only a simulator has none', async (t) => {
  const db = await open(t);
  const repo = new CountersRepo(db);
  t.equal(await repo.firstDay(), null, 'a new site has no first day');
  await put(db, { day: '2026-10-20', device: 'sim-1', desk: 'desk-1', simulated: true, counts: { scans: 5, successes: 5 } });
  t.equal(await repo.firstDay(), null, 'simulated reads do not start the reporting history');
  await november(db);
  t.equal(await repo.firstDay(), '2026-11-01');
});
