// The scanners this site has ever seen, kept across daemon runs for the report's "working / not
// working" columns: when each was last online (an offline sighting never forgets it), which desk and
// mode it has now, and a technician's override with its reason, which can be cleared to let
// telemetry decide again.

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { InventoryRepo } from '../../../../daemon/src/storage/inventory-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();

async function open(t: Test): Promise<{ db: Db; inventory: InventoryRepo }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { db, inventory: new InventoryRepo(db) };
}

const MON = new Date('2026-11-23T01:00:00Z');
const TUE = new Date('2026-11-24T01:00:00Z');
const WED = new Date('2026-11-25T01:00:00Z');

t.test('a scanner is remembered with the last time it was online, which an offline sighting keeps', async (t) => {
  const { db, inventory } = await open(t);
  await inventory.seen('sc-1', 'desk-1', 'serial', MON, true);
  await inventory.seen('sc-1', 'desk-1', 'serial', TUE, false);
  t.same(await inventory.all(), [
    { deviceId: 'sc-1', deskId: 'desk-1', mode: 'serial', lastOnline: MON.toISOString(), overrideStatus: null, overrideReason: null },
  ]);
  await inventory.seen('sc-1', 'desk-2', 'hid', WED, true);
  t.same(
    await inventory.all(),
    [{ deviceId: 'sc-1', deskId: 'desk-2', mode: 'hid', lastOnline: WED.toISOString(), overrideStatus: null, overrideReason: null }],
    'moved to desk-2 and switched to HID: one scanner, its new desk and mode',
  );
  t.same(await db.all('SELECT first_seen FROM scanner_inventory'), [{ first_seen: MON.toISOString() }], 'first seen stays the first day');
});

t.test('a scanner never online has no last-online time', async (t) => {
  const { inventory } = await open(t);
  await inventory.seen('sc-9', 'desk-3', 'serial', MON, false);
  t.equal((await inventory.all())[0]?.lastOnline, null);
});

t.test('the inventory lists every scanner ever seen, by device id', async (t) => {
  const { inventory } = await open(t);
  t.same(await inventory.all(), [], 'a new site has none');
  await inventory.seen('sc-2', 'desk-2', 'serial', MON, true);
  await inventory.seen('cam-1', 'desk-3', 'camera', MON, true);
  await inventory.seen('sc-1', 'desk-1', 'serial', MON, true);
  t.same(
    (await inventory.all()).map((s) => s.deviceId),
    ['cam-1', 'sc-1', 'sc-2'],
  );
});

t.test("a technician's override holds its reason until cleared", async (t) => {
  const { db, inventory } = await open(t);
  await inventory.seen('sc-1', 'desk-1', 'serial', MON, true);
  t.equal(await inventory.override('sc-1', 'notWorking', 'Đầu đọc vỡ kính / cracked window', TUE), true);
  t.match((await inventory.all())[0], { overrideStatus: 'notWorking', overrideReason: 'Đầu đọc vỡ kính / cracked window' });
  t.same(await db.all('SELECT override_at FROM scanner_inventory'), [{ override_at: TUE.toISOString() }], 'when it was set is kept');

  await inventory.seen('sc-1', 'desk-1', 'serial', WED, true);
  t.match((await inventory.all())[0], { overrideStatus: 'notWorking' }, 'a new sighting does not undo the override');

  t.equal(await inventory.override('sc-1', null, 'ignored', WED), true);
  t.match((await inventory.all())[0], { overrideStatus: null, overrideReason: null }, 'cleared: telemetry decides again, no stale reason left');
  t.same(await db.all('SELECT override_at FROM scanner_inventory'), [{ override_at: null }]);
});

t.test('an override for a scanner never seen here is refused', async (t) => {
  const { inventory } = await open(t);
  t.equal(await inventory.override('sc-404', 'working', 'lắp mới / newly fitted', MON), false);
  t.same(await inventory.all(), [], 'and no scanner is invented');
});
