// Opens a SqliteConnection (the contract: sqlite-contract.ts) with the driver asked for or found.

import type { ConnectionOptions, SqliteConnection, SqliteDriverChoice, SqliteDriverName } from './sqlite-contract.ts';

/** `TIEPNHAN_SQLITE_DRIVER` overrides `auto` (tests run the storage suites on each driver with it). */
export function driverChoice(configured: SqliteDriverChoice | undefined): SqliteDriverChoice {
  const env = process.env['TIEPNHAN_SQLITE_DRIVER'];
  if (configured && configured !== 'auto') return configured;
  if (env === 'sqlite3' || env === 'node:sqlite') return env;
  return 'auto';
}

/** What `auto` settled on in this process: every later `auto` open uses it. Two SQLite libraries in
 *  one process must never open the same file: file locks are per process, so neither would see the
 *  other's lock (SQLite's own warning about multiple copies in one process). */
let autoChosen: SqliteDriverName | null = null;

/**
 * `auto`: sqlite3 where its binary loads (the Linux install compiled it), else node:sqlite (the
 * Windows package, or any Node ≥ 22.13 without a compiler). A driver named explicitly that cannot
 * load is an error with both reasons, in Vietnamese and English.
 */
export async function openConnection(file: string, choice: SqliteDriverChoice, opts: ConnectionOptions): Promise<SqliteConnection> {
  const order: SqliteDriverName[] = choice !== 'auto' ? [choice] : autoChosen ? [autoChosen] : ['sqlite3', 'node:sqlite'];
  const why: string[] = [];
  for (const name of order) {
    const open = await loadDriver(name).catch((e: unknown) => {
      why.push(`${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      return null;
    });
    if (!open) continue;
    const connection = await open(file, opts);
    if (choice === 'auto') autoChosen = name;
    return connection;
  }
  throw new Error(
    `Không mở được SQLite: không có trình điều khiển nào dùng được (${why.join('; ')}). ` +
      `No SQLite driver could be loaded (${why.join('; ')}): install with a compiler for sqlite3, or run on Node.js 22.13 or later for node:sqlite.`,
  );
}

type Opener = (file: string, opts: ConnectionOptions) => Promise<SqliteConnection>;

async function loadDriver(name: SqliteDriverName): Promise<Opener> {
  if (name === 'sqlite3') return (await import('./sqlite3-connection.ts')).openSqlite3;
  return (await import('./node-sqlite-connection.ts')).openNodeSqlite;
}
