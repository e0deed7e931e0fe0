// The privacy rules in SQL: the audit log (who looked up which hashed ID, when, with what outcome),
// and the retention purge that erases patient details after `privacy.retentionDays` while keeping
// events, counters and the audit log, none of which hold a name, address or full ID.

import type { Db } from './db.ts';

export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly desk: string;
  readonly action: string;
  readonly eventId: number | null;
  readonly idHash: string | null;
  readonly outcome: string;
}

export interface PurgeResult {
  readonly events: number;
  readonly cacheEntries: number;
  readonly pendingChecks: number;
}

export class PrivacyRepo {
  constructor(private readonly db: Db) {}

  async audit(e: Omit<AuditEntry, 'at'> & { at: Date }): Promise<void> {
    await this.db.run('INSERT INTO audit_log (at, actor, desk_id, action, event_id, id_hash, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      e.at.toISOString(),
      e.actor,
      e.desk,
      e.action,
      e.eventId,
      e.idHash,
      e.outcome,
    ]);
  }

  async auditLog(fromIso: string, toIso: string, limit = 10_000): Promise<AuditEntry[]> {
    const rows = await this.db.all<{ at: string; actor: string; desk_id: string; action: string; event_id: number | null; id_hash: string | null; outcome: string }>(
      `SELECT at, actor, desk_id, action, event_id, id_hash, outcome FROM (
         SELECT at, COALESCE(actor, device_id) AS actor, desk_id, source AS action, id AS event_id, id_hash,
                CASE WHEN outcome = 'success' THEN 'success' ELSE COALESCE(error_code, 'error') END AS outcome, 0 AS kind, id AS seq
         FROM scan_events WHERE at >= ? AND at < ?
         UNION ALL
         SELECT at, actor, desk_id, action, event_id, id_hash, outcome, 1 AS kind, id AS seq FROM audit_log WHERE at >= ? AND at < ?)
       ORDER BY at, kind, seq LIMIT ?`,
      [fromIso, toIso, fromIso, toIso, limit],
    );
    return rows.map((r) => ({ at: r.at, actor: r.actor, desk: r.desk_id, action: r.action, eventId: r.event_id, idHash: r.id_hash, outcome: r.outcome }));
  }

  /** Erases personal details stored before `cutoff`. */
  async purgeBefore(cutoff: Date): Promise<PurgeResult> {
    const iso = cutoff.toISOString();
    return this.db.transaction(async () => {
      const events = await this.db.runNow(
        'UPDATE scan_events SET identity_json = NULL, raw_hex = NULL, eligibility_json = NULL WHERE at < ? AND (identity_json IS NOT NULL OR raw_hex IS NOT NULL OR eligibility_json IS NOT NULL)',
        [iso],
      );
      const cache = await this.db.runNow('DELETE FROM eligibility_cache WHERE checked_at < ?', [iso]);
      const pending = await this.db.runNow('DELETE FROM verify_queue WHERE created_at < ?', [iso]);
      // A delivered webhook body is the HIS's copy now; ours goes with the other details.
      await this.db.runNow("UPDATE webhook_queue SET body = '{}' WHERE delivered_at IS NOT NULL AND delivered_at < ? AND body != '{}'", [iso]);
      return { events: events.changes, cacheEntries: cache.changes, pendingChecks: pending.changes };
    });
  }
}
