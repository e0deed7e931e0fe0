// The scanners this site has met, in a real SQLite file: a scanner's identity keeps the device id it
// was first given (so its counters go on after a replug on another path), the last path and time it
// was seen, and the desk a technician assigned on /tech, which outlives a daemon restart. A scanner
// never discovered (one configured by path) cannot be assigned here.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ScannerRegistry } from '../../../../daemon/src/devices/scanner-registry.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

const KEY = 'sn:0c2e:0b61:21187B0042';

async function registry(t: Test) {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const file = join(dir, 'db.sqlite');
  const opened: Db[] = [];
  t.teardown(async () => {
    for (const db of opened) await db.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  const clock = { now: Date.parse('2026-12-01T01:30:00Z') };
  const open = async (): Promise<{ db: Db; reg: ScannerRegistry }> => {
    const db = await Db.open(file);
    opened.push(db);
    await migrate(db);
    return { db, reg: new ScannerRegistry({ db, now: () => new Date(clock.now) }) };
  };
  return { open, clock };
}

interface Row {
  device_id: string;
  desk: string | null;
  assigned_by: string | null;
  assigned_at: string | null;
  first_seen: string;
  last_seen: string;
  last_path: string;
}
const row = (db: Db, key: string) => db.get<Row>('SELECT * FROM scanner_registry WHERE identity_key = ?', [key]);

t.test('a scanner never met: unknown, and its id is free', async (t) => {
  const { reg } = await (await registry(t)).open();
  t.equal(await reg.lookup(KEY), null);
  t.equal(await reg.deviceIdTaken('usb-21187B0042'), false);
});

t.test('the first sighting keeps the id; a later one on another path keeps it too, with the new path and time', async (t) => {
  const r = await registry(t);
  const { db, reg } = await r.open();
  await reg.seen(KEY, 'usb-21187B0042', '/dev/ttyACM0');
  t.same(await reg.lookup(KEY), { deviceId: 'usb-21187B0042', desk: null }, 'no desk until a technician assigns one');
  t.equal(await reg.deviceIdTaken('usb-21187B0042'), true, 'its id is taken for good');
  r.clock.now += 3_600_000;
  await reg.seen(KEY, 'usb-other', '/dev/ttyACM1');
  t.same(await reg.lookup(KEY), { deviceId: 'usb-21187B0042', desk: null }, 'replugged elsewhere: still the same device id');
  t.match(await row(db, KEY), {
    first_seen: '2026-12-01T01:30:00.000Z',
    last_seen: '2026-12-01T02:30:00.000Z',
    last_path: '/dev/ttyACM1',
  });
  t.equal(await reg.deviceIdTaken('usb-other'), false, 'the id offered on the second sighting was not recorded');
});

t.test('one device id belongs to one scanner', async (t) => {
  const { reg } = await (await registry(t)).open();
  await reg.seen(KEY, 'usb-21187B0042', '/dev/ttyACM0');
  await t.rejects(reg.seen('port:0c2e:0b61:1-1.3', 'usb-21187B0042', '/dev/ttyACM1'), 'another identity cannot take the id (its counters would merge)');
});

t.test("a technician's desk: recorded with who and when, and kept across a restart", async (t) => {
  const r = await registry(t);
  const first = await r.open();
  await first.reg.seen(KEY, 'usb-21187B0042', '/dev/ttyACM0');
  r.clock.now += 60_000;
  t.equal(await first.reg.assign('usb-21187B0042', 'quay-3', 'kythuat'), true);
  t.same(await first.reg.lookup(KEY), { deviceId: 'usb-21187B0042', desk: 'quay-3' });
  t.match(await row(first.db, KEY), { assigned_by: 'kythuat', assigned_at: '2026-12-01T01:31:00.000Z' });
  await first.reg.seen(KEY, 'usb-21187B0042', '/dev/ttyACM2');
  t.equal((await first.reg.lookup(KEY))?.desk, 'quay-3', 'a later sighting keeps the desk');
  await first.db.close();
  const again = await r.open();
  t.same(await again.reg.lookup(KEY), { deviceId: 'usb-21187B0042', desk: 'quay-3' }, 'after a restart');
});

t.test('a device never discovered cannot be assigned here', async (t) => {
  const { reg } = await (await registry(t)).open();
  t.equal(await reg.assign('quay-1-config', 'quay-2', 'kythuat'), false);
  t.equal(await reg.lookup(KEY), null, 'and nothing was created');
});
