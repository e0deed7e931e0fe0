// The hub's tables and queries, the same SQL on SQLite and PostgreSQL. Counters are upserted with
// absolute values keyed by site, day and place, so a repeated push changes nothing; an inventory
// snapshot replaces the stored one only when it is newer.

import type { FacilityInventory, ReportSource, StationCounts, StationInventory } from '../reports/types.ts';
import type { DailyCounterRow } from '../counting/counters-repo.ts';
import type { HubPush } from './push.ts';
import type { SqlClient } from './sql-client.ts';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS hub_counters (
     site_id TEXT NOT NULL, day TEXT NOT NULL, facility_id TEXT NOT NULL, station_id TEXT NOT NULL,
     device_id TEXT NOT NULL, desk_id TEXT NOT NULL,
     scans INTEGER NOT NULL, searches INTEGER NOT NULL, successes INTEGER NOT NULL, errors INTEGER NOT NULL,
     PRIMARY KEY (site_id, day, facility_id, station_id, device_id, desk_id))`,
  'CREATE INDEX IF NOT EXISTS hub_counters_day ON hub_counters (day, facility_id, station_id)',
  `CREATE TABLE IF NOT EXISTS hub_sites (
     site_id TEXT PRIMARY KEY, facility_json TEXT NOT NULL, snapshot_at TEXT NOT NULL, last_push_at TEXT NOT NULL)`,
  // Which site a facility id belongs to, for sites whose config lists no facilities: bound at the
  // site's first accepted push, never moved by a push.
  `CREATE TABLE IF NOT EXISTS hub_bindings (facility_id TEXT PRIMARY KEY, site_id TEXT NOT NULL, bound_at TEXT NOT NULL)`,
];

/** Who may push which facility ids: a site's configured list, else its first-push bindings. */
export interface Tenancy {
  /** The facility ids listed for a site in the hub config; null when none are listed. */
  listedFor(siteId: string): readonly string[] | null;
  /** Sites whose config lists this facility id. */
  listedOwners(facilityId: string): readonly string[];
}

export class TenancyError extends Error {
  override readonly name = 'TenancyError';
  constructor(readonly facilityId: string) {
    super(`facility ${facilityId} belongs to another site`);
  }
}

// 10 parameters a row: 400 rows stay far below SQLite's and PostgreSQL's parameter limits.
const BATCH = 400;

export interface SiteStatus {
  readonly siteId: string;
  readonly facilityId: string;
  readonly facilityName: string;
  readonly snapshotAt: string;
  readonly lastPushAt: string;
}

export class HubStore implements ReportSource {
  private constructor(private readonly sql: SqlClient) {}

  static async open(sql: SqlClient): Promise<HubStore> {
    for (const stmt of SCHEMA) await sql.query(stmt);
    return new HubStore(sql);
  }

  get dialect(): SqlClient['dialect'] {
    return this.sql.dialect;
  }

  /** Stores a push; throws TenancyError (nothing stored) when it names a facility of another site. */
  async ingest(push: HubPush, receivedAt: Date, tenancy?: Tenancy): Promise<{ rows: number }> {
    await this.sql.transaction(async (q) => {
      if (tenancy) await this.#checkTenancy(q, push, tenancy, receivedAt);
      for (let i = 0; i < push.counters.length; i += BATCH) {
        const batch = push.counters.slice(i, i + BATCH);
        await q.query(
          `INSERT INTO hub_counters (site_id, day, facility_id, station_id, device_id, desk_id, scans, searches, successes, errors)
           VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (site_id, day, facility_id, station_id, device_id, desk_id) DO UPDATE SET
             scans = excluded.scans, searches = excluded.searches, successes = excluded.successes, errors = excluded.errors`,
          batch.flatMap((r: DailyCounterRow) => [
            push.siteId,
            r.day,
            r.facilityId,
            r.stationId,
            r.deviceId,
            r.deskId,
            r.scans,
            r.searches,
            r.successes,
            r.errors,
          ]),
        );
      }
      await q.query(
        `INSERT INTO hub_sites (site_id, facility_json, snapshot_at, last_push_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (site_id) DO UPDATE SET
           facility_json = CASE WHEN excluded.snapshot_at >= hub_sites.snapshot_at THEN excluded.facility_json ELSE hub_sites.facility_json END,
           snapshot_at = CASE WHEN excluded.snapshot_at >= hub_sites.snapshot_at THEN excluded.snapshot_at ELSE hub_sites.snapshot_at END,
           last_push_at = excluded.last_push_at`,
        [push.siteId, JSON.stringify(push.facility), push.sentAt, receivedAt.toISOString()],
      );
    });
    return { rows: push.counters.length };
  }

  async #checkTenancy(q: Pick<SqlClient, 'query'>, push: HubPush, tenancy: Tenancy, at: Date): Promise<void> {
    const ids = new Set([push.facility.id, ...push.counters.map((r) => r.facilityId)]);
    const listed = tenancy.listedFor(push.siteId);
    for (const id of ids) {
      if (listed) {
        if (!listed.includes(id)) throw new TenancyError(id);
        continue;
      }
      if (tenancy.listedOwners(id).length > 0) throw new TenancyError(id);
      const bound = (await q.query<{ site_id: string }>('SELECT site_id FROM hub_bindings WHERE facility_id = ?', [id]))[0];
      if (bound && bound.site_id !== push.siteId) throw new TenancyError(id);
      if (!bound) await q.query('INSERT INTO hub_bindings (facility_id, site_id, bound_at) VALUES (?, ?, ?)', [id, push.siteId, at.toISOString()]);
    }
  }

  /** Facilities from every site's latest snapshot; sites sharing a facility contribute their stations. */
  async facilities(): Promise<FacilityInventory[]> {
    const rows = await this.sql.query<{ facility_json: string; snapshot_at: string }>(
      'SELECT facility_json, snapshot_at FROM hub_sites ORDER BY snapshot_at, site_id',
    );
    const merged = new Map<string, { facility: FacilityInventory; stations: Map<string, StationInventory> }>();
    for (const r of rows) {
      const f = JSON.parse(r.facility_json) as FacilityInventory;
      const m = merged.get(f.id) ?? { facility: f, stations: new Map<string, StationInventory>() };
      m.facility = f;
      for (const s of f.stations) m.stations.set(s.id, s);
      merged.set(f.id, m);
    }
    return [...merged.values()].map(({ facility, stations }) => ({ ...facility, stations: [...stations.values()] }));
  }

  async stationTotals(from: string, to: string): Promise<StationCounts[]> {
    const rows = await this.sql.query<{ facility_id: string; station_id: string; scans: number; searches: number; successes: number; errors: number }>(
      // BIGINT: on PostgreSQL INTEGER is 32-bit, and one site's 300 rows of 10,000,000 already pass 2^31.
      `SELECT facility_id, station_id, CAST(SUM(scans) AS BIGINT) AS scans, CAST(SUM(searches) AS BIGINT) AS searches,
              CAST(SUM(successes) AS BIGINT) AS successes, CAST(SUM(errors) AS BIGINT) AS errors
       FROM hub_counters WHERE day BETWEEN ? AND ? GROUP BY facility_id, station_id`,
      [from, to],
    );
    return rows.map((r) => ({
      facilityId: r.facility_id,
      stationId: r.station_id,
      scans: Number(r.scans),
      searches: Number(r.searches),
      successes: Number(r.successes),
      errors: Number(r.errors),
    }));
  }

  async sites(): Promise<SiteStatus[]> {
    const rows = await this.sql.query<{ site_id: string; facility_json: string; snapshot_at: string; last_push_at: string }>(
      'SELECT * FROM hub_sites ORDER BY site_id',
    );
    return rows.map((r) => {
      const f = JSON.parse(r.facility_json) as FacilityInventory;
      return { siteId: r.site_id, facilityId: f.id, facilityName: f.name, snapshotAt: r.snapshot_at, lastPushAt: r.last_push_at };
    });
  }

  /** Every stored counter row, in a stable order: what "a duplicate push changes nothing" is checked on. */
  async dumpCounters(): Promise<Array<Record<string, unknown>>> {
    return this.sql.query<Record<string, unknown>>('SELECT * FROM hub_counters ORDER BY site_id, day, facility_id, station_id, device_id, desk_id');
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}
