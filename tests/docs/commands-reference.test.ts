// The commands are declared once (daemon/src/cli/commands.ts): what each parses, its usage lines,
// `tiepnhan help`, and the table of docs/reference/commands.md all come from there.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { COMMANDS, usageText } from '../../daemon/src/cli/commands.ts';
import { COMMANDS_MD, withTable } from '../../packaging/docs/commands-reference.ts';
import { runCli } from '../helpers/cli.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

t.test('docs/reference/commands.md has the table the declarations give', async (t) => {
  const page = readFileSync(COMMANDS_MD, 'utf8');
  t.equal(page, withTable(page), 'regenerate with node bin/run-ts.mjs packaging/docs/commands-reference.ts');
});

t.test('every option a command parses is on its usage lines, and every --flag there is an option', async (t) => {
  for (const [name, spec] of Object.entries(COMMANDS)) {
    const flags = new Set(spec.forms.flatMap((f) => [...f.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!)));
    t.same([...flags].sort(), Object.keys(spec.options).sort(), name);
  }
});

t.test('tiepnhan help prints every command and form; the README names every command', async (t) => {
  const help = await runCli(['help']);
  t.equal(help.code, 0);
  t.equal(help.stdout, usageText());
  for (const spec of Object.values(COMMANDS)) for (const f of spec.forms) t.ok(help.stdout.includes(`tiepnhan ${f.usage}`), f.usage);
  const readme = readFileSync(README, 'utf8');
  for (const name of Object.keys(COMMANDS)) t.ok(readme.includes(`npx tiepnhan ${name}`), `README: ${name}`);
});
