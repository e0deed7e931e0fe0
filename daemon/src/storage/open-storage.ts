// Opens what the daemon stores into, before anything else is created (the composition root is given
// it): the data folder (0700), the keys (a missing key beside an existing database stops here, before
// anything is written), the database (migrated), and the one-time fix-ups of older data.

import { join, resolve } from 'node:path';
import type { DataDirStatus } from '../api/contract.ts';
import type { FacilityConfig } from '../vocabulary/facility.ts';
import type { StorageConfig } from './storage-config.ts';
import type { Logger } from '../log.ts';
import { nameKey } from '../parse/name-key.ts';
import { placeResolver } from '../vocabulary/place.ts';
import { checkDataDir, prepareDataDir } from './data-dir.ts';
import { Db } from './db.ts';
import { EventsRepo } from './events-repo.ts';
import { loadIdHasher, type IdHasher } from './id-hash.ts';
import { loadOrCreateKey } from './key-file.ts';
import { migrate } from './migrations.ts';
import { STORAGE_TEXT } from './storage-messages.ts';

export interface Storage {
  readonly db: Db;
  readonly dataDir: string;
  readonly dbFile: string;
  readonly hashId: IdHasher;
  /** Keyed hash of a normalised name (name + date-of-birth search). */
  readonly hashName: (name: string) => string;
  /** Signs page-session cookies. */
  readonly sessionKey: Buffer;
  /** Permissions of the data folder as last checked. */
  files(): DataDirStatus;
  recheckFiles(): Promise<void>;
}

export async function openStorage(
  config: { readonly dataDir: string; readonly storage: StorageConfig; readonly facility: FacilityConfig },
  log: Logger,
): Promise<Storage> {
  const dataDir = resolve(config.dataDir);
  const { dbExisted } = await prepareDataDir(dataDir, 'tiepnhan.sqlite');
  const hashId = await loadIdHasher(dataDir, { mayCreate: !dbExisted });
  const sessionKey = await loadOrCreateKey(join(dataDir, 'session.key'), { mayCreate: true, what: STORAGE_TEXT.sessionKey });
  const dbFile = join(dataDir, 'tiepnhan.sqlite');
  const db = await Db.open(dbFile, { busyTimeoutMs: config.storage.busyTimeoutMs, synchronous: config.storage.synchronous, driver: config.storage.driver });
  log.info({ driver: db.driver }, `SQLite through ${db.driver}`);
  for (const note of await migrate(db)) log.warn({ migration: note }, 'stored data migrated');
  const hashName = (name: string): string => hashId(`name:${nameKey(name)}`);
  await new EventsRepo(db).backfillNameHashes(hashName);
  const placeOf = placeResolver(config.facility);
  await new EventsRepo(db).placeUnplaced(config.facility.id, (desk) => placeOf(desk).stationId);
  let files = await checkDataDir(dataDir);
  if (!files.ok) log.warn({ loose: files.loose }, files.en ?? 'data folder permissions');
  return {
    db,
    dataDir,
    dbFile,
    hashId,
    hashName,
    sessionKey,
    files: () => files,
    async recheckFiles() {
      files = await checkDataDir(dataDir);
    },
  };
}
