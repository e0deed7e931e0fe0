// One patient, many identifiers over time: the 12-digit ID, earlier cancelled IDs, the old 9-digit
// CMND, the 10-digit BHXH number and every 15-character card code (maTheCu / maTheMoi). Any of them
// finds the patient. Two records with the same name and date of birth under different identifiers
// are flagged for the receptionist and never merged silently. Identifiers are matched by their keyed
// hash; the clear values, name and address follow the retention rule and are purged with the rest.

import { nameKey } from '../parse/name-key.ts';
import type { Db } from '../storage/db.ts';
import { GroupCommit } from '../util/group-commit.ts';
import type { IdHasher } from '../storage/id-hash.ts';
import type { KeepWrite } from '../storage/storage-health.ts';

export type IdentifierKind = 'cccd' | 'cmnd' | 'bhxh' | 'bhyt';

export interface Sighting {
  readonly identifiers: ReadonlyArray<{ readonly kind: IdentifierKind; readonly value: string }>;
  readonly name?: string | null;
  readonly dob?: string | null;
  readonly sex?: 'M' | 'F' | null;
  readonly address?: string | null;
}

export interface PatientRecord {
  readonly id: number;
  readonly name: string | null;
  readonly dob: string | null;
  readonly sex: string | null;
  readonly address: string | null;
  readonly identifiers: ReadonlyArray<{ kind: IdentifierKind; value: string | null; firstSeen: string; lastSeen: string }>;
  readonly possibleDuplicates: readonly number[];
}

const ENQUEUE_DELAY_MS = 200;
const SIGHTINGS_PER_TRANSACTION = 4;
/** Possible duplicates flagged per sighting at most (same name and date of birth). */
export const MAX_TWINS_FLAGGED = 20;

export class PatientIndex {
  /** `keep`: the daemon's durable write path, which the learning in the background goes through (a
   *  full disk makes it wait, in order, and it is done when the disk takes writes again); without
   *  it (a command-line tool) the learning is written at once. */
  constructor(private readonly deps: { db: Db; hashId: IdHasher; now: () => Date; keep?: KeepWrite }) {}

  /** Records a sighting now; returns the patient it belongs to (created when no identifier is known). */
  async observe(s: Sighting): Promise<number | null> {
    return this.deps.db.transaction(() => this.#apply(s));
  }

  // A few sightings per transaction: each one is about six statements, and a transaction holds the
  // one connection, so a 200 ms batch of a busy hour in one go kept scans' commits waiting 10-30 ms.
  readonly #learning = new GroupCommit<Sighting, number | null>({
    delayMs: ENQUEUE_DELAY_MS,
    maxGroup: SIGHTINGS_PER_TRANSACTION,
    // The whole group is one transaction, rolled back if it fails: a retry applies it once.
    commit: (batch) => {
      const write = (): Promise<Array<number | null>> =>
        this.deps.db.transaction(async () => {
          const ids: Array<number | null> = [];
          for (const s of batch) ids.push(await this.#apply(s));
          return ids;
        });
      return this.deps.keep ? this.deps.keep('patient index', write) : write();
    },
  });

  /** Records a sighting later, with the others queued meanwhile (group commit): the index learns
   *  from every read without putting a transaction of its own behind each scan's commit. */
  enqueue(s: Sighting, onError: (err: Error) => void): void {
    this.#learning.submit(s).catch(onError);
  }

  /** Waits until every queued sighting is applied (shutdown, tests). */
  async settle(): Promise<void> {
    await this.#learning.settle();
  }

  async #apply(s: Sighting): Promise<number | null> {
    const ids = s.identifiers.filter((i) => i.value);
    if (ids.length === 0) return null;
    const { db } = this.deps;
    const at = this.deps.now().toISOString();
    const hashed = ids.map((i) => ({ ...i, hash: this.deps.hashId(`${i.kind}:${i.value}`) }));
    const found = new Set<number>();
    for (const h of hashed) {
      const row = (
        await db.allNow<{ patient_id: number }>('SELECT patient_id FROM patient_identifiers WHERE kind = ? AND value_hash = ?', [h.kind, h.hash])
      )[0];
      if (row) found.add(row.patient_id);
    }
    let patientId: number;
    if (found.size === 0) {
      patientId = (
        await db.runNow('INSERT INTO patients (name, name_key, dob, sex, address, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          s.name ?? null,
          s.name ? nameKey(s.name) : null,
          s.dob ?? null,
          s.sex ?? null,
          s.address ?? null,
          at,
          at,
        ])
      ).lastID;
    } else {
      // The oldest record wins; identifiers that point at two different patients are a conflict to
      // show, not to resolve here.
      patientId = Math.min(...found);
      for (const other of found) if (other !== patientId) await this.#flag(patientId, other, 'identifiersConflict', at);
      await db.runNow(
        `UPDATE patients SET name = COALESCE(?, name), name_key = COALESCE(?, name_key), dob = COALESCE(?, dob), sex = COALESCE(?, sex),
           address = COALESCE(?, address), updated_at = ? WHERE id = ?`,
        [s.name ?? null, s.name ? nameKey(s.name) : null, s.dob ?? null, s.sex ?? null, s.address ?? null, at, patientId],
      );
    }
    for (const h of hashed) {
      await db.runNow(
        `INSERT INTO patient_identifiers (kind, value_hash, value, patient_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, value_hash) DO UPDATE SET last_seen = excluded.last_seen, value = COALESCE(patient_identifiers.value, excluded.value)`,
        [h.kind, h.hash, h.value, patientId, at, at],
      );
    }
    if (s.name && s.dob) {
      // Bounded: a name with only a birth year (common for the elderly) can be shared by hundreds of
      // patients; flagging each sighting against all of them would grow without limit and say nothing.
      const twins = await db.allNow<{ id: number }>(
        'SELECT id FROM patients WHERE name_key = ? AND dob = ? AND id != ? AND merged_into IS NULL ORDER BY id LIMIT ?',
        [nameKey(s.name), s.dob, patientId, MAX_TWINS_FLAGGED],
      );
      for (const t of twins) await this.#flag(patientId, t.id, 'sameNameAndDob', at);
    }
    return patientId;
  }

  async #flag(a: number, b: number, reason: string, at: string): Promise<void> {
    await this.deps.db.runNow('INSERT OR IGNORE INTO possible_duplicates (patient_a, patient_b, reason, flagged_at) VALUES (?, ?, ?, ?)', [
      Math.min(a, b),
      Math.max(a, b),
      reason,
      at,
    ]);
  }

  async findBy(kind: IdentifierKind, value: string): Promise<number | null> {
    const row = await this.deps.db.get<{ patient_id: number }>('SELECT patient_id FROM patient_identifiers WHERE kind = ? AND value_hash = ?', [
      kind,
      this.deps.hashId(`${kind}:${value}`),
    ]);
    return row?.patient_id ?? null;
  }

  async get(id: number): Promise<PatientRecord | undefined> {
    const { db } = this.deps;
    const p = await db.get<{ id: number; name: string | null; dob: string | null; sex: string | null; address: string | null }>(
      'SELECT id, name, dob, sex, address FROM patients WHERE id = ?',
      [id],
    );
    if (!p) return undefined;
    const ids = await db.all<{ kind: IdentifierKind; value: string | null; first_seen: string; last_seen: string }>(
      'SELECT kind, value, first_seen, last_seen FROM patient_identifiers WHERE patient_id = ? ORDER BY first_seen, kind',
      [id],
    );
    const dups = await db.all<{ other: number }>(
      'SELECT CASE WHEN patient_a = ? THEN patient_b ELSE patient_a END AS other FROM possible_duplicates WHERE (patient_a = ? OR patient_b = ?) AND resolved_at IS NULL',
      [id, id, id],
    );
    return {
      ...p,
      identifiers: ids.map((i) => ({ kind: i.kind, value: i.value, firstSeen: i.first_seen, lastSeen: i.last_seen })),
      possibleDuplicates: dups.map((d) => d.other),
    };
  }

  /** "Different people": the open pair leaves the list and is not flagged again. */
  async dismissPair(a: number, b: number, at: Date, actor: string): Promise<boolean> {
    const { changes } = await this.deps.db.run(
      "UPDATE possible_duplicates SET resolved_at = ?, resolution = 'dismissed', resolved_by = ? WHERE patient_a = ? AND patient_b = ? AND resolved_at IS NULL",
      [at.toISOString(), actor, Math.min(a, b), Math.max(a, b)],
    );
    return changes > 0;
  }

  /** Inside a merge's transaction: `merged`'s identifiers move to `kept` (returned, so the merge
   *  can be undone exactly), `merged` stays as a record marked merged, and the pair is resolved. */
  async mergeNow(kept: number, merged: number, at: string, actor: string): Promise<Array<[string, string]>> {
    const { db } = this.deps;
    const ids = await db.allNow<{ kind: string; value_hash: string }>('SELECT kind, value_hash FROM patient_identifiers WHERE patient_id = ?', [merged]);
    await db.runNow('UPDATE patient_identifiers SET patient_id = ? WHERE patient_id = ?', [kept, merged]);
    await db.runNow('UPDATE patients SET merged_into = ?, updated_at = ? WHERE id = ?', [kept, at, merged]);
    await db.runNow("UPDATE possible_duplicates SET resolved_at = ?, resolution = 'merged', resolved_by = ? WHERE patient_a = ? AND patient_b = ?", [
      at,
      actor,
      Math.min(kept, merged),
      Math.max(kept, merged),
    ]);
    return ids.map((i) => [i.kind, i.value_hash]);
  }

  /** Inside an undo's transaction: exactly the identifiers the merge moved go back, the record is
   *  no longer marked merged, and the pair is open again. */
  async unmergeNow(kept: number, merged: number, identifiers: ReadonlyArray<readonly [string, string]>, at: string): Promise<void> {
    const { db } = this.deps;
    for (const [kind, hash] of identifiers)
      await db.runNow('UPDATE patient_identifiers SET patient_id = ? WHERE kind = ? AND value_hash = ?', [merged, kind, hash]);
    await db.runNow('UPDATE patients SET merged_into = NULL, updated_at = ? WHERE id = ?', [at, merged]);
    await db.runNow('UPDATE possible_duplicates SET resolved_at = NULL, resolution = NULL, resolved_by = NULL WHERE patient_a = ? AND patient_b = ?', [
      Math.min(kept, merged),
      Math.max(kept, merged),
    ]);
  }

  /** An open (unresolved) pair's reason and flag time, inside a transaction or not. */
  async openPair(a: number, b: number, inTransaction = false): Promise<{ reason: string; flagged_at: string } | undefined> {
    const sql = 'SELECT reason, flagged_at FROM possible_duplicates WHERE patient_a = ? AND patient_b = ? AND resolved_at IS NULL';
    const args = [Math.min(a, b), Math.max(a, b)];
    return inTransaction ? (await this.deps.db.allNow<{ reason: string; flagged_at: string }>(sql, args))[0] : this.deps.db.get(sql, args);
  }

  /** Retention: names, dates of birth, sex, addresses and clear identifier values go; the hashed links stay. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const iso = cutoff.toISOString();
    const { changes } = await this.deps.db.run(
      'UPDATE patients SET name = NULL, name_key = NULL, dob = NULL, sex = NULL, address = NULL WHERE updated_at < ? AND (name IS NOT NULL OR dob IS NOT NULL OR sex IS NOT NULL OR address IS NOT NULL)',
      [iso],
    );
    await this.deps.db.run('UPDATE patient_identifiers SET value = NULL WHERE last_seen < ? AND value IS NOT NULL', [iso]);
    return changes;
  }
}
