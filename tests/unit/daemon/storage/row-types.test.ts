// One declaration per column: the migrations. rows.ts (the `Rows['table']` type every repository
// reads and writes with) is generated from a migrated database by packaging/dump-rows.ts; a
// migration that adds a column without regenerating it fails here, before a repository can type a
// row by hand that the database no longer has.

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { rowTypesOf } from '../../../../daemon/src/storage/row-types.ts';

const ROWS = fileURLToPath(new URL('../../../../daemon/src/storage/rows.ts', import.meta.url));

async function freshDb(t: { teardown(fn: () => unknown): void }): Promise<Db> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-rows-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const db = await Db.open(join(dir, 'db.sqlite'));
  t.teardown(() => db.close());
  return db;
}

t.test('rows.ts is the row types of a freshly migrated database', async (t) => {
  const db = await freshDb(t);
  await migrate(db);
  const checkedIn = readFileSync(ROWS, 'utf8')
    .replace(/^\/\/.*\n/gm, '')
    .trimStart();
  t.equal(await rowTypesOf(db), checkedIn, 'regenerate with node bin/run-ts.mjs packaging/dump-rows.ts > daemon/src/storage/rows.ts');
});

t.test('a column is typed as the driver hands it back, nullable unless NOT NULL or the key', async (t) => {
  const db = await freshDb(t);
  await db.run('CREATE TABLE sample (id INTEGER PRIMARY KEY, day TEXT NOT NULL, note VARCHAR(20), score REAL, photo BLOB, loose)');
  const source = await rowTypesOf(db);
  for (const line of [
    'readonly id: number;',
    'readonly day: string;',
    'readonly note: string | null;',
    'readonly score: number | null;',
    'readonly photo: Buffer | null;',
    'readonly loose: Buffer | null;',
  ]) {
    t.ok(source.includes(line), line);
  }
  t.match(source, /^export interface Rows \{\n {2}readonly sample: \{/, 'one entry per table, named as the table');
});
