// The database schema, one numbered file per version in migrations/ (NNN-what.sql), each run whole
// by SQLite itself (`exec`: a trigger body or a string with ";" in it is no problem) inside one
// transaction with its schema_version row. Append-only: a released migration is never edited; a
// change is a new file. schema.sql beside this file is what a fresh database holds after all of them
// (tests/unit/daemon/storage/migrations.schema.test.ts keeps it true, on both SQLite drivers).

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The migrations in version order: file NNN is version NNN, and there is no gap. */
export function migrationFiles(): ReadonlyArray<{ readonly version: number; readonly file: string; readonly sql: string }> {
  const files = readdirSync(DIR)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 3));
    if (version !== i + 1) throw new Error(`migrations/${file}: expected version ${i + 1} (no gaps, no duplicates)`);
    return { version, file, sql: readFileSync(DIR + file, 'utf8') };
  });
}

/** Brings the database to the newest version (`upTo`: an older one, for migration tests); returns the
 *  notes of the migrations it ran (what they changed in stored data), for the start-up log. */
export async function migrate(db: Db, opts: { upTo?: number } = {}): Promise<string[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version');
  const current = row?.v ?? 0;
  const migrations = migrationFiles();
  const last = Math.min(opts.upTo ?? migrations.length, migrations.length);
  for (const m of migrations.slice(current, last)) {
    await db.transaction(async () => {
      await db.execNow(m.sql);
      await db.runNow('INSERT INTO schema_version (version) VALUES (?)', [m.version]);
    });
  }
  // A new database has nothing to recount; an up-to-date one ran nothing.
  if (current === 0 || current >= last || last < 8) return [];
  const notes = await db.all<{ version: number; note: string }>('SELECT version, note FROM migration_notes WHERE version > ? ORDER BY version', [current]);
  return notes.map((n) => `v${n.version}: ${n.note}`);
}

/** The schema as SQLite keeps it (tables, indexes, triggers; SQLite's own tables left out), one
 *  statement a line block, in a stable order: what schema.sql holds. */
export async function schemaOf(db: Db): Promise<string> {
  const rows = await db.all<{ sql: string }>(
    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name",
  );
  return rows.map((r) => `${r.sql};`).join('\n\n') + '\n';
}
