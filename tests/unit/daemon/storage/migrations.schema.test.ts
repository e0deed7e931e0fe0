// The migrations (daemon/src/storage/migrations/NNN-*.sql) and the checked-in schema.sql agree: a
// fresh database migrated to the newest version holds exactly schema.sql. Runs on the driver the
// machine picks and again on node:sqlite (tests/integration/storage-on-node-sqlite.test.ts).

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate, migrationFiles, schemaOf } from '../../../../daemon/src/storage/migrations.ts';

const SCHEMA = fileURLToPath(new URL('../../../../daemon/src/storage/schema.sql', import.meta.url));

t.test('a fresh database after every migration is schema.sql', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-schema-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const db = await Db.open(join(dir, 'db.sqlite'));
  t.teardown(() => db.close());
  await migrate(db);
  const expected = readFileSync(SCHEMA, 'utf8')
    .replace(/^--.*\n/gm, '')
    .trimStart();
  t.equal(await schemaOf(db), expected, `${db.driver}: regenerate with node bin/run-ts.mjs packaging/dump-schema.ts > daemon/src/storage/schema.sql`);
  t.equal((await db.get<{ v: number }>('SELECT MAX(version) AS v FROM schema_version'))?.v, migrationFiles().length, 'at the newest version');
});

t.test('each migration runs whole, in its own transaction: a trigger body with its semicolons stays one statement', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-schema-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const db = await Db.open(join(dir, 'db.sqlite'));
  t.teardown(() => db.close());
  await migrate(db);
  const trigger = await db.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'scan_events_counted'");
  t.match(trigger?.sql, /BEGIN[\s\S]*UPDATE daily_counters[\s\S]*;\s*UPDATE hub_push_state[\s\S]*;\s*END/, 'the trigger holds both of its statements');
  t.same(
    migrationFiles().map((m) => m.version),
    migrationFiles().map((_, i) => i + 1),
    'versions 1…n, no gap',
  );
});
