// Node's built-in node:sqlite behind the connection contract (daemon/src/storage/sqlite-contract.ts),
// the Windows package's driver: the same shapes as sqlite3 (numbers for row ids, plain rows, BLOBs as
// Buffers) and the same error names, so storage health tells a full disk (SQLITE_FULL) from a locked
// file (SQLITE_BUSY) on a Windows desk exactly as on a Linux one. node:sqlite exists from Node 22.13
// on (the versions package.json allows): on an older Node every case here is skipped.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type * as NodeSqliteConnection from '../../../../daemon/src/storage/node-sqlite-connection.ts';
import type { SqliteConnection } from '../../../../daemon/src/storage/sqlite-contract.ts';

const nodeHasSqlite = (() => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  return major > 22 || (major === 22 && minor >= 13);
})();
const skip = nodeHasSqlite ? false : `node:sqlite needs Node.js 22.13 or later (this is ${process.versions.node})`;

// Imported only where it can load: the module requires node:sqlite when it is loaded.
type Module = typeof NodeSqliteConnection;
const load = (): Promise<Module> => import('../../../../daemon/src/storage/node-sqlite-connection.ts');

async function open(t: Test, busyTimeoutMs = 5000): Promise<{ c: SqliteConnection; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-ns-'));
  const file = join(dir, 'db.sqlite');
  const c = await (await load()).openNodeSqlite(file, { busyTimeoutMs });
  t.teardown(async () => {
    await c.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return { c, file };
}

t.test('statements: row ids and change counts as numbers, plain rows, BLOBs as Buffers', { skip }, async (t) => {
  const { c } = await open(t);
  t.equal(c.driver, 'node:sqlite');
  await c.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, raw BLOB, n INTEGER)');
  t.same(await c.run('INSERT INTO t (name, raw, n) VALUES (?, ?, ?)', ['Nguyễn Văn An', Buffer.from([0x30, 0x7c, 0xff]), 42]), { lastID: 1, changes: 1 });
  await c.run('INSERT INTO t (name, raw, n) VALUES (?, ?, ?)', ['Trần Thị Bình', null, 7]);
  t.equal((await c.run('UPDATE t SET n = n + 1', [])).changes, 2);
  const rows = await c.all<{ id: number; name: string; raw: Buffer | null; n: number }>('SELECT * FROM t ORDER BY id', []);
  t.equal(Object.getPrototypeOf(rows[0]), Object.prototype, 'a plain object, not a null-prototype one');
  t.ok(Buffer.isBuffer(rows[0]?.raw), 'a Buffer, not a bare Uint8Array');
  t.equal(rows[0]?.raw?.toString('hex'), '307cff');
  t.equal(rows[0]?.name, 'Nguyễn Văn An');
  t.equal(rows[0]?.n, 43);
  t.equal(rows[1]?.raw, null);
});

t.test('the busy timeout is set on the connection', { skip }, async (t) => {
  const { c } = await open(t, 1234);
  t.same(await c.all('PRAGMA busy_timeout', []), [{ timeout: 1234 }]);
});

t.test("errors carry sqlite3's names: a duplicate is SQLITE_CONSTRAINT, a full database SQLITE_FULL", { skip }, async (t) => {
  const { c } = await open(t);
  await c.exec('CREATE TABLE t (v TEXT UNIQUE)');
  await c.run('INSERT INTO t VALUES (?)', ['a']);
  await t.rejects(c.run('INSERT INTO t VALUES (?)', ['a']), {
    code: 'SQLITE_CONSTRAINT',
    errno: 19,
    extendedCode: 2067,
    message: /^SQLITE_CONSTRAINT: .*UNIQUE/,
  });
  await t.rejects(c.all('SELECT * FROM nowhere', []), { code: 'SQLITE_ERROR', message: /no such table/ });
  const [{ page_count: pages }] = (await c.all<{ page_count: number }>('PRAGMA page_count', [])) as [{ page_count: number }];
  await c.exec(`PRAGMA max_page_count = ${pages + 2}`);
  await t.rejects(
    (async () => {
      for (let i = 0; i < 500; i++) await c.run('INSERT INTO t VALUES (?)', ['x'.repeat(2000) + i]);
    })(),
    { code: 'SQLITE_FULL' },
  );
});

t.test('a file held by another writer is SQLITE_BUSY (what storage health retries)', { skip }, async (t) => {
  const { c: holder, file } = await open(t);
  await holder.exec('CREATE TABLE t (v INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);');
  const other = await (await load()).openNodeSqlite(file, { busyTimeoutMs: 0 });
  t.teardown(() => other.close().catch(() => undefined));
  await t.rejects(other.run('INSERT INTO t VALUES (2)', []), { code: 'SQLITE_BUSY' });
  await holder.exec('COMMIT');
});

t.test('more distinct statements than the statement cache holds all run, old ones again too', { skip }, async (t) => {
  const { c } = await open(t);
  const got: number[] = [];
  for (let i = 0; i < 300; i++) got.push((await c.all<{ v: number }>(`SELECT ${i} AS v`, []))[0]!.v);
  t.same(got, [...Array(300).keys()], '300 distinct statements');
  t.same(await c.all('SELECT 0 AS v', []), [{ v: 0 }], 'the first one, evicted long ago, is prepared again');
});

t.test('a closed connection refuses further statements', { skip }, async (t) => {
  const { c } = await open(t);
  await c.close();
  await t.rejects(c.all('SELECT 1', []));
});

t.test('error names from node:sqlite’s numeric codes', { skip }, async (t) => {
  const { withSqliteCode } = await load();
  const coded = (errcode: number): Error => Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode });
  const cases: Array<[number, string]> = [
    [5, 'SQLITE_BUSY'],
    [6, 'SQLITE_LOCKED'],
    [13, 'SQLITE_FULL'],
    [10, 'SQLITE_IOERR'],
    [10 | (3 << 8), 'SQLITE_IOERR'],
    [2067, 'SQLITE_CONSTRAINT'],
    [14, 'SQLITE_CANTOPEN'],
    [26, 'SQLITE_NOTADB'],
    [99, 'SQLITE_ERROR'],
  ];
  for (const [errcode, name] of cases) {
    const e = withSqliteCode(coded(errcode));
    t.match(e, { code: name, errno: errcode & 0xff, extendedCode: errcode, message: `${name}: database or disk is full` }, `errcode ${errcode}`);
  }
  const plain = new Error('not from SQLite');
  t.equal(withSqliteCode(plain), plain, 'an error without errcode is passed on as it is');
  t.match(withSqliteCode('text'), { message: 'text' }, 'a thrown non-Error becomes an Error');
});
