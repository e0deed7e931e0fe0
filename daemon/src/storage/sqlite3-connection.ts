// The `sqlite3` addon as a SqliteConnection (contract in sqlite-contract.ts). Loading this module
// throws where the addon has no binary: the caller then tries node:sqlite.

import sqlite3 from 'sqlite3';
import type { ConnectionOptions, RunResult, SqliteConnection, SqlValue } from './sqlite-contract.ts';

export async function openSqlite3(file: string, opts: ConnectionOptions): Promise<SqliteConnection> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(d)));
  });
  db.configure('busyTimeout', opts.busyTimeoutMs);
  return {
    driver: 'sqlite3',
    exec: (sql) => new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve()))),
    run: (sql, params) =>
      new Promise<RunResult>((resolve, reject) => {
        db.run(sql, params as SqlValue[], function (err) {
          if (err) reject(err);
          else resolve({ lastID: this.lastID, changes: this.changes });
        });
      }),
    all: <T>(sql: string, params: readonly SqlValue[]) =>
      new Promise<T[]>((resolve, reject) => db.all(sql, params as SqlValue[], (err, rows) => (err ? reject(err) : resolve(rows as T[])))),
    close: () => new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve()))),
  };
}
