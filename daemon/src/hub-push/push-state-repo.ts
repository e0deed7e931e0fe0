// How far the district hub has acknowledged this site's counters. Kept in SQLite so a restart
// or a week offline resumes from the last acknowledged day instead of losing or re-sending all.

import type { Db } from '../storage/db.ts';

export interface PushState {
  readonly ackedThrough: string | null;
  readonly lastAttempt: string | null;
  readonly lastError: string | null;
  /** The earliest acknowledged day whose counters changed since (a lookup answered late): sent again. */
  readonly dirtyFrom: string | null;
  /** Counts those changes, so a push clears only the ones it has seen. */
  readonly dirtySeq: number;
}

export class PushStateRepo {
  constructor(private readonly db: Db) {}

  async get(): Promise<PushState> {
    const r = await this.db.get<{
      acked_through: string | null;
      last_attempt: string | null;
      last_error: string | null;
      dirty_from: string | null;
      dirty_seq: number;
    }>('SELECT * FROM hub_push_state WHERE id = 1');
    return {
      ackedThrough: r?.acked_through ?? null,
      lastAttempt: r?.last_attempt ?? null,
      lastError: r?.last_error ?? null,
      dirtyFrom: r?.dirty_from ?? null,
      dirtySeq: r?.dirty_seq ?? 0,
    };
  }

  /** After the changed days went out: forgets them, unless another change came in meanwhile. */
  async clearDirty(seenSeq: number): Promise<void> {
    await this.db.run('UPDATE hub_push_state SET dirty_from = NULL WHERE id = 1 AND dirty_seq = ?', [seenSeq]);
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
