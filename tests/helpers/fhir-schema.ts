// FHIR R4 validation against HL7's JSON Schema (fhir.schema.json, FHIR 4.0.1, draft-06), vendored
// gzipped in tests/fixtures/fhir/ with its licence and provenance (README.md there).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const SCHEMA = JSON.parse(gunzipSync(readFileSync(new URL('../fixtures/fhir/fhir.schema.json.gz', import.meta.url))).toString('utf8')) as { id: string };
let ajv: Ajv | null = null;
const compiled = new Map<string, ValidateFunction>();

function validator(resourceType: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
    // The file names itself with draft-04's `id` under a draft-06 `$schema`; ajv reads only `$id`.
    const { id, ...schema } = SCHEMA;
    ajv.addSchema({ ...schema, $id: id }, 'fhir');
  }
  const v = compiled.get(resourceType) ?? ajv.compile({ $ref: `fhir#/definitions/${resourceType}` });
  compiled.set(resourceType, v);
  return v;
}

/** FHIR's JSON rules the schema cannot say (http://hl7.org/fhir/R4/json.html): no empty arrays or objects. */
function emptiness(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [`${path || '/'} empty array`] : value.flatMap((v, i) => emptiness(v, `${path}/${i}`));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? [`${path || '/'} empty object`] : entries.flatMap(([k, v]) => emptiness(v, `${path}/${k}`));
  }
  return [];
}

/** The schema's complaints about a resource as it goes over the wire (JSON), and FHIR's JSON rules; [] when valid. */
export function fhirErrors(resource: unknown): string[] {
  const wire = JSON.parse(JSON.stringify(resource)) as { resourceType?: string };
  const validate = validator(String(wire.resourceType));
  const schema = validate(wire) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  return [...schema, ...emptiness(wire)];
}

export const FHIR_SCHEMA_VERSION = SCHEMA.id;
