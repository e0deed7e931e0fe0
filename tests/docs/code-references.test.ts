// The reasons are in the repository: a comment or a page that names a file of the project names one
// that exists (docs/research/…, a module, a test), and no reason points outside the checkout
// (../shared/research/, where the research notes used to live; the seed documents in ../shared/seeds/
// are the tests' sources and stay where they are). The research notes themselves are left out of the
// first check: they quote other projects' paths.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TREES = ['daemon', 'drivers', 'hub', 'protocols', 'simulators', 'kiosk-ui', 'tests', 'bench', 'packaging', 'bin', 'docs'];
const EXT = /\.(ts|js|mjs|cjs|html|css|md|nsi|cmd|txt)$/;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'artifacts' || e.name === 'fixtures' ? [] : files(rel);
    return EXT.test(e.name) ? [rel] : [];
  });
}

const sources = [...TREES.flatMap(files), 'README.md', 'CONTRIBUTING.md', '.dependency-cruiser.cjs', 'eslint.config.js'];
const ours = sources.filter((f) => !f.startsWith('docs/research/') && !f.startsWith('tests/docs/'));
// A path of the project as prose writes it: a top-level folder of the repository, then a file with an extension.
const PATH =
  /(?<![\w./-])((?:docs|daemon|drivers|hub|protocols|simulators|kiosk-ui|tests|bench|packaging|bin)\/[\w./-]*\w\.(?:md|ts|js|mjs|cjs|json|html|sql|nsi|cmd))\b/g;

t.test('every file of the project named in a comment or a page exists', async (t) => {
  const missing: string[] = [];
  for (const f of ours) {
    const text = readFileSync(join(ROOT, f), 'utf8');
    for (const m of text.matchAll(PATH)) if (!existsSync(join(ROOT, m[1]!))) missing.push(`${f}: ${m[1]}`);
  }
  t.same(missing, [], 'named files exist');
});

t.test('nothing points outside the repository for a reason', async (t) => {
  const outside = sources.filter((f) => f !== 'tests/docs/code-references.test.ts' && readFileSync(join(ROOT, f), 'utf8').includes('shared/research'));
  t.same(outside, [], 'no reference to ../shared/research');
});
