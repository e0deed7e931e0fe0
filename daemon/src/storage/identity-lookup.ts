// Finds a patient this site has already read, for a manual search: by the keyed hash of the ID or
// card code, by old CMND, by the BHXH number inside a card code, or by name and date of birth.
// Only the latest read of a person is returned. (The patient index of issue #9 will replace this.)

import type { IdentityView } from '../api/contract.ts';
import type { Db } from './db.ts';

export type IdentityKey = { by: 'hash'; idHash: string } | { by: 'oldId'; oldId: string } | { by: 'bhxh'; bhxh: string } | { by: 'nameDob'; name: string; dob: string };

const LATEST = "SELECT identity_json FROM scan_events WHERE identity_json IS NOT NULL AND outcome = 'success' AND";

export class IdentityLookup {
  constructor(private readonly db: Db) {}

  async find(key: IdentityKey): Promise<IdentityView[]> {
    const rows = await (() => {
      switch (key.by) {
        case 'hash':
          return this.db.all<{ identity_json: string }>(`${LATEST} id_hash = ? ORDER BY id DESC LIMIT 1`, [key.idHash]);
        case 'oldId':
          return this.db.all<{ identity_json: string }>(`${LATEST} json_extract(identity_json, '$.oldId') = ? ORDER BY id DESC LIMIT 1`, [key.oldId]);
        case 'bhxh':
          return this.db.all<{ identity_json: string }>(`${LATEST} substr(json_extract(identity_json, '$.cardCode'), 6) = ? ORDER BY id DESC LIMIT 1`, [key.bhxh]);
        case 'nameDob':
          // Several people can share a name and birthday: one row per distinct ID, newest first. The
          // name is compared below, since SQLite's NOCASE folds ASCII only (not "Ễ" to "ễ").
          return this.db.all<{ identity_json: string }>(
            `SELECT identity_json FROM (SELECT identity_json, MAX(id) AS last FROM scan_events
               WHERE identity_json IS NOT NULL AND outcome = 'success' AND substr(json_extract(identity_json, '$.dob'), 1, length(?)) = ?
               GROUP BY COALESCE(id_hash, identity_json)) ORDER BY last DESC LIMIT 200`,
            [key.dob, key.dob],
          );
      }
    })();
    const found = rows.map((r) => JSON.parse(r.identity_json) as IdentityView);
    if (key.by !== 'nameDob') return found;
    const name = key.name.toLocaleLowerCase('vi');
    return found.filter((p) => p.name.toLocaleLowerCase('vi') === name);
  }
}
