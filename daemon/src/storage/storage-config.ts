// The storage's configuration slices: how the SQLite file is written, and how long personal details
// stay in it.

import type { ConfigOf } from '../vocabulary/config-slice.ts';

export const STORAGE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    busyTimeoutMs: { type: 'integer', minimum: 0, default: 5000 },
    // How long a read waits for a locked or full database before it is given up (and logged).
    retryForMs: { type: 'integer', minimum: 0, default: 600000 },
    // FULL: an acknowledged scan survives a power cut. NORMAL only survives a crash (load tests).
    synchronous: { type: 'string', enum: ['FULL', 'NORMAL'], default: 'FULL' },
    // auto: sqlite3 where its compiled binary loads (Linux installs), else Node's own node:sqlite
    // (the Windows package, any Node ≥ 22.13). Same schema and guarantees on both.
    driver: { type: 'string', enum: ['auto', 'sqlite3', 'node:sqlite'], default: 'auto' },
    // Health warns (/api/health, the pages) when the data folder has less free space than this, or
    // than 2 % of a disk too small for it, before any write fails. Checked every diskCheckMs.
    warnFreeMb: { type: 'integer', minimum: 0, default: 500 },
    diskCheckMs: { type: 'integer', minimum: 1000, default: 60000 },
    // On SIGTERM, reads still waiting for the database (a full disk) get this long to be stored;
    // what is left is one log line with the count.
    shutdownGraceMs: { type: 'integer', minimum: 0, default: 10000 },
  },
} as const;

/** Personal details (names, addresses, raw bytes) older than this are erased; counters stay. */
export const PRIVACY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: { retentionDays: { type: 'number', minimum: 0, default: 30 } },
} as const;

export type StorageConfig = ConfigOf<typeof STORAGE_SCHEMA>;
export type PrivacyConfig = ConfigOf<typeof PRIVACY_SCHEMA>;
