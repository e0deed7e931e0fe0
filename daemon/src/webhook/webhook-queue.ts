// The HIS webhook's durable queue (table webhook_queue), and the only module that writes it: a
// registration, a merge or its undo enqueues a delivery inside its own transaction (nothing
// registered is ever missing from the HIS), the worker takes what is due and records how each
// attempt went, and retention replaces old bodies by tombstones.

import { randomUUID } from 'node:crypto';
import type { Db } from '../storage/db.ts';
import type { Rows } from '../storage/rows.ts';

export type QueuedDelivery = Pick<Rows['webhook_queue'], 'id' | 'registration_id' | 'idempotency_key' | 'body' | 'attempts'>;

export class WebhookQueue {
  constructor(private readonly db: Db) {}

  /** Inside the caller's transaction (runNow). `registrationId` 0: an event about patients, not a
   *  registration (retention's tombstones never match it). `kind` names the event in the idempotency key. */
  async enqueueNow(e: { facilityId: string; kind: string; ref: number; registrationId: number; body: string; at: Date }): Promise<void> {
    await this.db.runNow('INSERT INTO webhook_queue (registration_id, idempotency_key, body, next_at) VALUES (?, ?, ?, ?)', [
      e.registrationId,
      `${e.facilityId}:${e.kind}:${e.ref}:${randomUUID()}`,
      e.body,
      e.at.getTime(),
    ]);
  }

  async pending(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM webhook_queue WHERE delivered_at IS NULL AND purged_at IS NULL'))?.n ?? 0;
  }

  /** After a restart, whatever waits is tried at once rather than at the end of its backoff. */
  async wakeAll(nowMs: number): Promise<void> {
    await this.db.run('UPDATE webhook_queue SET next_at = ? WHERE delivered_at IS NULL AND next_at > ?', [nowMs, nowMs]);
  }

  async due(nowMs: number, limit = 20): Promise<QueuedDelivery[]> {
    return this.db.all<QueuedDelivery>(
      'SELECT id, registration_id, idempotency_key, body, attempts FROM webhook_queue WHERE delivered_at IS NULL AND purged_at IS NULL AND next_at <= ? ORDER BY id LIMIT ?',
      [nowMs, limit],
    );
  }

  async delivered(id: number, at: Date): Promise<void> {
    await this.db.run('UPDATE webhook_queue SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?', [at.toISOString(), id]);
  }

  async failed(id: number, nextAtMs: number, error: string): Promise<void> {
    await this.db.run('UPDATE webhook_queue SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?', [nextAtMs, error, id]);
  }

  /** Inside retention's transaction: a delivered body is the HIS's copy now, ours goes with the other
   *  details; one never delivered (the HIS was gone for the whole retention period) is not kept
   *  either: a tombstone without personal data says which registration it was and that it was
   *  purged. Returns how many undelivered ones became tombstones. */
  async purgeBeforeNow(cutoffIso: string, at: Date): Promise<number> {
    await this.db.runNow("UPDATE webhook_queue SET body = '{}' WHERE delivered_at IS NOT NULL AND delivered_at < ? AND body != '{}'", [cutoffIso]);
    const undelivered = await this.db.runNow(
      `UPDATE webhook_queue SET body = json_object('type', 'purged', 'registrationId', registration_id), purged_at = ?
       WHERE delivered_at IS NULL AND purged_at IS NULL AND registration_id IN (SELECT id FROM registrations WHERE at < ?)`,
      [at.toISOString(), cutoffIso],
    );
    return undelivered.changes;
  }
}
