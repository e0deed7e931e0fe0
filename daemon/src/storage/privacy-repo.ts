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
  /** What was viewed besides an event: "patient:12", "registration:5"; null for reads and searches. */
  readonly subject?: string | null;
}

export interface AuditPage {
  readonly entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null when this was the last. */
  readonly next: string | null;
}

interface Cursor {
  readonly at: string;
  readonly kind: number;
  readonly seq: number;
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.at, c.kind, c.seq])).toString('base64url');

export function decodeCursor(s: string): Cursor | null {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v)) return null;
    const [at, kind, seq] = v as unknown[];
    if (typeof at === 'string' && (kind === 0 || kind === 1) && typeof seq === 'number' && Number.isInteger(seq)) return { at, kind, seq };
  } catch {
    // fall through
  }
  return null;
}

export interface PurgeResult {
  readonly events: number;
  readonly cacheEntries: number;
  readonly pendingChecks: number;
  /** Visit histories (Lskcb2025) of events past retention. */
  readonly visitHistories: number;
  /** Webhook deliveries the HIS never took, whose patient body was replaced by a tombstone. */
  readonly undeliveredWebhooks: number;
}

export class PrivacyRepo {
  constructor(private readonly db: Db) {}

  async audit(e: Omit<AuditEntry, 'at'> & { at: Date }): Promise<void> {
    await this.db.run('INSERT INTO audit_log (at, actor, desk_id, action, event_id, id_hash, outcome, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      e.at.toISOString(),
      e.actor,
      e.desk,
      e.action,
      e.eventId,
      e.idHash,
      e.outcome,
      e.subject ?? null,
    ]);
  }

  /** Newest first, `limit` a page; `before` continues after the last entry of the previous page. */
  async auditLog(fromIso: string, toIso: string, opts: { limit?: number; before?: Cursor | null } = {}): Promise<AuditPage> {
    const limit = opts.limit ?? 1000;
    const b = opts.before ?? null;
    // Reads and searches are audited by their own event row (kind 0); views of stored data by audit_log (kind 1).
    const rows = await this.db.all<{
      at: string;
      actor: string;
      desk_id: string;
      action: string;
      event_id: number | null;
      id_hash: string | null;
      outcome: string;
      subject: string | null;
      kind: number;
      seq: number;
    }>(
      `SELECT * FROM (
         SELECT at, COALESCE(actor, device_id) AS actor, desk_id, source AS action, id AS event_id, id_hash,
                CASE WHEN outcome = 'success' THEN 'success' ELSE COALESCE(error_code, 'error') END AS outcome, NULL AS subject, 0 AS kind, id AS seq
         FROM scan_events WHERE at >= ? AND at < ?
         UNION ALL
         SELECT at, actor, desk_id, action, event_id, id_hash, outcome, subject, 1 AS kind, id AS seq FROM audit_log WHERE at >= ? AND at < ?)
       WHERE ? IS NULL OR at < ? OR (at = ? AND (kind < ? OR (kind = ? AND seq < ?)))
       ORDER BY at DESC, kind DESC, seq DESC LIMIT ?`,
      [fromIso, toIso, fromIso, toIso, b?.at ?? null, b?.at ?? null, b?.at ?? null, b?.kind ?? null, b?.kind ?? null, b?.seq ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: page.map((r) => ({
        at: r.at,
        actor: r.actor,
        desk: r.desk_id,
        action: r.action,
        eventId: r.event_id,
        idHash: r.id_hash,
        outcome: r.outcome,
        subject: r.subject,
      })),
      next: rows.length > limit && last ? encodeCursor({ at: last.at, kind: last.kind, seq: last.seq }) : null,
    };
  }

  /** Erases personal details stored before `cutoff`. */
  async purgeBefore(cutoff: Date, at: Date = new Date()): Promise<PurgeResult> {
    const iso = cutoff.toISOString();
    return this.db.transaction(async () => {
      const events = await this.db.runNow(
        'UPDATE scan_events SET identity_json = NULL, raw_hex = NULL, eligibility_json = NULL, name_hash = NULL WHERE at < ? AND (identity_json IS NOT NULL OR raw_hex IS NOT NULL OR eligibility_json IS NOT NULL OR name_hash IS NOT NULL)',
        [iso],
      );
      const cache = await this.db.runNow('DELETE FROM eligibility_cache WHERE checked_at < ?', [iso]);
      const pending = await this.db.runNow('DELETE FROM verify_queue WHERE created_at < ?', [iso]);
      // Visit history (Lskcb2025) is a patient's medical past: it goes with the event's details.
      const history = await this.db.runNow('DELETE FROM visit_history WHERE event_id IN (SELECT id FROM scan_events WHERE at < ?)', [iso]);
      // A delivered webhook body is the HIS's copy now; ours goes with the other details.
      await this.db.runNow("UPDATE webhook_queue SET body = '{}' WHERE delivered_at IS NOT NULL AND delivered_at < ? AND body != '{}'", [iso]);
      // One never delivered (the HIS was gone for the whole retention period) is not kept either: a
      // tombstone without personal data says which registration it was and that it was purged.
      const undelivered = await this.db.runNow(
        `UPDATE webhook_queue SET body = json_object('type', 'purged', 'registrationId', registration_id), purged_at = ?
         WHERE delivered_at IS NULL AND purged_at IS NULL AND registration_id IN (SELECT id FROM registrations WHERE at < ?)`,
        [at.toISOString(), iso],
      );
      return {
        events: events.changes,
        cacheEntries: cache.changes,
        pendingChecks: pending.changes,
        visitHistories: history.changes,
        undeliveredWebhooks: undelivered.changes,
      };
    });
  }
}
