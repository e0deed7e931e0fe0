// `node bin/run-ts.mjs packaging/dump-schema.ts > daemon/src/storage/schema.sql`: what a fresh
// database holds after every migration (tests/unit/daemon/storage/migrations.schema.test.ts compares the two).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../daemon/src/storage/db.ts';
import { migrate, schemaOf } from '../daemon/src/storage/migrations.ts';

const dir = mkdtempSync(join(tmpdir(), 'tiepnhan-schema-'));
const db = await Db.open(join(dir, 'schema.sqlite'));
await migrate(db);
process.stdout.write('-- What a fresh tiepnhan database holds after every migration in migrations/ (generated:\n');
process.stdout.write('-- node bin/run-ts.mjs packaging/dump-schema.ts > daemon/src/storage/schema.sql). Read it to see\n');
process.stdout.write("-- today's tables; change the schema with a new migration, never here.\n\n");
process.stdout.write(await schemaOf(db));
await db.close();
rmSync(dir, { recursive: true, force: true });
