// The hub's database: embedded SQLite for a district, PostgreSQL for a province or the country. The
// hub's SQL is written once, with `?` placeholders and the ON CONFLICT … DO UPDATE both engines speak;
// this adapter numbers the placeholders for PostgreSQL.

import type { Pool, PoolClient } from 'pg';
import { Db, type SqlValue } from './db.ts';

export interface SqlClient {
  readonly dialect: 'sqlite' | 'postgres';
  query<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs `fn` in one transaction; its queries go through the client it is given. */
  transaction<T>(fn: (q: Pick<SqlClient, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function numberPlaceholders(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

export async function openSqlite(file: string): Promise<SqlClient> {
  return sqlClientOf(await Db.open(file));
}

/** The hub's SQL interface over an open SQLite database (a site's own file, for its submissions). */
export function sqlClientOf(db: Db): SqlClient {
  const now = {
    query: async <T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> => {
      if (/^\s*(select|with)\b/i.test(sql)) return db.allNow<T>(sql, params);
      await db.runNow(sql, params);
      return [];
    },
  };
  return {
    dialect: 'sqlite',
    query: <T>(sql: string, params: readonly SqlValue[] = []) => db.serial(() => now.query<T>(sql, params)),
    transaction: (fn) => db.transaction(() => fn(now)),
    close: () => db.close(),
  };
}

export async function openPostgres(url: string): Promise<SqlClient> {
  // Loaded here: a site daemon (which keeps its submitted reports in SQLite through this module) never loads pg.
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // Fail at start-up, not at the first push, when the server is unreachable or the password wrong.
  (await pool.connect()).release();
  const run = async <T>(c: Pool | PoolClient, sql: string, params: readonly SqlValue[] = []): Promise<T[]> =>
    (await c.query(numberPlaceholders(sql), [...params])).rows as T[];
  return {
    dialect: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(c, sql, params) });
        await c.query('COMMIT');
        return result;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
}

/** `sqlite:PATH`, a bare path, or `postgres://…` / `postgresql://…`. */
export function openSql(target: string): Promise<SqlClient> {
  if (/^postgres(ql)?:\/\//.test(target)) return openPostgres(target);
  return openSqlite(target.replace(/^sqlite:/, ''));
}
