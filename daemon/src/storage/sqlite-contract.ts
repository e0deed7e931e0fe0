// The one seam below `Db`: a connection to one SQLite file, as two drivers provide it.
//
// - `sqlite3` (the npm addon): asynchronous, its own thread pool, compiled at install. The Linux
//   desk machines run it on Node 20, which has no SQLite of its own.
// - `node:sqlite` (built into Node ≥ 22.13): synchronous, nothing to compile. The Windows package
//   runs it: `sqlite3` has no Windows binary that a closed hospital network (or this build machine)
//   can download.
//
// Contract, for both: statements run in the order they are called and never interleave (`Db` queues
// them); `run` resolves with the row id and change count of that statement; `all` resolves with
// plain objects whose BLOB columns are Buffers; a failure rejects with an Error whose `code` is
// SQLite's primary result name (`SQLITE_FULL`, `SQLITE_BUSY`, `SQLITE_CONSTRAINT`, …), which is how
// storage health tells a full disk from a locked file.

export type SqlValue = string | number | null | Buffer;
export type SqliteDriverName = 'sqlite3' | 'node:sqlite';
export type SqliteDriverChoice = 'auto' | SqliteDriverName;

export interface RunResult {
  readonly lastID: number;
  readonly changes: number;
}

export interface SqliteConnection {
  readonly driver: SqliteDriverName;
  exec(sql: string): Promise<void>;
  run(sql: string, params: readonly SqlValue[]): Promise<RunResult>;
  all<T>(sql: string, params: readonly SqlValue[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface ConnectionOptions {
  readonly busyTimeoutMs: number;
}
