// The site's inventory as it stood each day (what the report's scanner columns said), so a report for
// a past period uses the scanners as they were on its last day, not as they are now. The last
// snapshot of a day wins: the inventory refresh runs every 10 minutes and at every change.

import type { FacilityInventory } from '../api/report.ts';
import type { Db } from './db.ts';

export class InventoryHistoryRepo {
  constructor(private readonly db: Db) {}

  async record(day: string, facility: FacilityInventory, at: Date): Promise<void> {
    await this.db.run(
      `INSERT INTO inventory_history (day, facility_json, at) VALUES (?, ?, ?)
       ON CONFLICT (day) DO UPDATE SET facility_json = excluded.facility_json, at = excluded.at`,
      [day, JSON.stringify(facility), at.toISOString()],
    );
  }

  /** The newest snapshot on or before `day`; null before the history began. */
  async asOf(day: string): Promise<FacilityInventory | null> {
    const row = await this.db.get<{ facility_json: string }>('SELECT facility_json FROM inventory_history WHERE day <= ? ORDER BY day DESC LIMIT 1', [day]);
    return row ? (JSON.parse(row.facility_json) as FacilityInventory) : null;
  }
}
