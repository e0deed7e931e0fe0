// Scanners this site has ever seen, when each was last online, and a technician's override: what the
// report's "working / not working" columns need beyond one daemon run.

import type { ScannerStatus } from '../api/report.ts';
import type { Db } from './db.ts';

/** A scanner as the inventory table keeps it (reports/inventory.ts derives its status). */
export interface ScannerRecord {
  readonly deviceId: string;
  readonly deskId: string;
  readonly mode: string;
  readonly lastOnline: string | null;
  readonly overrideStatus: ScannerStatus | null;
  readonly overrideReason: string | null;
}

export class InventoryRepo {
  constructor(private readonly db: Db) {}

  async seen(deviceId: string, deskId: string, mode: string, at: Date, online: boolean): Promise<void> {
    const t = at.toISOString();
    await this.db.run(
      `INSERT INTO scanner_inventory (device_id, desk_id, mode, first_seen, last_online) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET desk_id = excluded.desk_id, mode = excluded.mode,
         last_online = COALESCE(excluded.last_online, scanner_inventory.last_online)`,
      [deviceId, deskId, mode, t, online ? t : null],
    );
  }

  /** status null clears the override: telemetry decides again. */
  async override(deviceId: string, status: ScannerStatus | null, reason: string | null, at: Date): Promise<boolean> {
    const { changes } = await this.db.run('UPDATE scanner_inventory SET override_status = ?, override_reason = ?, override_at = ? WHERE device_id = ?', [
      status,
      status ? reason : null,
      status ? at.toISOString() : null,
      deviceId,
    ]);
    return changes > 0;
  }

  async all(): Promise<ScannerRecord[]> {
    const rows = await this.db.all<{
      device_id: string;
      desk_id: string;
      mode: string;
      last_online: string | null;
      override_status: ScannerStatus | null;
      override_reason: string | null;
    }>('SELECT device_id, desk_id, mode, last_online, override_status, override_reason FROM scanner_inventory ORDER BY device_id');
    return rows.map((r) => ({
      deviceId: r.device_id,
      deskId: r.desk_id,
      mode: r.mode,
      lastOnline: r.last_online,
      overrideStatus: r.override_status,
      overrideReason: r.override_reason,
    }));
  }
}
