// A route's request types come from its schema (http-kit/schema-types.ts), never from a hand-written
// generic beside it: `app.post<{ Body: … }>` can say one thing while the schema checks another, and
// the compiler would believe the generic. This check fails on such a generic, and on a route module
// that gives a schema but declares its routes on an instance without the schema type provider.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ROOT, sources } from './sources.ts';

const ROUTE_GENERIC = /\b(app|untyped|fastify|server|hub)\.(get|post|put|delete|patch|head|route)<\s*[{A-Z]/;
/** Schemas that only hide a page from /docs declare no request shape. */
const REQUEST_SCHEMA = /schema:\s*\{[^}]*\b(body|querystring|params)\s*[:,}]/;

const files = ['daemon/src', 'hub/src'].flatMap((tree) => sources(tree));

t.test('no route writes its request types by hand', async (t) => {
  const generic = files.filter((f) => ROUTE_GENERIC.test(readFileSync(join(ROOT, f), 'utf8')));
  t.same(generic, [], 'route calls with a hand-written type argument (declare a schema and use SchemaTypes)');
});

t.test('a route module with request schemas declares its routes through the schema type provider', async (t) => {
  const modules = files.filter((f) => REQUEST_SCHEMA.test(readFileSync(join(ROOT, f), 'utf8')));
  t.ok(modules.length >= 10, `the route modules are found (${modules.length})`);
  const untyped = modules.filter((f) => !/withTypeProvider<SchemaTypes>\(\)|: TypedApp\b/.test(readFileSync(join(ROOT, f), 'utf8')));
  t.same(untyped, [], 'modules whose schemas do not type their handlers');
});
