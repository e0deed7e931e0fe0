// One site's report source over its own SQLite file: the scanner inventory with each reader's status
// judged from its own errors over the last `inventory.errorRateDays` days (a failed BHYT lookup is the
// gateway's answer, not the reader's fault), today's inventory kept as a snapshot, and a past period
// reported with the scanners as they stood on its last day (docs/reference/report-rules.md
// "Inventory as of the period's end").

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import { localReportSource } from '../../../../daemon/src/reports/local-source.ts';
import { CountersRepo } from '../../../../daemon/src/storage/counters-repo.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { InventoryHistoryRepo } from '../../../../daemon/src/storage/inventory-history-repo.ts';
import { InventoryRepo } from '../../../../daemon/src/storage/inventory-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

const config = resolveConfig({
  facility: {
    id: 'F1',
    name: 'Trung tâm Y tế huyện Bình Sơn',
    stations: [
      { id: 'main', desks: ['desk-1', 'desk-2', 'desk-3', 'desk-4'] },
      { id: 'xa-1', kind: 'commune', name: 'Trạm Y tế xã Bình Châu', desks: ['xa-desk'] },
    ],
  },
});

/** 23 November 2026, 10:00 in Vietnam: the last 7 days are 17–23 November. */
const NOW = Date.parse('2026-11-23T03:00:00Z');
const noonOf = (day: string): Date => new Date(`${day}T05:00:00Z`);

async function site(t: Test) {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const db = await Db.open(join(dir, 'tiepnhan.sqlite'));
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  await migrate(db);
  const clock = { now: NOW };
  const inventory = new InventoryRepo(db);
  const source = localReportSource({
    config,
    counters: new CountersRepo(db),
    inventory,
    history: new InventoryHistoryRepo(db),
    now: () => new Date(clock.now),
  });
  return { db, clock, inventory, events: new EventsRepo(db), source };
}

/** `n` reads by one scanner on one day; `errors` of them unreadable; `lookups`: reads whose BHYT lookup is stored. */
function reads(deviceId: string, deskId: string, day: string, n: number, errors = 0, lookups = false, stationId = 'main'): NewEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const bad = i < errors;
    return {
      at: new Date(noonOf(day).getTime() + i * 1000),
      deviceId,
      deskId,
      facilityId: 'F1',
      stationId,
      source: 'scan',
      outcome: bad ? 'error' : 'success',
      errorCode: bad ? 'truncated' : null,
      errorClass: bad ? 'read' : null,
      payloadKind: bad ? null : 'cccd2021',
      idHash: bad ? null : `h-${deviceId}-${day}-${i}`,
      identityJson: null,
      rawHex: null,
      ...(lookups && !bad ? { lookupJson: '{"maThe":"test"}' } : {}),
    } satisfies NewEvent;
  });
}

t.test('a reader is judged by its own errors over the last 7 days; failed lookups are not its fault', async (t) => {
  const { inventory, events, source } = await site(t);
  const seen = new Date(NOW - 3600_000);
  for (const [device, desk] of [
    ['s-read', 'desk-1'],
    ['s-gateway', 'desk-2'],
    ['s-old', 'desk-3'],
    ['s-edge', 'desk-4'],
  ] as const)
    await inventory.seen(device, desk, 'serial', seen, true);

  await events.recordMany(reads('s-read', 'desk-1', '2026-11-22', 20, 5));
  const ids = await events.recordMany(reads('s-gateway', 'desk-2', '2026-11-22', 20, 0, true));
  // Half the lookups come back "no valid card" (050): errors in the report, not of the reader.
  for (const id of ids.slice(0, 10)) await events.setEligibility(id, 'notCovered', JSON.stringify({ code: '050', verification: 'verified' }), new Date(NOW));
  await events.recordMany(reads('s-old', 'desk-3', '2026-11-16', 20, 10));
  await events.recordMany(reads('s-edge', 'desk-4', '2026-11-17', 20, 5));

  const inv = await source.facility();
  const status = new Map(inv.stations.flatMap((s) => s.scanners).map((s) => [s.id, s]));
  t.match(status.get('s-read'), { status: 'notWorking', statusSource: 'telemetry', reason: /Tỷ lệ lỗi 25% trong 7 ngày \/ error rate 25% over 7 days/ });
  t.match(status.get('s-gateway'), { status: 'working', reason: null }, '10 failed lookups of 20 reads: the reader works');
  t.match(status.get('s-old'), { status: 'working' }, 'errors 8 days ago are outside the window');
  t.match(status.get('s-edge'), { status: 'notWorking' }, 'the 7th day back is inside the window');
  t.match(inv, { id: 'F1', name: 'Trung tâm Y tế huyện Bình Sơn', sector: 'public', tier: 'district' });
  t.match(inv.stations[0], { id: 'main', needed: 2 }, 'two desks without a working scanner');

  const totals = await source.stationTotals('2026-11-10', '2026-11-23');
  t.match(totals, [{ facilityId: 'F1', stationId: 'main', scans: 80, errors: 30 }], 'the report still counts every error: 20 unreadable, 10 failed lookups');
});

t.test('a scanner offline longer than offlineDays is not working, and its desk needs one', async (t) => {
  const { inventory, source } = await site(t);
  await inventory.seen('s-xa', 'xa-desk', 'serial', new Date(NOW - 4 * 86_400_000), true);
  const inv = await source.facility();
  const xa = inv.stations.find((s) => s.id === 'xa-1')!;
  t.match(xa, {
    name: 'Trạm Y tế xã Bình Châu',
    kind: 'commune',
    needed: 1,
    scanners: [{ id: 's-xa', status: 'notWorking', reason: /offline for more than 3 days/ }],
  });
});

t.test('reading the inventory writes nothing; a snapshot keeps it for the day', async (t) => {
  const { db, inventory, source } = await site(t);
  await inventory.seen('s1', 'desk-1', 'serial', new Date(NOW - 60_000), true);
  await source.facility();
  t.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM inventory_history'))?.n, 0, 'facility() only reads');
  const snap = await source.snapshot();
  t.same(snap, await source.facility(), 'the snapshot is the inventory now');
  t.match(await db.all('SELECT day FROM inventory_history'), [{ day: '2026-11-23' }], 'kept under today’s Vietnam day');
  await source.snapshot();
  t.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM inventory_history'))?.n, 1, 'the last snapshot of a day wins');
});

t.test('a past period is reported with the scanners of its last day; before the history began, as they are now', async (t) => {
  const { clock, inventory, source } = await site(t);
  clock.now = Date.parse('2026-11-20T03:00:00Z');
  await inventory.seen('s1', 'desk-1', 'serial', new Date(clock.now), true);
  await source.snapshot();
  clock.now = NOW;
  await inventory.seen('s1', 'desk-1', 'serial', new Date(NOW), true);
  await inventory.override('s1', 'notWorking', 'nứt kính', new Date(NOW));

  const statusOf = async (asOf?: string): Promise<string | undefined> => (await source.facilities(asOf))[0]?.stations[0]?.scanners[0]?.status;
  t.equal(await statusOf('2026-11-21'), 'working', 'the 21st: the snapshot of the 20th, before the override');
  t.equal(await statusOf('2026-11-20'), 'working');
  t.equal(await statusOf('2026-11-19'), 'notWorking', 'before the first snapshot: the inventory now');
  t.equal(await statusOf('2026-11-23'), 'notWorking', 'today: the inventory now');
  t.equal(await statusOf(), 'notWorking', 'no date: now');
  t.equal((await source.facilities()).length, 1, 'a site reports one facility');
});
