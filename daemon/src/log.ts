// The daemon's logger: pino JSON lines. Personal data has one choke point: code logs
// `maskIdentity(...)`, and pino's redact paths mask the same keys again should anything slip through.

import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { maskField, maskIdentity, PERSONAL_KEYS } from './parse/mask.ts';

export type Logger = PinoLogger;
export { maskIdentity };

const censor = (value: unknown, path: string[]): unknown => maskField(value, path[path.length - 1] ?? '');
const REDACT_PATHS = ['identity', 'patient', 'query', 'body', 'person'].flatMap((root) => PERSONAL_KEYS.map((k) => `${root}.${k}`));

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tiepnhan' },
      redact: { paths: REDACT_PATHS, censor },
    },
    destination,
  );
}
