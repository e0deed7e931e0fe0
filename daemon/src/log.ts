// The daemon's logger: pino JSON lines. Personal data has one choke point: code logs
// `maskIdentity(...)`, and pino's redact paths mask the same keys again should anything slip through.

import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { maskAddress, maskId, maskName } from './parse/mask.ts';

export type Logger = PinoLogger;

const ID_KEYS = ['id', 'oldId', 'idNumber', 'maThe', 'cardCode', 'cccdCb', 'maSoBHXH', 'value'];
const NAME_KEYS = ['name', 'hoTen', 'hoTenCb'];
const ADDRESS_KEYS = ['address', 'diaChi'];

function censor(value: unknown, path: string[]): unknown {
  if (typeof value !== 'string') return '[redacted]';
  const key = path[path.length - 1] ?? '';
  if (NAME_KEYS.includes(key)) return maskName(value);
  if (ADDRESS_KEYS.includes(key)) return maskAddress(value);
  return maskId(value);
}

const keys = [...ID_KEYS, ...NAME_KEYS, ...ADDRESS_KEYS];
const REDACT_PATHS = ['identity', 'patient', 'query', 'body', 'person'].flatMap((root) => keys.map((k) => `${root}.${k}`));

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

/** The masked view of an identity, for log lines and the technician's screens. */
export function maskIdentity(identity: { id?: string; cardCode?: string; name?: string; address?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  if (identity.id) out['idMasked'] = maskId(identity.id);
  if (identity.cardCode) out['cardMasked'] = maskId(identity.cardCode);
  if (identity.name) out['nameMasked'] = maskName(identity.name);
  if (identity.address) out['addressMasked'] = maskAddress(identity.address);
  return out;
}
