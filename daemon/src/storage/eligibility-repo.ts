// The last gateway answer per card (keyed by the ID's HMAC), the durable verify-later queue and the
// visit history of an event.
// A lookup is written ahead with its event (EventsRepo.record: in_flight = 1) before the first call
// leaves; it is deleted when answered, deferred (in_flight = 0, next_at) when the gateway could not
// answer, and a start re-sends whatever a crash left in flight.

import type { Db, SqlValue } from './db.ts';
import type { Rows } from './rows.ts';

export interface LookupRequest {
  readonly maThe: string;
  readonly hoTen: string;
  readonly ngaySinh: string;
}

export interface QueuedLookup {
  readonly id: number;
  readonly eventId: number;
  readonly deviceId: string;
  readonly desk: string;
  readonly request: LookupRequest;
  readonly attempts: number;
}

export interface CachedAnswer {
  readonly answerJson: string;
  readonly checkedAt: string;
  /** Keyed hash of the whole request the answer was for (null for answers stored before v7). */
  readonly requestHash: string | null;
}

type Ref = { eventId: number; deviceId: string; desk: string };
type QueueRow = Pick<Rows['verify_queue'], 'id' | 'event_id' | 'device_id' | 'desk_id' | 'request_json' | 'attempts'>;

const toLookup = (r: QueueRow): QueuedLookup => ({
  id: r.id,
  eventId: r.event_id,
  deviceId: r.device_id,
  desk: r.desk_id,
  request: JSON.parse(r.request_json) as LookupRequest,
  attempts: r.attempts,
});

export class EligibilityRepo {
  constructor(private readonly db: Db) {}

  async cachePut(keyHash: string, answerJson: string, checkedAt: string, requestHash: string | null = null): Promise<void> {
    await this.db.run(
      `INSERT INTO eligibility_cache (key_hash, answer_json, checked_at, request_hash) VALUES (?, ?, ?, ?)
       ON CONFLICT (key_hash) DO UPDATE SET answer_json = excluded.answer_json, checked_at = excluded.checked_at, request_hash = excluded.request_hash`,
      [keyHash, answerJson, checkedAt, requestHash],
    );
  }

  async cacheGet(keyHash: string): Promise<CachedAnswer | undefined> {
    const row = await this.db.get<{ answer_json: string; checked_at: string; request_hash: string | null }>(
      'SELECT answer_json, checked_at, request_hash FROM eligibility_cache WHERE key_hash = ?',
      [keyHash],
    );
    return row && { answerJson: row.answer_json, checkedAt: row.checked_at, requestHash: row.request_hash };
  }

  /** The lookup of a stored read written ahead now, about to be sent (a chip read whose patient just
   *  consented: its lookup was held, never written with the event). */
  async writeAheadOne(ref: Ref, request: LookupRequest, now: Date): Promise<void> {
    await writeAheadNow(this.db, [[ref.eventId, ref.deviceId, ref.desk, JSON.stringify(request), now.getTime(), now.toISOString(), 1]]);
  }

  /** Queues a lookup to be re-checked at `nextAt` (or takes one written ahead out of flight). Idempotent per event. */
  async enqueue(ref: Ref, request: LookupRequest, nextAt: number, now: Date, lastCode: string | null = null): Promise<void> {
    await this.db.run(
      `INSERT INTO verify_queue (event_id, device_id, desk_id, request_json, next_at, created_at, last_code, in_flight) VALUES (?, ?, ?, ?, ?, ?, ?, 0)
       ON CONFLICT (event_id) DO UPDATE SET in_flight = 0, next_at = excluded.next_at, last_code = excluded.last_code`,
      [ref.eventId, ref.deviceId, ref.desk, JSON.stringify(request), nextAt, now.toISOString(), lastCode],
    );
  }

  /** Queued lookups due now, in arrival order; lookups whose first call may still be out are not due. */
  async due(nowMs: number, limit: number): Promise<QueuedLookup[]> {
    const rows = await this.db.all<QueueRow>(
      'SELECT id, event_id, device_id, desk_id, request_json, attempts FROM verify_queue WHERE in_flight = 0 AND next_at <= ? ORDER BY id LIMIT ?',
      [nowMs, limit],
    );
    return rows.map(toLookup);
  }

  /** At start: lookups a crash left in flight are due at once. Returns how many. */
  async releaseInFlight(nowMs: number): Promise<number> {
    return (await this.db.run('UPDATE verify_queue SET in_flight = 0, next_at = ? WHERE in_flight = 1', [nowMs])).changes;
  }

  /** After the administrator resumes lookups: everything queued is due now, in arrival order. */
  async wakeAll(nowMs: number): Promise<number> {
    return (await this.db.run('UPDATE verify_queue SET next_at = ? WHERE in_flight = 0', [nowMs])).changes;
  }

  /** Queued lookups older than the give-up time. In flight too: a call ends within gateway.timeoutMs,
   *  so a row still "in flight" after the give-up time is stuck, and would otherwise stay pending forever. */
  async expired(createdBefore: Date, limit: number): Promise<QueuedLookup[]> {
    const rows = await this.db.all<QueueRow>(
      'SELECT id, event_id, device_id, desk_id, request_json, attempts FROM verify_queue WHERE created_at < ? ORDER BY id LIMIT ?',
      [createdBefore.toISOString(), limit],
    );
    return rows.map(toLookup);
  }

  async reschedule(id: number, nextAt: number, lastCode: string): Promise<void> {
    await this.db.run('UPDATE verify_queue SET attempts = attempts + 1, next_at = ?, last_code = ? WHERE id = ?', [nextAt, lastCode, id]);
  }

  async remove(id: number): Promise<void> {
    await this.db.run('DELETE FROM verify_queue WHERE id = ?', [id]);
  }

  async removeForEvent(eventId: number): Promise<void> {
    await this.db.run('DELETE FROM verify_queue WHERE event_id = ?', [eventId]);
  }

  async pending(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM verify_queue'))?.n ?? 0;
  }

  async historyPut(eventId: number, code: string, visitsJson: string | null, fetchedAt: Date): Promise<void> {
    await this.db.run(
      `INSERT INTO visit_history (event_id, fetched_at, code, visits_json) VALUES (?, ?, ?, ?)
       ON CONFLICT (event_id) DO UPDATE SET fetched_at = excluded.fetched_at, code = excluded.code, visits_json = excluded.visits_json`,
      [eventId, fetchedAt.toISOString(), code, visitsJson],
    );
  }

  async historyGet(eventId: number): Promise<{ fetchedAt: string; code: string; visitsJson: string | null } | undefined> {
    const row = await this.db.get<{ fetched_at: string; code: string; visits_json: string | null }>(
      'SELECT fetched_at, code, visits_json FROM visit_history WHERE event_id = ?',
      [eventId],
    );
    return row && { fetchedAt: row.fetched_at, code: row.code, visitsJson: row.visits_json };
  }

  /** Inside retention's transaction: cached answers, pending lookups and visit histories (a
   *  patient's medical past, which goes with the event's details) from before the cutoff. */
  async purgeBeforeNow(cutoffIso: string): Promise<{ cacheEntries: number; pendingChecks: number; visitHistories: number }> {
    const cache = await this.db.runNow('DELETE FROM eligibility_cache WHERE checked_at < ?', [cutoffIso]);
    const pending = await this.db.runNow('DELETE FROM verify_queue WHERE created_at < ?', [cutoffIso]);
    const history = await this.db.runNow('DELETE FROM visit_history WHERE event_id IN (SELECT id FROM scan_events WHERE at < ?)', [cutoffIso]);
    return { cacheEntries: cache.changes, pendingChecks: pending.changes, visitHistories: history.changes };
  }
}

/** The lookups of a group of new events, written ahead in the events' own transaction (EventsRepo).
 *  in_flight = 1: the first call is about to leave; EligibilityService takes the row out of flight
 *  (answered: deleted; unavailable: deferred), and a start after a crash re-sends it. Each row:
 *  event id, device, desk, request JSON, next attempt (ms), created (ISO), in flight (1). */
export async function writeAheadNow(db: Db, rows: ReadonlyArray<readonly SqlValue[]>): Promise<void> {
  await db.runNow(
    `INSERT INTO verify_queue (event_id, device_id, desk_id, request_json, next_at, created_at, in_flight) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    rows.flat(),
  );
}
