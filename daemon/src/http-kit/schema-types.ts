// A route's request types are read off its own JSON Schema, as the configuration slices are
// (vocabulary/config-slice.ts): `app.withTypeProvider<SchemaTypes>()` makes fastify type
// `req.body`, `req.query` and `req.params` from the `schema` given with the route, by json-schema-to-ts
// at compile time. So the schema that ajv checks at run time is the type the handler reads: they
// cannot drift, and no route writes its body type by hand (a structure test checks that).

import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';

export type SchemaTypes = JsonSchemaToTsProvider;

/** A desk's name as every route accepts it (a search, a webcam read, a queue call). */
export const DESK = { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,64}$' } as const;

/** The fastify instance a route module declares its routes on, with schema-derived request types. */
export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  SchemaTypes
>;
