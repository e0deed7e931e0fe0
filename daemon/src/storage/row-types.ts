// The row types of every table, read off a migrated database: `rows.ts` is generated from it
// (node bin/run-ts.mjs packaging/dump-rows.ts > daemon/src/storage/rows.ts), so a column has one
// declaration (its migration) and every module that reads or writes a table uses `Rows['table']`
// instead of typing the row by hand. tests/unit/daemon/storage/row-types.test.ts keeps rows.ts true.

import type { Db } from './db.ts';

interface Column {
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly pk: number;
}

/** SQLite's declared type affinity, as the drivers hand values back. */
function tsType(declared: string): string {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'number';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'string';
  if (t.includes('BLOB') || t === '') return 'Buffer';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'number';
  return 'number | string';
}

/** The TypeScript source of rows.ts for the database as it is. */
export async function rowTypesOf(db: Db): Promise<string> {
  const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const out: string[] = ['export interface Rows {'];
  for (const { name } of tables) {
    const columns = await db.all<Column>(`SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, [name]);
    out.push(`  readonly ${name}: {`);
    for (const c of columns) {
      const nullable = c.notnull === 0 && c.pk === 0;
      out.push(`    readonly ${c.name}: ${tsType(c.type)}${nullable ? ' | null' : ''};`);
    }
    out.push('  };');
  }
  out.push('}', '');
  return out.join('\n');
}
