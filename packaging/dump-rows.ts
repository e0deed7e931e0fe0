// `node bin/run-ts.mjs packaging/dump-rows.ts > daemon/src/storage/rows.ts`: the row type of every
// table of a freshly migrated database (tests/unit/daemon/storage/row-types.test.ts compares the two).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../daemon/src/storage/db.ts';
import { migrate } from '../daemon/src/storage/migrations.ts';
import { rowTypesOf } from '../daemon/src/storage/row-types.ts';

const dir = mkdtempSync(join(tmpdir(), 'tiepnhan-rows-'));
const db = await Db.open(join(dir, 'rows.sqlite'));
await migrate(db);
process.stdout.write('// The row of every table, as the migrations (migrations/) leave it. Generated: never edit; after a\n');
process.stdout.write('// migration, run node bin/run-ts.mjs packaging/dump-rows.ts > daemon/src/storage/rows.ts\n\n');
process.stdout.write(await rowTypesOf(db));
await db.close();
rmSync(dir, { recursive: true, force: true });
