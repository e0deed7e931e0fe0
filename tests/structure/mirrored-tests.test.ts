// The test for a module is where its path says: daemon/src/<path>/<module>.ts is tested by
// tests/unit/daemon/<path>/<module>.test.ts (or <module>.<behaviour>.test.ts, one behaviour a file);
// the same for drivers/src, simulators/src, hub/src and protocols/. A module with logic (a function,
// a class, a method) either has that file or is listed in UNTESTED with the reason; a module of types
// and constants only needs none. The listing is printed, so a newcomer sees what is not covered.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ROOT, sources } from './sources.ts';
import ts from 'typescript';
import { UNTESTED } from './untested-modules.ts';

/** Source tree -> the folder of tests/unit/ that mirrors it. */
const TREES: ReadonlyArray<readonly [string, string]> = [
  ['daemon/src', 'daemon'],
  ['drivers/src', 'drivers'],
  ['simulators/src', 'simulators'],
  ['hub/src', 'hub'],
  ['protocols', 'protocols'],
];

/** True when the module holds code that runs: a function, a method, a class, an arrow function. */
export function hasLogic(file: string): boolean {
  const sf = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isModuleDeclaration(n)) return;
    if (ts.isFunctionLike(n) && !ts.isFunctionTypeNode(n) && !ts.isMethodSignature(n) && !ts.isCallSignatureDeclaration(n)) {
      const body = (n as ts.FunctionLikeDeclaration).body;
      if (body) found = true;
      return;
    }
    if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** The unit test files that mirror a source module (its own file, or one per behaviour). */
function mirrorsOf(file: string): string[] {
  const [tree, mirror] = TREES.find(([tree]) => file.startsWith(`${tree}/`))!;
  const rel = file.slice(tree.length + 1).replace(/\.ts$/, '');
  const dir = join(ROOT, 'tests/unit', mirror, rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f === `${base}.test.ts` || (f.startsWith(`${base}.`) && f.endsWith('.test.ts')));
}

const all = TREES.flatMap(([tree]) => sources(tree));
const withLogic = all.filter(hasLogic);
const untested = withLogic.filter((f) => mirrorsOf(f).length === 0);

t.test('every module with logic has a mirrored unit test, or a reason in untested-modules.ts', async (t) => {
  const unlisted = untested.filter((f) => !(f in UNTESTED));
  t.same(unlisted, [], 'modules with logic and neither a tests/unit/ mirror nor a listed reason');
});

t.test('the listing holds no stale entry', async (t) => {
  const stale = Object.keys(UNTESTED).filter((f) => !untested.includes(f));
  t.same(stale, [], 'listed modules that are gone, have no logic, or now have a test (remove them from the list)');
  for (const [f, reason] of Object.entries(UNTESTED)) t.ok(reason.length >= 20, `${f}: the reason says why`);
});

t.test('every unit test file mirrors a module', async (t) => {
  const orphans: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.test.ts') && !all.some((src) => mirrorsOf(src).some((m) => rel.endsWith(`/${m}`) && rel.startsWith(mirrorDir(src)))))
        orphans.push(rel);
    }
  };
  walk('tests/unit');
  t.same(orphans, [], 'test files under tests/unit/ whose path names no module');
});

function mirrorDir(file: string): string {
  const [tree, mirror] = TREES.find(([tree]) => file.startsWith(`${tree}/`))!;
  const rel = file.slice(tree.length + 1);
  return `tests/unit/${mirror}/${rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : ''}`;
}

t.comment(
  `${all.length} modules, ${withLogic.length} with logic, ${withLogic.length - untested.length} with a mirrored unit test, ${untested.length} listed without one`,
);
