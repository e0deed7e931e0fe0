// docs/reference/configuration.md is generated from the configuration schema: it must be exactly what
// the generator writes now, and it must list every key path of the schema (walked here on its own,
// so a generator that skipped a key would be caught too).

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { configSchema } from '../../daemon/src/config/schema.ts';
import { REGENERATE, renderConfigReference } from '../../packaging/docs/config-reference.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGE = join(ROOT, 'docs', 'reference', 'configuration.md');

interface Node {
  readonly properties?: Readonly<Record<string, Node>>;
  readonly items?: Node;
  readonly oneOf?: readonly Node[];
  readonly anyOf?: readonly Node[];
  readonly allOf?: readonly Node[];
}

/** Every key path: `a.b` for a property, `a[].b` for a property of an array's elements; the
 *  properties of every oneOf/anyOf/allOf variant count as keys of the same path. */
function schemaKeyPaths(node: Node, path = '', out = new Set<string>()): Set<string> {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = path ? `${path}.${key}` : key;
    out.add(childPath);
    schemaKeyPaths(child, childPath, out);
  }
  if (node.items) schemaKeyPaths(node.items, `${path}[]`, out);
  for (const variant of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) schemaKeyPaths(variant, path, out);
  return out;
}

/** The key paths the page lists: the first cell of each table row. */
function listedKeyPaths(page: string): Set<string> {
  return new Set([...page.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!));
}

const page = readFileSync(PAGE, 'utf8');
const schemaKeys = schemaKeyPaths(configSchema as unknown as Node);

t.test('docs/reference/configuration.md is what the generator writes from the schema now', async (t) => {
  t.equal(page, renderConfigReference(), `the page matches the schema (when it does not, regenerate it: ${REGENERATE})`);
});

t.test('every key path of the configuration schema is listed in docs/reference/configuration.md', async (t) => {
  t.ok(schemaKeys.has('storage.driver') && schemaKeys.has('facility.stations[].desks') && schemaKeys.has('log.file'), 'the walk reaches nested keys');
  const listed = listedKeyPaths(page);
  const missing = [...schemaKeys].filter((k) => !listed.has(k));
  t.same(missing, [], `no key of daemon/src/config/schema.ts is missing (when one is, regenerate the page: ${REGENERATE})`);
  const unknown = [...listed].filter((k) => !schemaKeys.has(k));
  t.same(unknown, [], 'the reference lists no key the schema does not have');
});
