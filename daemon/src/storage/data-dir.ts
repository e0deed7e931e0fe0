// The data folder holds patient details, the ID hash key and the page-session key: only the service's
// own user may read it. A new install creates the folder 0700 and the database 0600 (SQLite gives its
// WAL and shared-memory files the database's mode); an older install with looser modes keeps running
// and is reported in /api/health with the command that fixes it.

import { constants } from 'node:fs';
import { chmod, mkdir, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataDirStatus } from '../api/contract.ts';
import { STORAGE_TEXT } from './storage-messages.ts';

export type { DataDirStatus };

export const PRIVATE_FILES = ['tiepnhan.sqlite', 'tiepnhan.sqlite-wal', 'tiepnhan.sqlite-shm', 'id-hash.key', 'session.key'] as const;

/** Creates the folder (0700) and an empty database file (0600) when missing; says whether the database existed. */
export async function prepareDataDir(dataDir: string, dbName: string): Promise<{ dbExisted: boolean }> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    const fh = await open(join(dataDir, dbName), constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    await fh.close();
    await chmod(join(dataDir, dbName), 0o600); // the umask may have taken bits away, never added: this is exact
    return { dbExisted: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      return { dbExisted: (await stat(join(dataDir, dbName))).size > 0 };
    }
    throw e;
  }
}

/** Group/other permission bits on the folder or any private file. Windows has no such bits: always ok. */
export async function checkDataDir(dataDir: string): Promise<DataDirStatus> {
  if (process.platform === 'win32') return { ok: true };
  const loose: string[] = [];
  const check = async (path: string, name: string): Promise<void> => {
    try {
      if (((await stat(path)).mode & 0o077) !== 0) loose.push(name);
    } catch {
      // not created yet (WAL before the first write): nothing to expose
    }
  };
  await check(dataDir, '.');
  for (const f of PRIVATE_FILES) await check(join(dataDir, f), f);
  if (loose.length === 0) return { ok: true };
  return {
    ok: false,
    code: 'DATA_PERMISSIONS',
    ...STORAGE_TEXT.dataDirLoose(loose, dataDir),
    loose,
  };
}
