// The district hub's SQL interface: one SQL text with `?` placeholders for both engines (numbered
// $1, $2, … for PostgreSQL), rows from queries, a transaction that commits whole or not at all, and a
// database target given as `sqlite:PATH`, a bare path or a postgres:// URL. PostgreSQL itself needs a
// server (the hub integration tests start one); here only that an unreachable one fails at start-up.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { numberPlaceholders, openSql, type SqlClient } from '../../../../daemon/src/storage/sql-client.ts';

async function sqlite(t: Test, target: (file: string) => string = (f) => f): Promise<SqlClient> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-sql-'));
  const c = await openSql(target(join(dir, 'hub.sqlite')));
  t.teardown(async () => {
    await c.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return c;
}

t.test('placeholders are numbered in order for PostgreSQL', async (t) => {
  const cases: Array<[string, string]> = [
    ['SELECT 1', 'SELECT 1'],
    ['SELECT * FROM sites WHERE id = ?', 'SELECT * FROM sites WHERE id = $1'],
    [
      'INSERT INTO counters (site, day, scans) VALUES (?, ?, ?) ON CONFLICT (site, day) DO UPDATE SET scans = excluded.scans',
      'INSERT INTO counters (site, day, scans) VALUES ($1, $2, $3) ON CONFLICT (site, day) DO UPDATE SET scans = excluded.scans',
    ],
    ['?,?,?,?,?,?,?,?,?,?,?', '$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11'],
  ];
  for (const [sql, want] of cases) t.equal(numberPlaceholders(sql), want, sql);
});

t.test('a SQLite target as a bare path or sqlite:PATH', async (t) => {
  for (const [what, target] of [
    ['bare path', (f: string) => f],
    ['sqlite: prefix', (f: string) => `sqlite:${f}`],
  ] as const) {
    const c = await sqlite(t, target);
    t.equal(c.dialect, 'sqlite', what);
    t.same(await c.query('SELECT 1 AS one'), [{ one: 1 }], `${what}: it answers`);
  }
});

t.test('queries: rows from SELECT and WITH, nothing from writes', async (t) => {
  const c = await sqlite(t);
  t.same(await c.query('CREATE TABLE sites (id TEXT PRIMARY KEY, name TEXT)'), []);
  t.same(await c.query('INSERT INTO sites VALUES (?, ?)', ['01001', 'Trung tâm Y tế quận Tây Hồ']), [], 'a write gives no rows');
  await c.query('INSERT INTO sites VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name', ['01001', 'TTYT Tây Hồ']);
  t.same(await c.query('SELECT * FROM sites WHERE id = ?', ['01001']), [{ id: '01001', name: 'TTYT Tây Hồ' }], 'the upsert both engines speak');
  t.same(await c.query('  select count(*) AS n from sites'), [{ n: 1 }], 'lower case, leading spaces');
  t.same(await c.query('WITH x AS (SELECT id FROM sites) SELECT COUNT(*) AS n FROM x'), [{ n: 1 }], 'a WITH query');
});

t.test('a transaction commits whole, or not at all when it throws', async (t) => {
  const c = await sqlite(t);
  await c.query('CREATE TABLE pushes (site TEXT, day TEXT, scans INTEGER, UNIQUE (site, day))');
  const n = await c.transaction(async (q) => {
    await q.query('INSERT INTO pushes VALUES (?, ?, ?)', ['01001', '2026-12-01', 40]);
    await q.query('INSERT INTO pushes VALUES (?, ?, ?)', ['01001', '2026-12-02', 35]);
    return (await q.query<{ n: number }>('SELECT COUNT(*) AS n FROM pushes'))[0]?.n;
  });
  t.equal(n, 2, 'its queries see its own writes');
  await t.rejects(
    c.transaction(async (q) => {
      await q.query('INSERT INTO pushes VALUES (?, ?, ?)', ['01002', '2026-12-01', 12]);
      await q.query('INSERT INTO pushes VALUES (?, ?, ?)', ['01001', '2026-12-01', 41]);
    }),
    { code: 'SQLITE_CONSTRAINT' },
    'the error reaches the caller',
  );
  t.same(
    await c.query('SELECT site, day, scans FROM pushes ORDER BY day'),
    [
      { site: '01001', day: '2026-12-01', scans: 40 },
      { site: '01001', day: '2026-12-02', scans: 35 },
    ],
    'the failed transaction left nothing behind',
  );
});

t.test('an unreachable PostgreSQL fails when the hub starts, not at the first push', async (t) => {
  await t.rejects(openSql('postgres://hub:secret@127.0.0.1:9/hub'), { code: 'ECONNREFUSED' });
  await t.rejects(openSql('postgresql://hub:secret@127.0.0.1:9/hub'), { code: 'ECONNREFUSED' }, 'postgresql:// too');
});
