// `npm run test:unit`: every unit, docs and structure test in one process. Each file under tap's
// own runner costs a Node start and a TypeScript load (~0.7 s; 166 s for the lot on two cores);
// loaded together they share both and finish in seconds. A file therefore must leave no global
// behind (fake timers uninstalled in t.teardown, no file-wide t.beforeEach). One file alone:
// `npx tap tests/unit/<path>.test.ts` (CONTRIBUTING.md).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';

const ROOTS = ['tests/unit', 'tests/docs', 'tests/structure'];
const files = ROOTS.flatMap((root) =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name)),
).sort();
// One file's 30 s default would cover the whole suite; on a loaded two-core machine that is too tight.
t.setTimeout(300_000);
// Loaded inside a first test: the files queue their tests on the root, which waits for this one to
// end, so a file's top-level await (a template database made once) cannot end the root early.
t.test(`load ${files.length} test files`, async (t) => {
  for (const file of files) await import(pathToFileURL(file).href);
  t.pass('loaded');
});
