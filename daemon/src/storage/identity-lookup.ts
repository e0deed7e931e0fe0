// Finds a patient this site has already read, for a manual search: by the keyed hash of the ID or
// card code, by old CMND, by the BHXH number inside a card code, or by name and date of birth.
// Only the latest read of a person is returned. Every kind uses an index (migration v6): the CMND and
// BHXH expressions below are exactly those of the expression indexes, and name + date of birth goes
// through the keyed name hash, so the name is matched *before* the limit (a common birth year no longer
// hides the right person behind 200 others).

import type { IdentityView } from '../api/contract.ts';
import type { Db } from './db.ts';

export type IdentityKey =
  { by: 'hash'; idHash: string } | { by: 'oldId'; oldId: string } | { by: 'bhxh'; bhxh: string } | { by: 'nameDob'; nameHash: string; dob: string };

/** The SQL of each lookup (exported for the test that checks SQLite's plan uses the indexes). */
export const LOOKUP_SQL = {
  hash: `SELECT identity_json FROM scan_events WHERE identity_json IS NOT NULL AND outcome = 'success' AND id_hash = ? ORDER BY id DESC LIMIT 1`,
  oldId: `SELECT identity_json FROM scan_events WHERE identity_json IS NOT NULL AND outcome = 'success' AND json_extract(identity_json, '$.oldId') = ? ORDER BY id DESC LIMIT 1`,
  bhxh: `SELECT identity_json FROM scan_events WHERE identity_json IS NOT NULL AND outcome = 'success' AND substr(json_extract(identity_json, '$.cardCode'), 6) = ? ORDER BY id DESC LIMIT 1`,
  // Several people can share a name and birthday: one row per distinct ID, newest first.
  nameDob: `SELECT identity_json FROM (SELECT identity_json, MAX(id) AS last FROM scan_events
              WHERE name_hash = ? AND identity_json IS NOT NULL AND outcome = 'success' AND substr(json_extract(identity_json, '$.dob'), 1, length(?)) = ?
              GROUP BY COALESCE(id_hash, identity_json)) ORDER BY last DESC LIMIT 200`,
} as const;

export class IdentityLookup {
  constructor(private readonly db: Db) {}

  async find(key: IdentityKey): Promise<IdentityView[]> {
    const rows = await (() => {
      switch (key.by) {
        case 'hash':
          return this.db.all<{ identity_json: string }>(LOOKUP_SQL.hash, [key.idHash]);
        case 'oldId':
          return this.db.all<{ identity_json: string }>(LOOKUP_SQL.oldId, [key.oldId]);
        case 'bhxh':
          return this.db.all<{ identity_json: string }>(LOOKUP_SQL.bhxh, [key.bhxh]);
        case 'nameDob':
          return this.db.all<{ identity_json: string }>(LOOKUP_SQL.nameDob, [key.nameHash, key.dob, key.dob]);
      }
    })();
    return rows.map((r) => JSON.parse(r.identity_json) as IdentityView);
  }
}
