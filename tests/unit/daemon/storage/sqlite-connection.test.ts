// Which SQLite driver a site runs on: the configured one, else TIEPNHAN_SQLITE_DRIVER, else auto
// (sqlite3 where its compiled binary loads, as on the Linux desks). A driver named explicitly that
// cannot load stops the start with both reasons, in Vietnamese and English, so hospital IT knows
// whether to install a compiler or a newer Node.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { driverChoice, openConnection } from '../../../../daemon/src/storage/sqlite-connection.ts';
import type { SqliteDriverChoice } from '../../../../daemon/src/storage/sqlite-contract.ts';

const nodeHasSqlite = (() => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  return major > 22 || (major === 22 && minor >= 13);
})();

async function file(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-conn-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'db.sqlite');
}

t.test('the configured driver wins; the environment only overrides auto; anything else there is ignored', async (t) => {
  const saved = process.env['TIEPNHAN_SQLITE_DRIVER'];
  t.teardown(() => {
    if (saved === undefined) delete process.env['TIEPNHAN_SQLITE_DRIVER'];
    else process.env['TIEPNHAN_SQLITE_DRIVER'] = saved;
  });
  const cases: Array<[SqliteDriverChoice | undefined, string | undefined, SqliteDriverChoice]> = [
    [undefined, undefined, 'auto'],
    ['auto', undefined, 'auto'],
    ['sqlite3', undefined, 'sqlite3'],
    ['node:sqlite', undefined, 'node:sqlite'],
    ['auto', 'node:sqlite', 'node:sqlite'],
    [undefined, 'sqlite3', 'sqlite3'],
    ['sqlite3', 'node:sqlite', 'sqlite3'],
    ['node:sqlite', 'sqlite3', 'node:sqlite'],
    ['auto', 'postgres', 'auto'],
    ['auto', '', 'auto'],
  ];
  for (const [configured, env, want] of cases) {
    if (env === undefined) delete process.env['TIEPNHAN_SQLITE_DRIVER'];
    else process.env['TIEPNHAN_SQLITE_DRIVER'] = env;
    t.equal(driverChoice(configured), want, `configured ${configured ?? '(none)'}, environment ${env ?? '(unset)'}`);
  }
});

t.test('sqlite3 named explicitly, and auto on this install, open the compiled addon', async (t) => {
  const explicit = await openConnection(await file(t), 'sqlite3', { busyTimeoutMs: 1000 });
  t.teardown(() => explicit.close());
  t.equal(explicit.driver, 'sqlite3');
  t.same(await explicit.all('PRAGMA busy_timeout', []), [{ timeout: 1000 }], 'the busy timeout is applied');
  const auto = await openConnection(await file(t), 'auto', { busyTimeoutMs: 0 });
  t.teardown(() => auto.close());
  t.equal(auto.driver, 'sqlite3', 'auto prefers sqlite3 where its binary loads');
});

t.test('node:sqlite named on a Node without it: both languages, the reason, and what to do', async (t) => {
  if (nodeHasSqlite) {
    const c = await openConnection(await file(t), 'node:sqlite', { busyTimeoutMs: 0 });
    t.teardown(() => c.close());
    t.equal(c.driver, 'node:sqlite', `Node ${process.versions.node} has node:sqlite: it opens`);
    return;
  }
  const err = (await openConnection(await file(t), 'node:sqlite', { busyTimeoutMs: 0 }).catch((e: unknown) => e)) as Error;
  t.match(err.message, /^Không mở được SQLite: không có trình điều khiển nào dùng được \(node:sqlite: /, 'Vietnamese first, with the reason');
  t.match(err.message, /No SQLite driver could be loaded \(node:sqlite: .*\): install with a compiler for sqlite3, or run on Node\.js 22\.13 or later/);
  t.notMatch(err.message, /sqlite3:/, 'only the driver asked for was tried');
  t.notMatch(err.message, /\n/, 'the first line of each reason only');
});
