// The scanner inventory behind the district report's "working / not working" columns, kept fresh from
// the device snapshots over a real SQLite file: a write when a scanner's power or desk changes, and
// while it stays online at most once per refresh period (not one write per read); a scanner that goes
// offline keeps its last-online time; simulated scanners never count as equipment; a failed write is
// logged and does not stop later ones.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { DeviceView } from '../../../../daemon/src/api/contract.ts';
import { InventoryTracker } from '../../../../daemon/src/devices/inventory-tracker.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { InventoryRepo } from '../../../../daemon/src/storage/inventory-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

const REFRESH = 10 * 60_000;
const T0 = Date.parse('2026-12-01T01:00:00Z');

function view(id: string, power: DeviceView['power'], over: Partial<DeviceView> = {}): DeviceView {
  return {
    id,
    desk: 'desk-1',
    deskSource: 'default',
    transport: 'serial',
    simulated: false,
    path: '/dev/ttyACM0',
    vendorId: '0c2e',
    productId: '0b61',
    manufacturer: null,
    product: null,
    serialNumber: null,
    mode: 'serial',
    hoursPowered: 0,
    state: power === 'online' ? 'idle' : 'error',
    power,
    lastReadAt: null,
    lastError: null,
    counters: { scans: 0, searches: 0, successes: 0, errors: 0, lostReads: 0 },
    statistics: { goodReads: 0, failedReads: 0, garbledReads: 0, truncatedReads: 0, communicationErrors: 0, reconnects: 0, throttledReads: 0, repeats: 0 },
    health: { level: 'ok', vi: '', en: '' },
    errorRate: 0,
    testMode: false,
    ...over,
  };
}

/** One migrated SQLite file for the whole file (the subtests run one after another); each rig empties the table. */
let shared: Promise<Db> | null = null;
function database(): Promise<Db> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
    const db = await Db.open(join(dir, 'db.sqlite'));
    t.teardown(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });
    await migrate(db);
    return db;
  })();
  return shared;
}

async function rig() {
  const db = await database();
  await db.run('DELETE FROM scanner_inventory');
  const repo = new InventoryRepo(db);
  const writes: string[] = [];
  const realSeen = repo.seen.bind(repo);
  let failNext = false;
  repo.seen = async (deviceId, deskId, mode, at, online) => {
    writes.push(`${deviceId}@${deskId} ${online ? 'online' : 'offline'}`);
    if (failNext) {
      failNext = false;
      throw new Error('SQLITE_BUSY: database is locked');
    }
    return realSeen(deviceId, deskId, mode, at, online);
  };
  const lines: Array<{ msg: string; device?: string; err?: string }> = [];
  const log = createLogger('error', { write: (s: string) => void lines.push(JSON.parse(s) as { msg: string }) });
  const clock = { now: T0 };
  const tracker = new InventoryTracker({ repo, log, now: () => new Date(clock.now), refreshMs: REFRESH });
  const failOnce = (): void => void (failNext = true);
  return { repo, writes, tracker, clock, lines, failOnce };
}

t.test('a scanner seen online is written once, not at every snapshot', async (t) => {
  const r = await rig();
  for (let i = 0; i < 50; i++) {
    r.tracker.observe([view('usb-A1', 'online')]);
    r.clock.now += 1000;
  }
  await r.tracker.settle();
  t.same(r.writes, ['usb-A1@desk-1 online'], '50 snapshots within the refresh period: one write');
  t.match(await r.repo.all(), [{ deviceId: 'usb-A1', deskId: 'desk-1', mode: 'serial', lastOnline: '2026-12-01T01:00:00.000Z' }]);
});

t.test('online for longer than the refresh period: its last-online time is refreshed', async (t) => {
  const r = await rig();
  r.tracker.observe([view('usb-A1', 'online')]);
  r.clock.now += REFRESH - 1;
  r.tracker.observe([view('usb-A1', 'online')]);
  r.clock.now += 1;
  r.tracker.observe([view('usb-A1', 'online')]);
  await r.tracker.settle();
  t.equal(r.writes.length, 2, 'written again once the period is over');
  t.equal((await r.repo.all())[0]?.lastOnline, '2026-12-01T01:10:00.000Z');
});

t.test('going offline is written once and keeps the last-online time; coming back is written', async (t) => {
  const r = await rig();
  r.tracker.observe([view('usb-A1', 'online')]);
  r.clock.now += 5 * 60_000;
  r.tracker.observe([view('usb-A1', 'offline')]);
  r.clock.now += 3 * REFRESH;
  r.tracker.observe([view('usb-A1', 'offline')]);
  await r.tracker.settle();
  t.same(r.writes, ['usb-A1@desk-1 online', 'usb-A1@desk-1 offline'], 'an offline scanner is not rewritten while it stays offline');
  t.equal((await r.repo.all())[0]?.lastOnline, '2026-12-01T01:00:00.000Z', 'the report still knows when it last worked');
  r.tracker.observe([view('usb-A1', 'online')]);
  await r.tracker.settle();
  t.equal((await r.repo.all())[0]?.lastOnline, '2026-12-01T01:35:00.000Z', 'back online: written at once');
});

t.test('a new desk is written at once', async (t) => {
  const r = await rig();
  r.tracker.observe([view('usb-A1', 'online')]);
  r.clock.now += 1000;
  r.tracker.observe([view('usb-A1', 'online', { desk: 'quay-3' })]);
  await r.tracker.settle();
  t.same(r.writes, ['usb-A1@desk-1 online', 'usb-A1@quay-3 online']);
  t.equal((await r.repo.all())[0]?.deskId, 'quay-3');
});

t.test('simulated scanners are never written; each real one is tracked on its own', async (t) => {
  const r = await rig();
  r.tracker.observe([view('sim-1', 'online', { simulated: true, transport: 'memory', mode: 'memory' }), view('usb-A1', 'online'), view('usb-B2', 'offline')]);
  await r.tracker.settle();
  t.same(
    (await r.repo.all()).map((s) => [s.deviceId, s.lastOnline]),
    [
      ['usb-A1', '2026-12-01T01:00:00.000Z'],
      ['usb-B2', null],
    ],
    'a scanner never seen online has no last-online time',
  );
});

t.test('a failed write is logged and later writes still happen', async (t) => {
  const r = await rig();
  r.failOnce();
  r.tracker.observe([view('usb-A1', 'online'), view('usb-B2', 'online')]);
  await r.tracker.settle();
  t.match(r.lines, [{ msg: 'inventory update failed', device: 'usb-A1', err: /database is locked/ }]);
  t.same(
    (await r.repo.all()).map((s) => s.deviceId),
    ['usb-B2'],
    'the next scanner was written',
  );
  r.clock.now += 1000;
  r.tracker.observe([view('usb-A1', 'offline')]);
  await r.tracker.settle();
  t.same(
    (await r.repo.all()).map((s) => s.deviceId),
    ['usb-A1', 'usb-B2'],
    'its next change is written',
  );
});

t.test('a write that failed is tried again at the next snapshot, not after the refresh period', async (t) => {
  const r = await rig();
  r.failOnce();
  r.tracker.observe([view('usb-A1', 'online')]);
  await r.tracker.settle();
  r.clock.now += 1000;
  r.tracker.observe([view('usb-A1', 'online')]);
  await r.tracker.settle();
  t.same(r.writes, ['usb-A1@desk-1 online', 'usb-A1@desk-1 online'], 'written again a second later, unchanged');
  t.match(await r.repo.all(), [{ deviceId: 'usb-A1', deskId: 'desk-1' }], 'and now in the inventory');
});
