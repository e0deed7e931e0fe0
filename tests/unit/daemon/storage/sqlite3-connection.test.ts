// The sqlite3 addon behind the connection contract (daemon/src/storage/sqlite-contract.ts), on a real
// file: row ids and change counts, plain rows with BLOBs as Buffers, errors named the way storage
// health reads them (SQLITE_BUSY, SQLITE_CONSTRAINT, …), and the busy timeout, which is what lets a
// scan wait out a backup program holding the file instead of failing at once.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { openSqlite3 } from '../../../../daemon/src/storage/sqlite3-connection.ts';
import type { SqliteConnection } from '../../../../daemon/src/storage/sqlite-contract.ts';

async function file(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-s3-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'db.sqlite');
}

async function open(t: Test, path: string, busyTimeoutMs = 5000): Promise<SqliteConnection> {
  const c = await openSqlite3(path, { busyTimeoutMs });
  t.teardown(() => c.close().catch(() => undefined));
  return c;
}

t.test('statements: row ids, change counts, plain rows, BLOBs as Buffers', async (t) => {
  const c = await open(t, await file(t));
  t.equal(c.driver, 'sqlite3');
  await c.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, raw BLOB); CREATE INDEX t_name ON t (name);');
  t.same(await c.run('INSERT INTO t (name, raw) VALUES (?, ?)', ['Nguyễn Văn An', Buffer.from([0x30, 0x7c, 0xff])]), { lastID: 1, changes: 1 });
  t.same(await c.run('INSERT INTO t (name, raw) VALUES (?, ?)', ['Trần Thị Bình', null]), { lastID: 2, changes: 1 });
  t.equal((await c.run('UPDATE t SET raw = NULL', [])).changes, 2, 'changes counts every row touched');
  t.equal((await c.run('DELETE FROM t WHERE id = ?', [99])).changes, 0, 'nothing matched: no change');
  await c.run('UPDATE t SET raw = ? WHERE id = 1', [Buffer.from([0x00, 0xfe])]);
  const rows = await c.all<{ id: number; name: string; raw: Buffer | null }>('SELECT * FROM t ORDER BY id', []);
  t.equal(rows.length, 2);
  t.equal(Object.getPrototypeOf(rows[0]), Object.prototype, 'a plain object');
  t.ok(Buffer.isBuffer(rows[0]?.raw));
  t.equal(rows[0]?.raw?.toString('hex'), '00fe');
  t.equal(rows[0]?.name, 'Nguyễn Văn An', 'Vietnamese text intact');
  t.equal(rows[1]?.raw, null);
  t.same(await c.all('SELECT * FROM t WHERE id > ?', [5]), [], 'no rows: an empty list');
});

t.test("errors carry SQLite's names", async (t) => {
  const c = await open(t, await file(t));
  await c.exec('CREATE TABLE t (v TEXT UNIQUE NOT NULL)');
  await c.run('INSERT INTO t VALUES (?)', ['a']);
  await t.rejects(c.run('INSERT INTO t VALUES (?)', ['a']), { code: 'SQLITE_CONSTRAINT', message: /UNIQUE constraint failed/ });
  await t.rejects(c.run('INSERT INTO t VALUES (NULL)', []), { code: 'SQLITE_CONSTRAINT', message: /NOT NULL/ });
  await t.rejects(c.all('SELECT * FROM nowhere', []), { code: 'SQLITE_ERROR', message: /no such table/ });
  await t.rejects(c.exec('CREATE TABLE'), { code: 'SQLITE_ERROR' });
});

t.test('a file held by another writer: SQLITE_BUSY at once without a busy timeout, a wait with one', async (t) => {
  const path = await file(t);
  const holder = await open(t, path);
  await holder.exec('CREATE TABLE t (v INTEGER)');
  await holder.exec('BEGIN IMMEDIATE');
  await holder.run('INSERT INTO t VALUES (1)', []);
  const impatient = await open(t, path, 0);
  await t.rejects(impatient.run('INSERT INTO t VALUES (2)', []), { code: 'SQLITE_BUSY' }, 'what storage health retries');
  const patient = await open(t, path, 10_000);
  const waiting = patient.run('INSERT INTO t VALUES (3)', []);
  setTimeout(() => void holder.exec('COMMIT'), 50);
  t.same(await waiting, { lastID: 2, changes: 1 }, 'goes through once the other writer commits');
  t.same(await patient.all('SELECT v FROM t ORDER BY v', []), [{ v: 1 }, { v: 3 }]);
});

t.test('a closed connection refuses further statements', async (t) => {
  const c = await openSqlite3(await file(t), { busyTimeoutMs: 0 });
  await c.close();
  await t.rejects(c.all('SELECT 1', []), { code: 'SQLITE_MISUSE' });
});

t.test('a file that cannot be opened rejects (no half-open connection)', async (t) => {
  const path = join(await file(t), 'no-such-folder', 'db.sqlite');
  await t.rejects(openSqlite3(path, { busyTimeoutMs: 0 }), { code: 'SQLITE_CANTOPEN' });
});
