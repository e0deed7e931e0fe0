// How a configuration slice is declared: once, as a JSON Schema object `as const`. ajv validates the
// file against it and fills in its defaults (config/load.ts); its TypeScript type is read off the same
// object by json-schema-to-ts at compile time (nothing of it runs), so the two cannot drift. Each part
// owns its slice beside its code; config/schema.ts only assembles them.

import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export type { JSONSchema };

/** A slice's type: a key with a default is always there (ajv filled it in), one without is optional. */
export type ConfigOf<S extends JSONSchema> = FromSchema<S, { keepDefaultedPropertiesOptional: false }>;

/** A gateway answer code ("050") or a state code ("rejected"). */
export const CODE = { type: 'string', minLength: 1, maxLength: 40 } as const;
