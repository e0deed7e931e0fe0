// The daemon's logger: pino JSON lines. Personal data has one choke point: code logs
// `maskIdentity(...)`, and pino's redact paths mask the same keys again should anything slip through.

import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { maskField, maskIdentity, PERSONAL_KEYS } from './parse/mask.ts';
import type { ConfigOf } from './vocabulary/config-slice.ts';

export type Logger = PinoLogger;

/** The `log` section of the daemon's and the hub's configuration. */
export const LOG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    level: { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], default: 'info' },
    // A file instead of stdout (the Windows service writes under %ProgramData%\tiepnhan\logs): a new
    // file after maxBytes, the newest `keep` old ones kept. null: stdout (systemd's journal, a console).
    file: { type: ['string', 'null'], minLength: 1, default: null },
    maxBytes: { type: 'integer', minimum: 65536, default: 10485760 },
    keep: { type: 'integer', minimum: 1, maximum: 100, default: 5 },
  },
} as const;

export type LogConfig = ConfigOf<typeof LOG_SCHEMA>;
export { maskIdentity };

const censor = (value: unknown, path: string[]): unknown => maskField(value, path[path.length - 1] ?? '');
const REDACT_PATHS = ['identity', 'patient', 'query', 'body', 'person'].flatMap((root) => PERSONAL_KEYS.map((k) => `${root}.${k}`));

/** Where the log goes: stdout, or with `log.file` a file that pino-roll starts anew after `maxBytes`
 *  (tiepnhan.1.log, tiepnhan.2.log, …), keeping the newest `keep` old ones. Synchronous writes: the
 *  Windows service may be ended without a chance to flush, and a desk logs a few lines a minute. */
export async function logDestination(cfg: LogConfig): Promise<DestinationStream | undefined> {
  if (!cfg.file) return undefined;
  const roll = (await import('pino-roll')).default;
  return roll({ file: cfg.file, size: `${Math.ceil(cfg.maxBytes / 1024)}k`, limit: { count: cfg.keep }, mkdir: true, sync: true });
}

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
