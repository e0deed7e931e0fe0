// Opening the site's storage at start-up, on a real data folder: a fresh install gets its folder,
// keys and a migrated database; a restart finds the same keys (the same hashes, the same sessions);
// a key missing beside an existing database stops the start before anything is written; older data
// is fixed up once (name hashes for name + birth date search, counters placed at their station); and
// loose file modes are reported for hospital IT without stopping reception.

import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createLogger } from '../../../../daemon/src/log.ts';
import { loadIdHasher } from '../../../../daemon/src/storage/id-hash.ts';
import { migrationFiles } from '../../../../daemon/src/storage/migrations.ts';
import { openStorage, type Storage } from '../../../../daemon/src/storage/open-storage.ts';
import type { StorageConfig } from '../../../../daemon/src/storage/storage-config.ts';
import type { FacilityConfig } from '../../../../daemon/src/vocabulary/facility.ts';

const posix = process.platform !== 'win32';
const STORAGE: StorageConfig = {
  busyTimeoutMs: 5000,
  retryForMs: 600_000,
  synchronous: 'FULL',
  driver: 'auto',
  warnFreeMb: 500,
  diskCheckMs: 60_000,
  shutdownGraceMs: 10_000,
};
const FACILITY: FacilityConfig = {
  id: '01001',
  name: 'Trung tâm Y tế quận Tây Hồ',
  province: '01',
  sector: 'public',
  tier: 'district',
  order: 0,
  stations: [
    { id: 'main', name: '', kind: 'facility', desks: ['desk-1'], needOverride: null },
    { id: 'tyt-thuy-khue', name: 'Trạm Y tế phường Thụy Khuê', kind: 'commune', desks: ['desk-tk'], needOverride: null },
  ],
};

async function folder(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-os-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'data');
}

async function open(t: Test, dataDir: string): Promise<{ storage: Storage; lines: Array<{ level: number; msg: string } & Record<string, unknown>> }> {
  const lines: Array<{ level: number; msg: string } & Record<string, unknown>> = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s) as (typeof lines)[number]) });
  const storage = await openStorage({ dataDir, storage: STORAGE, facility: FACILITY }, log);
  t.teardown(() => storage.db.close().catch(() => undefined));
  return { storage, lines };
}

t.test('a fresh install: the folder, both keys and a database at the newest schema', async (t) => {
  const dataDir = await folder(t);
  const { storage, lines } = await open(t, dataDir);
  t.equal(storage.dataDir, dataDir);
  t.equal(storage.dbFile, join(dataDir, 'tiepnhan.sqlite'));
  t.same((await readdir(dataDir)).filter((f) => !f.startsWith('tiepnhan.sqlite-')).sort(), ['id-hash.key', 'session.key', 'tiepnhan.sqlite']);
  t.equal((await storage.db.get<{ v: number }>('SELECT MAX(version) AS v FROM schema_version'))?.v, migrationFiles().length, 'every migration ran');
  t.equal(storage.sessionKey.length, 32);
  t.equal(storage.hashId('001089012345'), (await loadIdHasher(dataDir, { mayCreate: false }))('001089012345'), 'the ID hash under the key on disk');
  t.same(storage.files(), { ok: true });
  if (posix) t.equal((await stat(dataDir)).mode & 0o777, 0o700);
  t.ok(
    lines.some((l) => l.msg === `SQLite through ${storage.db.driver}`),
    'the driver in use is logged',
  );
  t.notOk(
    lines.some((l) => l.msg === 'stored data migrated'),
    'a new database has nothing to recount',
  );
});

t.test('a restart finds the same keys: the same hashes, the same session key', async (t) => {
  const dataDir = await folder(t);
  const first = (await open(t, dataDir)).storage;
  const hash = first.hashId('001089012345');
  const key = Buffer.from(first.sessionKey);
  await first.db.close();
  const again = (await open(t, dataDir)).storage;
  t.equal(again.hashId('001089012345'), hash);
  t.same(again.sessionKey, key);
});

t.test('names are hashed as search compares them: case and spacing do not matter, the ID hash key is used', async (t) => {
  const { storage } = await open(t, await folder(t));
  const h = storage.hashName('Nguyễn Văn An');
  t.equal(storage.hashName('  NGUYỄN   VĂN AN '), h);
  t.equal(h, storage.hashId('name:nguyễn văn an'));
  t.not(h, storage.hashId('Nguyễn Văn An'), 'a name hash never equals an ID hash of the same text');
  t.not(storage.hashName('Nguyễn Văn Ân'), h, 'diacritics matter');
});

t.test('a lost ID hash key beside an existing database stops the start before anything is written', async (t) => {
  const dataDir = await folder(t);
  const first = (await open(t, dataDir)).storage;
  await first.db.close();
  await unlink(join(dataDir, 'id-hash.key'));
  await unlink(join(dataDir, 'session.key'));
  const digest = async (): Promise<string> =>
    createHash('sha256')
      .update(await readFile(join(dataDir, 'tiepnhan.sqlite')))
      .digest('hex');
  const before = await digest();
  await t.rejects(openStorage({ dataDir, storage: STORAGE, facility: FACILITY }, createLogger('silent')), {
    name: 'KeyFileError',
    code: 'KEY_MISSING',
    en: /Restore it from a backup/,
  });
  t.same(
    (await readdir(dataDir)).filter((f) => f.endsWith('.key')),
    [],
    'no new key made, not even the session key',
  );
  t.equal(await digest(), before, 'the database untouched');
});

t.test('older data is fixed up once: name hashes filled in, counters placed at the station of their desk', async (t) => {
  const dataDir = await folder(t);
  const first = (await open(t, dataDir)).storage;
  const identity = JSON.stringify({ name: 'Trần Thị Bình', dob: '1992-07-01' });
  await first.db.run(
    "INSERT INTO scan_events (at, day, device_id, desk_id, source, outcome, identity_json, facility_id) VALUES ('2026-11-30T02:00:00Z', '2026-11-30', 'sim-1', 'desk-tk', 'scan', 'success', ?, '')",
    [identity],
  );
  await first.db.run(
    "INSERT INTO daily_counters (day, facility_id, station_id, device_id, desk_id, scans) VALUES ('2026-11-30', '', '', 'sim-1', 'desk-tk', 3)",
  );
  await first.db.run(
    "INSERT INTO daily_counters (day, facility_id, station_id, device_id, desk_id, scans) VALUES ('2026-11-30', '', '', 'sim-2', 'desk-9', 1)",
  );
  await first.db.close();

  const { storage } = await open(t, dataDir);
  const ev = await storage.db.get<{ name_hash: string; facility_id: string; station_id: string }>('SELECT name_hash, facility_id, station_id FROM scan_events');
  t.equal(ev?.name_hash, storage.hashName('Trần Thị Bình'), 'the old read is found by name + birth date again');
  t.match(ev, { facility_id: '01001', station_id: 'tyt-thuy-khue' }, 'the read placed at the commune station of its desk');
  t.same(
    await storage.db.all('SELECT desk_id, facility_id, station_id, scans FROM daily_counters ORDER BY desk_id'),
    [
      { desk_id: 'desk-9', facility_id: '01001', station_id: 'main', scans: 1 },
      { desk_id: 'desk-tk', facility_id: '01001', station_id: 'tyt-thuy-khue', scans: 3 },
    ],
    "counts kept, an unlisted desk at the facility's main station",
  );
});

t.test(
  'loose modes are reported and logged, reception keeps running, and a re-check sees the fix',
  { skip: posix ? false : 'no permission bits on Windows' },
  async (t) => {
    const dataDir = await folder(t);
    (await open(t, dataDir)).storage.db.close().catch(() => undefined);
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'session.key'), 0o644);
    const { storage, lines } = await open(t, dataDir);
    t.match(storage.files(), { ok: false, code: 'DATA_PERMISSIONS', loose: ['.', 'session.key'] });
    t.ok(
      lines.some((l) => l.level === 40 && Array.isArray(l['loose'])),
      'a warning in the log',
    );
    t.ok(await storage.db.get('SELECT 1 AS one'), 'the database is open all the same');
    await chmod(dataDir, 0o700);
    await chmod(join(dataDir, 'session.key'), 0o600);
    t.match(storage.files(), { ok: false }, 'as last checked until asked again');
    await storage.recheckFiles();
    t.same(storage.files(), { ok: true });
  },
);
