// Possible duplicate patients, resolved by a person: the list of flagged pairs (masked), a pair's
// clear details (the caller audits every reveal), "different people" (dismiss), "same person"
// (merge: the other record's identifiers and registrations move to the one kept, recorded so the
// merge can be undone exactly), and undo. Merges and undos reach the HIS webhook as events, in the
// same transaction, carrying record numbers only (the HIS links them to the registrations it has).

import { maskAddress, maskId, maskName } from '../parse/mask.ts';
import type { Db } from '../storage/db.ts';
import type { IdentifierKind, PatientIndex } from './patient-index.ts';
import type { Registrations } from './registrations.ts';
import type { Rows } from '../storage/rows.ts';
import type { WebhookQueue } from '../webhook/webhook-queue.ts';

export interface DuplicateSide {
  readonly patientId: number;
  readonly name: string | null;
  readonly dob: string | null;
  readonly sex: string | null;
  readonly address: string | null;
  readonly identifiers: ReadonlyArray<{ readonly kind: IdentifierKind; readonly value: string | null; readonly lastSeen: string }>;
  readonly registrations: number;
}

export interface DuplicatePair {
  readonly a: DuplicateSide;
  readonly b: DuplicateSide;
  readonly reason: string;
  readonly flaggedAt: string;
}

export interface MergeView {
  readonly id: number;
  readonly kept: number;
  readonly merged: number;
  readonly at: string;
  readonly actor: string;
  readonly identifiersMoved: number;
  readonly registrationsMoved: number;
  readonly undoneAt: string | null;
}

export type MergeOutcome =
  { readonly ok: true; readonly merge: MergeView } | { readonly ok: false; readonly code: 'PAIR_NOT_FOUND' | 'MERGE_NOT_FOUND' | 'ALREADY_UNDONE' };

interface Deps {
  readonly db: Db;
  readonly now: () => Date;
  readonly facilityId: string;
  /** The writer of the patient tables (patients, patient_identifiers, possible_duplicates). */
  readonly index: Pick<PatientIndex, 'dismissPair' | 'mergeNow' | 'unmergeNow' | 'openPair'>;
  readonly registrations: Pick<Registrations, 'reassignPatientNow' | 'restorePatientNow'>;
  /** Merges and undos reach the HIS as events, when a webhook is configured. */
  readonly webhook: Pick<WebhookQueue, 'enqueueNow'> | null;
}

/** The list's view of one side: enough to compare, nothing readable at a glance by the hall. */
export function maskSide(s: DuplicateSide): DuplicateSide {
  return {
    ...s,
    name: s.name === null ? null : maskName(s.name),
    dob: s.dob === null ? null : s.dob.slice(0, 4),
    address: s.address === null ? null : maskAddress(s.address),
    identifiers: s.identifiers.map((i) => ({ ...i, value: i.value === null ? null : maskId(i.value) })),
  };
}

type MergeRow = Rows['patient_merges'];

function mergeView(r: MergeRow): MergeView {
  return {
    id: r.id,
    kept: r.kept,
    merged: r.merged,
    at: r.at,
    actor: r.actor,
    identifiersMoved: (JSON.parse(r.identifiers) as unknown[]).length,
    registrationsMoved: (JSON.parse(r.registrations) as unknown[]).length,
    undoneAt: r.undone_at,
  };
}

export class Duplicates {
  constructor(private readonly deps: Deps) {}

  async #side(id: number): Promise<DuplicateSide> {
    const { db } = this.deps;
    const p = await db.get<{ name: string | null; dob: string | null; sex: string | null; address: string | null }>(
      'SELECT name, dob, sex, address FROM patients WHERE id = ?',
      [id],
    );
    const identifiers = await db.all<{ kind: IdentifierKind; value: string | null; last_seen: string }>(
      'SELECT kind, value, last_seen FROM patient_identifiers WHERE patient_id = ? ORDER BY kind, last_seen',
      [id],
    );
    const regs = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM registrations WHERE patient_id = ?', [id]);
    return {
      patientId: id,
      name: p?.name ?? null,
      dob: p?.dob ?? null,
      sex: p?.sex ?? null,
      address: p?.address ?? null,
      identifiers: identifiers.map((i) => ({ kind: i.kind, value: i.value, lastSeen: i.last_seen })),
      registrations: regs?.n ?? 0,
    };
  }

  /** Open pairs (neither side merged away), oldest flag first, in clear: the route masks them. */
  async open(limit = 100): Promise<DuplicatePair[]> {
    const rows = await this.deps.db.all<{ patient_a: number; patient_b: number; reason: string; flagged_at: string }>(
      `SELECT d.patient_a, d.patient_b, d.reason, d.flagged_at FROM possible_duplicates d
         JOIN patients pa ON pa.id = d.patient_a JOIN patients pb ON pb.id = d.patient_b
        WHERE d.resolved_at IS NULL AND pa.merged_into IS NULL AND pb.merged_into IS NULL
        ORDER BY d.flagged_at, d.patient_a, d.patient_b LIMIT ?`,
      [limit],
    );
    const pairs: DuplicatePair[] = [];
    for (const r of rows) pairs.push({ a: await this.#side(r.patient_a), b: await this.#side(r.patient_b), reason: r.reason, flaggedAt: r.flagged_at });
    return pairs;
  }

  async pair(a: number, b: number): Promise<DuplicatePair | null> {
    const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
    const r = await this.deps.index.openPair(lo, hi);
    return r ? { a: await this.#side(lo), b: await this.#side(hi), reason: r.reason, flaggedAt: r.flagged_at } : null;
  }

  /** "Different people": the pair leaves the list and is not flagged again. */
  async dismiss(a: number, b: number, actor: string): Promise<boolean> {
    return this.deps.index.dismissPair(a, b, this.deps.now(), actor);
  }

  /** "Same person": `merged`'s identifiers and registrations move to `kept`; `merged` stays as a record marked merged. */
  async merge(kept: number, merged: number, actor: string): Promise<MergeOutcome> {
    const { db } = this.deps;
    const at = this.deps.now().toISOString();
    return db.transaction(async () => {
      if (kept === merged || !(await this.deps.index.openPair(kept, merged, true))) return { ok: false, code: 'PAIR_NOT_FOUND' } as const;
      const ids = await this.deps.index.mergeNow(kept, merged, at, actor);
      const regs = await this.deps.registrations.reassignPatientNow(merged, kept);
      const { lastID } = await db.runNow('INSERT INTO patient_merges (kept, merged, at, actor, identifiers, registrations) VALUES (?, ?, ?, ?, ?, ?)', [
        kept,
        merged,
        at,
        actor,
        JSON.stringify(ids),
        JSON.stringify(regs),
      ]);
      await this.#event('patientMerged', lastID, kept, merged, at);
      const row = (await db.allNow<MergeRow>('SELECT * FROM patient_merges WHERE id = ?', [lastID]))[0]!;
      return { ok: true, merge: mergeView(row) } as const;
    });
  }

  /** Puts back exactly what the merge moved; the pair is open again. */
  async undo(mergeId: number, actor: string): Promise<MergeOutcome> {
    const { db } = this.deps;
    const at = this.deps.now().toISOString();
    return db.transaction(async () => {
      const m = (await db.allNow<MergeRow>('SELECT * FROM patient_merges WHERE id = ?', [mergeId]))[0];
      if (!m) return { ok: false, code: 'MERGE_NOT_FOUND' } as const;
      if (m.undone_at) return { ok: false, code: 'ALREADY_UNDONE' } as const;
      await this.deps.index.unmergeNow(m.kept, m.merged, JSON.parse(m.identifiers) as Array<[string, string]>, at);
      await this.deps.registrations.restorePatientNow(JSON.parse(m.registrations) as number[], m.merged);
      await db.runNow('UPDATE patient_merges SET undone_at = ?, undone_by = ? WHERE id = ?', [at, actor, mergeId]);
      await this.#event('patientMergeUndone', mergeId, m.kept, m.merged, at);
      return { ok: true, merge: mergeView({ ...m, undone_at: at }) } as const;
    });
  }

  async merges(limit = 50): Promise<MergeView[]> {
    return (await this.deps.db.all<MergeRow>('SELECT * FROM patient_merges ORDER BY id DESC LIMIT ?', [limit])).map(mergeView);
  }

  async #event(type: 'patientMerged' | 'patientMergeUndone', mergeId: number, kept: number, merged: number, at: string): Promise<void> {
    const webhook = this.deps.webhook;
    if (!webhook) return;
    const body = JSON.stringify({
      type,
      facility: { id: this.deps.facilityId },
      mergeId,
      kept: `Patient/tiepnhan-${kept}`,
      merged: `Patient/tiepnhan-${merged}`,
      at,
    });
    // registration 0: an event about patients, not a registration (retention's tombstones never match it).
    await webhook.enqueueNow({ facilityId: this.deps.facilityId, kind: type, ref: mergeId, registrationId: 0, body, at: new Date(at) });
  }
}
