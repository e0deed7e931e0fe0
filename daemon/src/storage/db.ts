// SQLite behind a small promise API. One connection (sqlite3 or node:sqlite: sqlite-contract.ts),
// WAL mode, and every statement goes through one queue: the async driver would otherwise interleave
// statements of concurrent async callers inside each other's transactions.

import { driverChoice, openConnection } from './sqlite-connection.ts';
import type { RunResult, SqliteConnection, SqliteDriverChoice, SqliteDriverName, SqlValue } from './sqlite-contract.ts';

export type { SqlValue, SqliteDriverName };

interface Write {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  readonly resolve: (r: RunResult) => void;
  readonly reject: (err: unknown) => void;
}

export class Db {
  readonly #db: SqliteConnection;
  #queue: Promise<unknown> = Promise.resolve();
  /** The newest queued batch of single writes, while it may still take more (see `run`). */
  #openBatch: Write[] | null = null;

  private constructor(db: SqliteConnection) {
    this.#db = db;
  }

  /** Which driver this connection runs on (shown in /api/health). */
  get driver(): SqliteDriverName {
    return this.#db.driver;
  }

  /** synchronous=FULL: a commit the kiosk was told about survives a power cut, not only a crash
   *  (WAL with NORMAL may lose the last commits when the power goes). secure_delete=ON: erased
   *  patient details are overwritten with zeros, not left in free pages of the file. */
  static async open(file: string, opts: { busyTimeoutMs?: number; synchronous?: 'FULL' | 'NORMAL'; driver?: SqliteDriverChoice } = {}): Promise<Db> {
    const raw = await openConnection(file, driverChoice(opts.driver), { busyTimeoutMs: opts.busyTimeoutMs ?? 5000 });
    const db = new Db(raw);
    await db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${opts.synchronous ?? 'FULL'}; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;`);
    return db;
  }

  /** Runs `fn` alone on the connection (no other statement can interleave). */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    this.#openBatch = null; // work queued after a batch closes it: a write never overtakes other work
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** BEGIN IMMEDIATE … COMMIT around `fn`, rolled back if it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial(async () => {
      await this.#exec('BEGIN IMMEDIATE');
      try {
        const result = await fn();
        await this.#exec('COMMIT');
        return result;
      } catch (e) {
        await this.#exec('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  exec(sql: string): Promise<void> {
    return this.serial(() => this.#exec(sql));
  }

  /** Several statements in one go, run by SQLite itself; inside `transaction`/`serial` callbacks only. */
  execNow(sql: string): Promise<void> {
    return this.#db.exec(sql);
  }

  /** For use inside `transaction`/`serial` callbacks only (already queued). */
  runNow(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return this.#db.run(sql, params);
  }

  /** One write. Writes queued back to back (nothing else between them in the queue) share one
   *  transaction, so one fsync under synchronous=FULL instead of one each: while a commit is being
   *  flushed, the writes of other scans pile up behind it and go together. Each caller still resolves
   *  only after its write is committed; if the shared transaction fails, each write is retried alone,
   *  so one bad statement fails only its own caller. */
  run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const write: Write = { sql, params, resolve, reject };
      if (this.#openBatch) {
        this.#openBatch.push(write);
        return;
      }
      const batch = [write];
      void this.serial(async () => {
        if (this.#openBatch === batch) this.#openBatch = null;
        await this.#runBatch(batch);
      });
      this.#openBatch = batch;
    });
  }

  async #runBatch(batch: readonly Write[]): Promise<void> {
    if (batch.length > 1) {
      try {
        await this.#exec('BEGIN IMMEDIATE');
        const results: RunResult[] = [];
        for (const w of batch) results.push(await this.runNow(w.sql, w.params));
        await this.#exec('COMMIT');
        batch.forEach((w, i) => w.resolve(results[i]!));
        return;
      } catch {
        await this.#exec('ROLLBACK').catch(() => undefined);
      }
    }
    for (const w of batch) await this.runNow(w.sql, w.params).then(w.resolve, w.reject);
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.serial(() => this.allNow<T>(sql, params));
  }

  /** For use inside `transaction`/`serial` callbacks only (already queued). */
  allNow<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.#db.all<T>(sql, params);
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  /** Copies the WAL into the database and truncates it, so erased details do not linger in the WAL. */
  async checkpoint(): Promise<{ busy: number; log: number; checkpointed: number }> {
    const row = (await this.all<{ busy: number; log: number; checkpointed: number }>('PRAGMA wal_checkpoint(TRUNCATE)'))[0];
    return row ?? { busy: 0, log: 0, checkpointed: 0 };
  }

  close(): Promise<void> {
    return this.serial(() => this.#db.close());
  }

  #exec(sql: string): Promise<void> {
    return this.#db.exec(sql);
  }
}
