// Single writes queued back to back share a transaction (Db.run). What a caller must still see:
// its own result, its own error only, and no write overtaking work queued before it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';

async function open(t: Test): Promise<Db> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-db-'));
  const db = await Db.open(join(dir, 'db.sqlite'));
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE NOT NULL)');
  return db;
}

t.test('writes issued together each resolve with their own row id, all committed', async (t) => {
  const db = await open(t);
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => db.run('INSERT INTO t (v) VALUES (?)', [`v${i}`])));
  const rows = await db.all<{ id: number; v: string }>('SELECT id, v FROM t ORDER BY id');
  t.equal(rows.length, 50);
  t.same(
    results.map((r) => rows.find((x) => x.id === r.lastID)?.v),
    rows.map((_, i) => `v${i}`),
    'each caller got the id of its own row',
  );
});

t.test('one bad write in a batch fails alone; its neighbours are committed', async (t) => {
  const db = await open(t);
  await db.run('INSERT INTO t (v) VALUES (?)', ['taken']);
  const [a, b, c] = await Promise.allSettled([
    db.run('INSERT INTO t (v) VALUES (?)', ['a']),
    db.run('INSERT INTO t (v) VALUES (?)', ['taken']),
    db.run('INSERT INTO t (v) VALUES (?)', ['c']),
  ]);
  t.equal(a.status, 'fulfilled');
  t.match(b, { status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT' } }, 'the duplicate is refused');
  t.equal(c.status, 'fulfilled');
  t.same(
    (await db.all<{ v: string }>('SELECT v FROM t ORDER BY id')).map((r) => r.v),
    ['taken', 'a', 'c'],
  );
});

t.test('a write never overtakes a read or a transaction queued before it', async (t) => {
  const db = await open(t);
  const first = db.run('INSERT INTO t (v) VALUES (?)', ['first']);
  const seen = db.all<{ n: number }>('SELECT COUNT(*) AS n FROM t');
  const inTx = db.transaction(() => db.allNow<{ n: number }>('SELECT COUNT(*) AS n FROM t'));
  const second = db.run('INSERT INTO t (v) VALUES (?)', ['second']);
  await Promise.all([first, second]);
  t.equal((await seen)[0]!.n, 1, 'the read queued between the two writes saw only the first');
  t.equal((await inTx)[0]!.n, 1, 'so did the transaction');
  t.equal((await db.all<{ n: number }>('SELECT COUNT(*) AS n FROM t'))[0]!.n, 2);
});
