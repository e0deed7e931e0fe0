// `node bin/run-ts.mjs packaging/docs/commands-reference.ts`: writes the command table of
// docs/reference/commands.md from daemon/src/cli/commands.ts (one row per form of each command);
// the prose around the table is kept. tests/docs/commands-reference.test.ts fails when they drift.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandRows } from '../../daemon/src/cli/commands.ts';

export const COMMANDS_MD = fileURLToPath(new URL('../../docs/reference/commands.md', import.meta.url));
export const TABLE_HEAD = '| command | what it does |\n|---|---|\n';

/** The page with its table replaced by the one the declarations give. */
export function withTable(page: string): string {
  const start = page.indexOf(TABLE_HEAD);
  if (start < 0) throw new Error('docs/reference/commands.md has no command table');
  const body = start + TABLE_HEAD.length;
  const end = page.indexOf('\n\n', body);
  return page.slice(0, body) + commandRows().join('\n') + page.slice(end < 0 ? page.length : end);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await import('node:path')).resolve(process.argv[1])) {
  writeFileSync(COMMANDS_MD, withTable(readFileSync(COMMANDS_MD, 'utf8')));
}
