// The audit log (table audit_log, and the only module that writes it): who viewed which stored
// patient data (hashed ID), when, from which desk, with what outcome; read back together with the
// reads and searches, which are audited by their own event rows. Holds no name, address or full ID,
// so retention keeps it.

import type { Db } from '../storage/db.ts';
import type { AuditView } from '../http-kit/caller.ts';
import type { KeepWrite } from '../storage/storage-health.ts';

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

export class AuditLog {
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
}

/** The callback routes call when they show stored patient data or have made a change
 *  (http-kit/caller.ts AuditView). A view's row is written before the data is shown: if it cannot
 *  be, the view is refused (AUDIT_UNAVAILABLE). A change's row goes through the durable write path
 *  (`keep`): it waits for a full disk in order with everything else that must be kept. */
export function auditView(audit: AuditLog, now: () => Date, log: { error(obj: object, msg: string): void }, keep: KeepWrite): AuditView {
  return (caller, e) => {
    const row = {
      at: now(),
      actor: caller?.id ?? 'local',
      desk: e.desk,
      action: e.action,
      eventId: e.eventId,
      idHash: e.idHash,
      outcome: 'shown',
      subject: e.subject ?? null,
    };
    if (e.change) {
      // Only a stop can make the kept write fail; its line says which change went unaudited.
      void keep('audit row', () => audit.audit(row)).catch((err: Error) =>
        log.error({ err: err.message, action: e.action }, 'audit row of a change not written'),
      );
      return Promise.resolve();
    }
    return audit.audit(row).catch((err: Error) => {
      log.error({ err: err.message, action: e.action }, 'audit write failed');
      throw Object.assign(new Error('the audit row could not be written'), { code: 'AUDIT_UNAVAILABLE' });
    });
  };
}
