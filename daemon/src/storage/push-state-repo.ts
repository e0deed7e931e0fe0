// How far the district hub has acknowledged this site's counters. Kept in SQLite so a restart
// or a week offline resumes from the last acknowledged day instead of losing or re-sending all.

import type { Db } from './db.ts';

export interface PushState {
  readonly ackedThrough: string | null;
  readonly lastAttempt: string | null;
  readonly lastError: string | null;
}

export class PushStateRepo {
  constructor(private readonly db: Db) {}

  async get(): Promise<PushState> {
    const r = await this.db.get<{ acked_through: string | null; last_attempt: string | null; last_error: string | null }>(
      'SELECT * FROM hub_push_state WHERE id = 1',
    );
    return { ackedThrough: r?.acked_through ?? null, lastAttempt: r?.last_attempt ?? null, lastError: r?.last_error ?? null };
  }

  async record(attemptAt: Date, result: { ackedThrough: string } | { error: string }): Promise<void> {
    const acked = 'ackedThrough' in result ? result.ackedThrough : null;
    const error = 'error' in result ? result.error : null;
    await this.db.run(
      `INSERT INTO hub_push_state (id, acked_through, last_attempt, last_error) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET acked_through = COALESCE(excluded.acked_through, hub_push_state.acked_through),
         last_attempt = excluded.last_attempt, last_error = excluded.last_error`,
      [acked, attemptAt.toISOString(), error],
    );
  }
}
