// The scanners this site has met (see devices/scanner-identity.ts): identity -> device id, and the
// desk a technician assigned. Small (one row per scanner ever plugged in), read at discovery.

import type { Db } from '../storage/db.ts';

export interface RegisteredScanner {
  readonly deviceId: string;
  /** Assigned by a technician on /tech; null when rules or the default decide. */
  readonly desk: string | null;
}

export class ScannerRegistry {
  constructor(private readonly deps: { db: Db; now: () => Date }) {}

  async lookup(identityKey: string): Promise<RegisteredScanner | null> {
    const r = await this.deps.db.get<{ device_id: string; desk: string | null }>('SELECT device_id, desk FROM scanner_registry WHERE identity_key = ?', [
      identityKey,
    ]);
    return r ? { deviceId: r.device_id, desk: r.desk } : null;
  }

  async deviceIdTaken(deviceId: string): Promise<boolean> {
    return (await this.deps.db.get('SELECT 1 AS x FROM scanner_registry WHERE device_id = ?', [deviceId])) !== undefined;
  }

  /** Records a sighting: a new scanner gets its row, a known one its last path and time. */
  async seen(identityKey: string, deviceId: string, path: string): Promise<void> {
    const at = this.deps.now().toISOString();
    await this.deps.db.run(
      `INSERT INTO scanner_registry (identity_key, device_id, first_seen, last_seen, last_path) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (identity_key) DO UPDATE SET last_seen = excluded.last_seen, last_path = excluded.last_path`,
      [identityKey, deviceId, at, at, path],
    );
  }

  /** A technician's choice; false when the device was never discovered (a configured scanner). */
  async assign(deviceId: string, desk: string, actor: string): Promise<boolean> {
    const { changes } = await this.deps.db.run('UPDATE scanner_registry SET desk = ?, assigned_by = ?, assigned_at = ? WHERE device_id = ?', [
      desk,
      actor,
      this.deps.now().toISOString(),
      deviceId,
    ]);
    return changes > 0;
  }
}
