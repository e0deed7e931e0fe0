// A table has one writer: the module that INSERTs into, UPDATEs or DELETEs from a table of the
// site database is the only one that does (CONTRIBUTING.md, "A table has one writer"). Everyone
// else asks that module, so a purge, a column or a rule about a table is found in one place. The
// SQL is read from the string literals of daemon/src (comments do not count); the tables from
// schema.sql. Triggers in the migrations are the database's own writes and are not counted.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ROOT, sources } from './sources.ts';
import ts from 'typescript';

const WRITE = /\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)/gi;

/** The text of every string and template literal of a module. */
export function literalsOf(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n.text);
    else if (ts.isTemplateExpression(n)) out.push([n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ? '));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

export function tablesWritten(literals: readonly string[], tables: ReadonlySet<string>): Set<string> {
  const written = new Set<string>();
  for (const sql of literals) for (const m of sql.matchAll(WRITE)) if (tables.has(m[1]!.toLowerCase())) written.add(m[1]!.toLowerCase());
  return written;
}

const TABLES = new Set(
  [...readFileSync(join(ROOT, 'daemon/src/storage/schema.sql'), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)"?/gi)].map((m) =>
    m[1]!.toLowerCase(),
  ),
);

t.test('the statement reader sees writes in SQL strings, not in comments or upserts', async (t) => {
  const tables = new Set(['scan_events', 'daily_counters']);
  const literals = literalsOf(
    'sample.ts',
    [
      '// DELETE FROM daily_counters happens elsewhere',
      "const a = 'INSERT OR IGNORE INTO scan_events (id) VALUES (?) ON CONFLICT(id) DO UPDATE SET id = id';",
      'const b = `UPDATE daily_counters SET n = n + ${1} WHERE day = ?`;',
    ].join('\n'),
  );
  t.same([...tablesWritten(literals, tables)].sort(), ['daily_counters', 'scan_events']);
  t.same([...tablesWritten(literalsOf('c.ts', '// DELETE FROM daily_counters'), tables)], [], 'a comment is not a write');
});

t.test('every table of the site database is written by one module', async (t) => {
  t.ok(TABLES.size > 10, `${TABLES.size} tables read from schema.sql`);
  const writers = new Map<string, string[]>();
  for (const file of sources('daemon/src')) {
    for (const table of tablesWritten(literalsOf(file), TABLES)) writers.set(table, [...(writers.get(table) ?? []), file]);
  }
  const shared = [...writers].filter(([, files]) => files.length > 1).map(([table, files]) => `${table}: ${files.join(', ')}`);
  t.same(shared, [], 'tables with more than one writer');
  for (const [table, [file]] of [...writers].sort()) t.comment(`${table} <- ${file!}`);
});
