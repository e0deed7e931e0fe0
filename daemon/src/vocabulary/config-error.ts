import type { ErrorObject } from 'ajv';

/** A configuration the daemon or the hub refuses to start with; the message names every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** JSON pointer "/auth/tokens/1" -> "auth.tokens[1]": the key as hospital IT reads it in the file. */
export function configKey(instancePath: string): string {
  if (instancePath === '') return '(top level)';
  return instancePath
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg, i) => (/^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `${i === 0 ? '' : '.'}${seg}` : `[${JSON.stringify(seg)}]`))
    .join('');
}

const MAX_LISTED = 12;

/** The schema's complaints, one line each, naming the key: `auth.tokens[1]: unknown key "rol"` where
 *  ajv says "/auth/tokens/1 must NOT have additional properties" (which does not say which key). Never
 *  the value found: a configuration holds tokens and secrets, and this line reaches logs. */
export function configProblems(errors: readonly ErrorObject[]): string[] {
  const lines = errors.map((e) => {
    const key = configKey(e.instancePath);
    const p = e.params as { additionalProperty?: string; missingProperty?: string; allowedValues?: readonly unknown[] };
    if (e.keyword === 'additionalProperties' && p.additionalProperty !== undefined) return `${key}: unknown key ${JSON.stringify(p.additionalProperty)}`;
    if (e.keyword === 'required' && p.missingProperty !== undefined) return `${key}: missing key ${JSON.stringify(p.missingProperty)}`;
    if (e.keyword === 'enum' && p.allowedValues) {
      const listed = p.allowedValues.slice(0, MAX_LISTED).map((v) => JSON.stringify(v));
      return `${key}: must be one of ${listed.join(', ')}${p.allowedValues.length > MAX_LISTED ? ', …' : ''}`;
    }
    return `${key}: ${e.message ?? e.keyword}`;
  });
  return [...new Set(lines)];
}
