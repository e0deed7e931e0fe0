// The two SQLite drivers behind Db (sqlite3 and node:sqlite) behave alike where the daemon can tell:
// the same error names (a full disk is SQLITE_FULL, so storage health says "disk full" on both),
// BLOBs as Buffers, plain row objects, WAL, synchronous=FULL, foreign keys and secure delete on.
// This file runs on the machine's Node with the default (auto) driver, and again on the package's
// Node with node:sqlite forced (tests/integration/storage-on-node-sqlite.test.ts).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';

const forced = process.env['TIEPNHAN_SQLITE_DRIVER'];
const nodeHasSqlite = (() => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  return major > 22 || (major === 22 && minor >= 13);
})();

async function open(t: Test, opts: Parameters<typeof Db.open>[1] = {}): Promise<Db> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-drv-'));
  const db = await Db.open(join(dir, 'db.sqlite'), opts);
  t.teardown(async () => {
    await db.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return db;
}

t.test('the driver in use is the one asked for (auto: sqlite3 where its binary loads)', async (t) => {
  const db = await open(t);
  t.equal(db.driver, forced ?? 'sqlite3', forced ? `TIEPNHAN_SQLITE_DRIVER=${forced}` : 'auto picks the compiled sqlite3 on this install');
});

t.test('both drivers set up the connection the same way', async (t) => {
  const db = await open(t);
  t.equal((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode, 'wal');
  t.equal((await db.get<{ synchronous: number }>('PRAGMA synchronous'))?.synchronous, 2, 'synchronous = FULL');
  t.equal((await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))?.foreign_keys, 1);
  t.equal((await db.get<{ secure_delete: number }>('PRAGMA secure_delete'))?.secure_delete, 1);
  t.equal((await db.get<{ timeout: number }>('PRAGMA busy_timeout'))?.timeout, 5000);
});

t.test('rows are plain objects, BLOBs Buffers, integers numbers', async (t) => {
  const db = await open(t);
  await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, s TEXT, n INTEGER)');
  const bytes = Buffer.from([0x30, 0x7c, 0xff, 0x00, 0xfe]);
  const r = await db.run('INSERT INTO t (b, s, n) VALUES (?, ?, ?)', [bytes, 'Nguyễn', 42]);
  t.same(r, { lastID: 1, changes: 1 });
  const row = await db.get<{ id: number; b: Buffer; s: string; n: number }>('SELECT * FROM t');
  t.equal(Object.getPrototypeOf(row), Object.prototype, 'a plain object');
  t.ok(Buffer.isBuffer(row?.b), 'the BLOB is a Buffer');
  t.equal(row?.b.toString('hex'), bytes.toString('hex'));
  t.equal(row?.s, 'Nguyễn');
  t.equal(typeof row?.n, 'number');
  t.same(await db.run('UPDATE t SET n = n + 1', []), { lastID: 1, changes: 1 });
});

t.test('errors carry sqlite3’s names: a full database is SQLITE_FULL, a duplicate SQLITE_CONSTRAINT', async (t) => {
  const db = await open(t);
  await db.exec('CREATE TABLE t (v TEXT UNIQUE)');
  await db.run('INSERT INTO t VALUES (?)', ['a']);
  await t.rejects(db.run('INSERT INTO t VALUES (?)', ['a']), { code: 'SQLITE_CONSTRAINT', message: /UNIQUE constraint failed/ });
  await t.rejects(db.all('SELECT * FROM nowhere'), { code: 'SQLITE_ERROR', message: /no such table/ });
  // A database that may not grow: what a full disk looks like to SQLite.
  const pages = (await db.get<{ page_count: number }>('PRAGMA page_count'))!.page_count;
  await db.exec(`PRAGMA max_page_count = ${pages + 2}`);
  await t.rejects(
    (async () => {
      for (let i = 0; i < 1000; i++) await db.run('INSERT INTO t VALUES (?)', ['x'.repeat(2000) + i]);
    })(),
    { code: 'SQLITE_FULL' },
  );
});

t.test('a driver that cannot load says why, in Vietnamese and English', async (t) => {
  if (nodeHasSqlite) {
    const db = await open(t, { driver: 'node:sqlite' });
    t.equal(db.driver, 'node:sqlite', 'node:sqlite is available on this Node');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-drv-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await t.rejects(Db.open(join(dir, 'db.sqlite'), { driver: 'node:sqlite' }), {
    message: /Không mở được SQLite.*node:sqlite.*Node\.js 22\.13 or later/s,
  });
});
