// The hub's tables and queries, the same SQL on SQLite and PostgreSQL. Counters are upserted with
// absolute values keyed by site, day and place, so a repeated push changes nothing; an inventory
// snapshot replaces the stored one only when it is newer.

import type { FacilityInventory, ReportSource, StationCounts, StationInventory } from '../../daemon/src/reports/types.ts';
import type { DailyCounterRow } from '../../daemon/src/storage/counters-repo.ts';
import { BREAKDOWN_COLUMNS, BREAKDOWN_KEYS } from '../../daemon/src/counting/access-outcome.ts';
import type { GatewayPush, HubPush } from '../../daemon/src/api/hub-push.ts';
import type { SqlClient } from '../../daemon/src/storage/sql-client.ts';
import { vietnamDay } from '../../daemon/src/util/vietnam-time.ts';
import { SubmissionStore } from '../../daemon/src/reports/submissions.ts';

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
  // Each site's inventory as it stood each day (its newest push of the day): a past period's report
  // uses the scanners of its last day.
  `CREATE TABLE IF NOT EXISTS hub_snapshots (
     site_id TEXT NOT NULL, day TEXT NOT NULL, facility_json TEXT NOT NULL, snapshot_at TEXT NOT NULL,
     PRIMARY KEY (site_id, day))`,
  // Phụ lục 2 (#29): the BHXH gateway exchanges per day and unit, absolute values as the site sent
  // them, and each unit's account and tier from its newest push that carried them. A unit without a
  // row in hub_gateway_units never sent the field (a site older than #29): the report shows "—".
  `CREATE TABLE IF NOT EXISTS hub_gateway_daily (
     site_id TEXT NOT NULL, day TEXT NOT NULL, facility_id TEXT NOT NULL, answered BIGINT NOT NULL, failed BIGINT NOT NULL,
     PRIMARY KEY (site_id, day, facility_id))`,
  `CREATE TABLE IF NOT EXISTS hub_gateway_units (
     facility_id TEXT PRIMARY KEY, site_id TEXT NOT NULL, account INTEGER NOT NULL, kind TEXT NOT NULL, sent_at TEXT NOT NULL)`,
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

// 17 parameters a row: 400 rows stay far below SQLite's (32,766) and PostgreSQL's (65,535) limits.
const BATCH = 400;

/** Breakdown keys added after v8: a site that sends the causes but not these (older than them, or a
 *  day with none: hub-push/site-pusher.ts) had 0 of them. */
const LATER_KEYS: ReadonlySet<string> = new Set(['lostReads', 'chipReads']);
const COUNTED = ['scans', 'searches', 'successes', 'errors', ...BREAKDOWN_KEYS.map((k) => BREAKDOWN_COLUMNS[k])];

/** ALTER TABLE … ADD COLUMN that a second start does not fail on (SQLite has no ADD COLUMN IF NOT EXISTS). */
async function addColumnOnce(sql: SqlClient, table: string, column: string): Promise<void> {
  try {
    await sql.query(`ALTER TABLE ${table} ADD COLUMN ${column}`);
  } catch (err) {
    if (!/duplicate column|already exists/i.test((err as Error).message)) throw err;
  }
}

export interface SiteStatus {
  readonly siteId: string;
  readonly facilityId: string;
  readonly facilityName: string;
  readonly snapshotAt: string;
  readonly lastPushAt: string;
}

export class HubStore implements ReportSource {
  private constructor(
    private readonly sql: SqlClient,
    /** Submitted report copies, in the same database. */
    readonly submissions: SubmissionStore,
  ) {}

  static async open(sql: SqlClient): Promise<HubStore> {
    for (const stmt of SCHEMA) await sql.query(stmt);
    const submissions = await SubmissionStore.open(sql);
    // Added after the first hubs were installed: NULL where a site (older than v8) sent no breakdown.
    for (const k of BREAKDOWN_KEYS) await addColumnOnce(sql, 'hub_counters', `${BREAKDOWN_COLUMNS[k]} BIGINT`);
    return new HubStore(sql, submissions);
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
          `INSERT INTO hub_counters (site_id, day, facility_id, station_id, device_id, desk_id, ${COUNTED.join(', ')})
           VALUES ${batch.map(() => `(?, ?, ?, ?, ?, ?, ${COUNTED.map(() => '?').join(', ')})`).join(', ')}
           ON CONFLICT (site_id, day, facility_id, station_id, device_id, desk_id) DO UPDATE SET
             ${COUNTED.map((c) => `${c} = excluded.${c}`).join(', ')}`,
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
            ...BREAKDOWN_KEYS.map((k) => r[k] ?? (LATER_KEYS.has(k) && r.pending !== undefined ? 0 : null)),
          ]),
        );
      }
      if (push.gateway) await this.#ingestGateway(q, push.siteId, push.facility.id, push.sentAt, push.gateway);
      await q.query(
        `INSERT INTO hub_sites (site_id, facility_json, snapshot_at, last_push_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (site_id) DO UPDATE SET
           facility_json = CASE WHEN excluded.snapshot_at >= hub_sites.snapshot_at THEN excluded.facility_json ELSE hub_sites.facility_json END,
           snapshot_at = CASE WHEN excluded.snapshot_at >= hub_sites.snapshot_at THEN excluded.snapshot_at ELSE hub_sites.snapshot_at END,
           last_push_at = excluded.last_push_at`,
        [push.siteId, JSON.stringify(push.facility), push.sentAt, receivedAt.toISOString()],
      );
      await q.query(
        `INSERT INTO hub_snapshots (site_id, day, facility_json, snapshot_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (site_id, day) DO UPDATE SET
           facility_json = CASE WHEN excluded.snapshot_at >= hub_snapshots.snapshot_at THEN excluded.facility_json ELSE hub_snapshots.facility_json END,
           snapshot_at = CASE WHEN excluded.snapshot_at >= hub_snapshots.snapshot_at THEN excluded.snapshot_at ELSE hub_snapshots.snapshot_at END`,
        [push.siteId, vietnamDay(new Date(push.sentAt)), JSON.stringify(push.facility), push.sentAt],
      );
    });
    return { rows: push.counters.length };
  }

  async #ingestGateway(q: Pick<SqlClient, 'query'>, siteId: string, facilityId: string, sentAt: string, gateway: GatewayPush): Promise<void> {
    const days = gateway.days;
    for (let i = 0; i < days.length; i += BATCH) {
      const batch = days.slice(i, i + BATCH);
      await q.query(
        `INSERT INTO hub_gateway_daily (site_id, day, facility_id, answered, failed) VALUES ${batch.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (site_id, day, facility_id) DO UPDATE SET answered = excluded.answered, failed = excluded.failed`,
        batch.flatMap((r) => [siteId, r.day, r.facilityId, r.answered, r.failed]),
      );
    }
    await q.query(
      `INSERT INTO hub_gateway_units (facility_id, site_id, account, kind, sent_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (facility_id) DO UPDATE SET
         site_id = CASE WHEN excluded.sent_at >= hub_gateway_units.sent_at THEN excluded.site_id ELSE hub_gateway_units.site_id END,
         account = CASE WHEN excluded.sent_at >= hub_gateway_units.sent_at THEN excluded.account ELSE hub_gateway_units.account END,
         kind = CASE WHEN excluded.sent_at >= hub_gateway_units.sent_at THEN excluded.kind ELSE hub_gateway_units.kind END,
         sent_at = CASE WHEN excluded.sent_at >= hub_gateway_units.sent_at THEN excluded.sent_at ELSE hub_gateway_units.sent_at END`,
      [facilityId, siteId, gateway.account ? 1 : 0, gateway.kind, sentAt],
    );
  }

  /** Phụ lục 2: each unit's exchanges over [from, to]. */
  async gatewayTotals(from: string, to: string): Promise<Array<{ facilityId: string; answered: number; failed: number }>> {
    const rows = await this.sql.query<{ facility_id: string; answered: number | string; failed: number | string }>(
      `SELECT facility_id, CAST(SUM(answered) AS BIGINT) AS answered, CAST(SUM(failed) AS BIGINT) AS failed
       FROM hub_gateway_daily WHERE day BETWEEN ? AND ? GROUP BY facility_id`,
      [from, to],
    );
    return rows.map((r) => ({ facilityId: r.facility_id, answered: Number(r.answered), failed: Number(r.failed) }));
  }

  /** Phụ lục 2: the units whose sites sent their gateway account (the others cannot be known). */
  async gatewayUnits(): Promise<Map<string, { account: boolean; kind: GatewayPush['kind'] }>> {
    const rows = await this.sql.query<{ facility_id: string; account: number; kind: GatewayPush['kind'] }>(
      'SELECT facility_id, account, kind FROM hub_gateway_units',
    );
    return new Map(rows.map((r) => [r.facility_id, { account: Number(r.account) === 1, kind: r.kind }]));
  }

  async #checkTenancy(q: Pick<SqlClient, 'query'>, push: HubPush, tenancy: Tenancy, at: Date): Promise<void> {
    const ids = new Set([push.facility.id, ...push.counters.map((r) => r.facilityId), ...(push.gateway?.days ?? []).map((r) => r.facilityId)]);
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

  /** Facilities from every site's latest snapshot (on or before `asOf`'s end when given; a site that
   *  first pushed later gives its first); sites sharing a facility contribute their stations. */
  async facilities(asOf?: string): Promise<FacilityInventory[]> {
    const rows =
      asOf === undefined
        ? await this.sql.query<{ facility_json: string; snapshot_at: string }>('SELECT facility_json, snapshot_at FROM hub_sites ORDER BY snapshot_at, site_id')
        : await this.#snapshotsAsOf(asOf);
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

  /** Each site's newest snapshot on or before `day` (its first one when it started pushing later),
   *  chosen by the database through the (site_id, day) key. */
  async #snapshotsAsOf(day: string): Promise<Array<{ facility_json: string; snapshot_at: string }>> {
    return this.sql.query<{ facility_json: string; snapshot_at: string }>(
      `SELECT s.facility_json, s.snapshot_at FROM hub_snapshots s
       WHERE s.day = COALESCE((SELECT MAX(x.day) FROM hub_snapshots x WHERE x.site_id = s.site_id AND x.day <= ?),
                              (SELECT MIN(x.day) FROM hub_snapshots x WHERE x.site_id = s.site_id))
       ORDER BY s.snapshot_at, s.site_id`,
      [day],
    );
  }

  async stationTotals(from: string, to: string): Promise<StationCounts[]> {
    const rows = await this.sql.query<Record<string, string | number | null> & { facility_id: string; station_id: string }>(
      // BIGINT: on PostgreSQL INTEGER is 32-bit, and one site's 300 rows of 10,000,000 already pass 2^31.
      `SELECT facility_id, station_id, ${COUNTED.map((c) => `CAST(SUM(${c}) AS BIGINT) AS ${c}`).join(', ')}
       FROM hub_counters WHERE day BETWEEN ? AND ? GROUP BY facility_id, station_id`,
      [from, to],
    );
    return rows.map((r) => {
      const out: StationCounts = {
        facilityId: r.facility_id,
        stationId: r.station_id,
        scans: Number(r['scans']),
        searches: Number(r['searches']),
        successes: Number(r['successes']),
        errors: Number(r['errors']),
      };
      // SUM over rows without a breakdown is NULL: the field stays absent (no causes known).
      for (const k of BREAKDOWN_KEYS) if (r[BREAKDOWN_COLUMNS[k]] !== null) out[k] = Number(r[BREAKDOWN_COLUMNS[k]]);
      return out;
    });
  }

  /** The earliest day any site counted (null before the first push). */
  async firstDay(): Promise<string | null> {
    return (await this.sql.query<{ d: string | null }>('SELECT MIN(day) AS d FROM hub_counters'))[0]?.d ?? null;
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
