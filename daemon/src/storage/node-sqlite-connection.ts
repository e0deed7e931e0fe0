// Node's built-in `node:sqlite` as a SqliteConnection (contract in sqlite-contract.ts): the Windows
// package's driver, nothing to compile. Its calls are synchronous: a statement holds the event loop
// for its own duration (a commit's fsync included), which for a desk's one-row writes is shorter
// than the hop to sqlite3's thread pool would be. Loading this module throws on a Node without it.

import { createRequire } from 'node:module';
import type { ConnectionOptions, RunResult, SqliteConnection, SqlValue } from './sqlite-contract.ts';

// The part of node:sqlite used here (@types/node for Node 20 does not describe it).
interface Statement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  all(...params: SqlValue[]): Array<Record<string, unknown>>;
}
interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}
interface NodeSqlite {
  DatabaseSync: new (file: string) => DatabaseSync;
}

// Required, not imported: `import('node:sqlite')` would be a syntax-level dependency that Node 20
// cannot even parse the specifier of; require throws an ordinary error there, caught by the caller.
const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as NodeSqlite;

/** SQLite's primary result codes by number (the low byte of an extended code). */
const PRIMARY: Readonly<Record<number, string>> = {
  1: 'SQLITE_ERROR',
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  15: 'SQLITE_PROTOCOL',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  26: 'SQLITE_NOTADB',
};

/** node:sqlite says `ERR_SQLITE_ERROR` with a numeric `errcode`; the rest of tiepnhan reads sqlite3's names. */
export function withSqliteCode(e: unknown): Error {
  if (!(e instanceof Error)) return new Error(String(e));
  const errcode = (e as Error & { errcode?: unknown }).errcode;
  if (typeof errcode !== 'number') return e;
  const code = PRIMARY[errcode & 0xff] ?? 'SQLITE_ERROR';
  return Object.assign(new Error(`${code}: ${e.message}`), { code, errno: errcode & 0xff, extendedCode: errcode });
}

function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(withSqliteCode(e));
  }
}

/** BLOBs arrive as Uint8Array and rows with a null prototype; callers get sqlite3's shapes. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
  return out;
}

const CACHE_SIZE = 256; // prepared statements kept: the daemon uses fewer distinct SQL texts than this

export async function openNodeSqlite(file: string, opts: ConnectionOptions): Promise<SqliteConnection> {
  const db = await attempt(() => new DatabaseSync(file));
  const cache = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let s = cache.get(sql);
    if (s) {
      cache.delete(sql); // most recently used goes last
    } else {
      s = db.prepare(sql);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, s);
    return s;
  };
  await attempt(() => db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs))}`));
  return {
    driver: 'node:sqlite',
    exec: (sql) => attempt(() => db.exec(sql)),
    run: (sql, params) =>
      attempt<RunResult>(() => {
        const r = prepare(sql).run(...params);
        return { lastID: Number(r.lastInsertRowid), changes: Number(r.changes) };
      }),
    all: <T>(sql: string, params: readonly SqlValue[]) =>
      attempt(
        () =>
          prepare(sql)
            .all(...params)
            .map(plainRow) as T[],
      ),
    close: () =>
      attempt(() => {
        cache.clear();
        db.close();
      }),
  };
}
