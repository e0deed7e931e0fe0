// Reads of the daily counters for reports, the counters API and the hub push. Counters are written only
// by EventsRepo, in the same transaction as their event. Rows of simulated scanners are left out of
// everything that reaches the district (station totals, daily rows, the push); device totals keep them
// so the technician sees a simulator count.

import type { DailyCounterRow, StationCounts } from '../api/report.ts';
import type { Db } from './db.ts';
import { BREAKDOWN_COLUMNS, BREAKDOWN_KEYS } from '../counting/access-outcome.ts';
import type { ReportCounts } from '../counting/count-delta.ts';

export type { DailyCounterRow };

export interface DeviceTotals extends ReportCounts {
  readonly deviceId: string;
  readonly deskId: string;
}

const COUNTED = ['scans', 'searches', 'successes', 'errors', ...BREAKDOWN_KEYS.map((k) => BREAKDOWN_COLUMNS[k])];
const SUMS = COUNTED.map((c) => `SUM(${c}) AS ${c}`).join(', ');
type SqlCounts = Record<string, number>;

/** A row's counters under their API names (err_read → errorsRead …). */
function countsOf(r: SqlCounts): ReportCounts {
  const out = { scans: r['scans']!, searches: r['searches']!, successes: r['successes']!, errors: r['errors']! } as ReportCounts;
  for (const k of BREAKDOWN_KEYS) out[k] = r[BREAKDOWN_COLUMNS[k]] ?? 0;
  return out;
}

export class CountersRepo {
  constructor(private readonly db: Db) {}

  async stationTotals(from: string, to: string): Promise<StationCounts[]> {
    const rows = await this.db.all<SqlCounts & { facility_id: string; station_id: string }>(
      `SELECT facility_id, station_id, ${SUMS} FROM daily_counters WHERE day BETWEEN ? AND ? AND simulated = 0 GROUP BY facility_id, station_id`,
      [from, to],
    );
    return rows.map((r) => ({ facilityId: r.facility_id, stationId: r.station_id, ...countsOf(r) }));
  }

  async deviceTotals(from: string, to: string): Promise<DeviceTotals[]> {
    const rows = await this.db.all<SqlCounts & { device_id: string; desk_id: string }>(
      `SELECT device_id, desk_id, ${SUMS} FROM daily_counters WHERE day BETWEEN ? AND ? GROUP BY device_id, desk_id ORDER BY device_id, desk_id`,
      [from, to],
    );
    return rows.map((r) => ({ deviceId: r.device_id, deskId: r.desk_id, ...countsOf(r) }));
  }

  async daily(from: string, to: string): Promise<DailyCounterRow[]> {
    const rows = await this.db.all<SqlCounts & { day: string; facility_id: string; station_id: string; device_id: string; desk_id: string }>(
      'SELECT * FROM daily_counters WHERE day BETWEEN ? AND ? AND simulated = 0 ORDER BY day, facility_id, station_id, device_id, desk_id',
      [from, to],
    );
    return rows.map((r) => ({ day: r.day, facilityId: r.facility_id, stationId: r.station_id, deviceId: r.device_id, deskId: r.desk_id, ...countsOf(r) }));
  }

  async firstDay(): Promise<string | null> {
    return (await this.db.get<{ d: string | null }>('SELECT MIN(day) AS d FROM daily_counters WHERE simulated = 0'))?.d ?? null;
  }
}
