// The last gateway answer per card (keyed by the ID's HMAC) and the durable verify-later queue.
// A queued lookup keeps the three fields the gateway needs until it is answered, then is deleted.

import type { Db } from './db.ts';

export interface QueuedLookup {
  readonly id: number;
  readonly eventId: number;
  readonly deviceId: string;
  readonly desk: string;
  readonly request: { maThe: string; hoTen: string; ngaySinh: string };
  readonly attempts: number;
}

export class EligibilityRepo {
  constructor(private readonly db: Db) {}

  async cachePut(keyHash: string, answerJson: string, checkedAt: string): Promise<void> {
    await this.db.run(
      `INSERT INTO eligibility_cache (key_hash, answer_json, checked_at) VALUES (?, ?, ?)
       ON CONFLICT (key_hash) DO UPDATE SET answer_json = excluded.answer_json, checked_at = excluded.checked_at`,
      [keyHash, answerJson, checkedAt],
    );
  }

  async cacheGet(keyHash: string): Promise<{ answerJson: string; checkedAt: string } | undefined> {
    const row = await this.db.get<{ answer_json: string; checked_at: string }>('SELECT answer_json, checked_at FROM eligibility_cache WHERE key_hash = ?', [
      keyHash,
    ]);
    return row && { answerJson: row.answer_json, checkedAt: row.checked_at };
  }

  /** Idempotent: one queue row per event. */
  async enqueue(ref: { eventId: number; deviceId: string; desk: string }, request: QueuedLookup['request'], nextAt: number, now: Date): Promise<void> {
    await this.db.run(
      `INSERT INTO verify_queue (event_id, device_id, desk_id, request_json, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (event_id) DO NOTHING`,
      [ref.eventId, ref.deviceId, ref.desk, JSON.stringify(request), nextAt, now.toISOString()],
    );
  }

  async due(nowMs: number, limit: number): Promise<QueuedLookup[]> {
    const rows = await this.db.all<{ id: number; event_id: number; device_id: string; desk_id: string; request_json: string; attempts: number }>(
      'SELECT id, event_id, device_id, desk_id, request_json, attempts FROM verify_queue WHERE next_at <= ? ORDER BY next_at, id LIMIT ?',
      [nowMs, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      deviceId: r.device_id,
      desk: r.desk_id,
      request: JSON.parse(r.request_json) as QueuedLookup['request'],
      attempts: r.attempts,
    }));
  }

  async reschedule(id: number, nextAt: number, lastCode: string): Promise<void> {
    await this.db.run('UPDATE verify_queue SET attempts = attempts + 1, next_at = ?, last_code = ? WHERE id = ?', [nextAt, lastCode, id]);
  }

  async remove(id: number): Promise<void> {
    await this.db.run('DELETE FROM verify_queue WHERE id = ?', [id]);
  }

  async pending(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM verify_queue'))?.n ?? 0;
  }
}
