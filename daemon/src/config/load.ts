import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { configSchema, type Config } from './schema.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOOPBACK: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

const ajv = new Ajv({ useDefaults: true, allErrors: true });
const validate = ajv.compile(configSchema);

/** Validates a plain object and fills every default; throws ConfigError listing every problem. */
export function resolveConfig(input: unknown): Config {
  const copy: unknown = structuredClone(input ?? {});
  if (!validate(copy)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const config = copy as Config;
  if (!LOOPBACK.has(config.host) && config.auth.tokens.length === 0) {
    throw new ConfigError(`invalid configuration: listening on ${config.host} (beyond this PC) needs API tokens in /auth/tokens; without them tiepnhan only listens on 127.0.0.1`);
  }
  if (config.hub.url !== null && (config.hub.siteId === '' || config.hub.token === '')) {
    throw new ConfigError('invalid configuration: /hub needs siteId and token when url is set (the hub refuses anonymous pushes)');
  }
  const scanners = config.scanners.map((s, i) => ({ ...s, id: s.id ?? `serial-${i + 1}` }));
  return { ...config, scanners };
}

export async function loadConfigFile(path: string): Promise<unknown> {
  const text = await readFile(resolve(path), 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}
