// The computers and printers of each station as a technician counted them on /tech (migration 017,
// desk equipment, #29): the table's one writer. Scanners and the internet link are not kept here:
// the scanner inventory and the gateway exchanges tell them.

import type { Db } from './db.ts';
import type { Rows } from './rows.ts';

export const EQUIPMENT_KINDS = ['computers', 'printers'] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

export interface EquipmentCounts {
  readonly working: number;
  readonly notWorking: number;
  readonly needed: number;
  readonly reason: string | null;
}

export interface EquipmentRecord extends EquipmentCounts {
  readonly stationId: string;
  readonly kind: EquipmentKind;
  readonly updatedAt: string;
}

export class EquipmentRepo {
  constructor(private readonly db: Db) {}

  /** Sets the counts of some kinds of one station, in one transaction. */
  async set(stationId: string, counts: Partial<Record<EquipmentKind, EquipmentCounts>>, at: Date): Promise<void> {
    const t = at.toISOString();
    await this.db.transaction(async () => {
      for (const kind of EQUIPMENT_KINDS) {
        const c = counts[kind];
        if (!c) continue;
        await this.db.runNow(
          `INSERT INTO station_equipment (station_id, kind, working, not_working, needed, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (station_id, kind) DO UPDATE SET working = excluded.working, not_working = excluded.not_working,
             needed = excluded.needed, reason = excluded.reason, updated_at = excluded.updated_at`,
          [stationId, kind, c.working, c.notWorking, c.needed, c.reason, t],
        );
      }
    });
  }

  async all(): Promise<EquipmentRecord[]> {
    const rows = await this.db.all<Rows['station_equipment']>('SELECT * FROM station_equipment ORDER BY station_id, kind');
    return rows.map((r) => ({
      stationId: r.station_id,
      kind: r.kind as EquipmentKind,
      working: r.working,
      notWorking: r.not_working,
      needed: r.needed,
      reason: r.reason,
      updatedAt: r.updated_at,
    }));
  }
}
