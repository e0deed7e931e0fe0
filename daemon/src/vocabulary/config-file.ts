// Reading a configuration file (the daemon's and the hub's alike): JSON, or a ConfigError naming the file.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.ts';

/** The parsed JSON of a configuration file; a file that is not JSON is a ConfigError naming it. */
export async function loadConfigFile(path: string): Promise<unknown> {
  const text = await readFile(resolve(path), 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}
