// The BHXH gateway exchanges per Vietnam day, unit and call (migration 016, Phụ lục 2): the table's
// one writer. Counts arrive in batches from eligibility/gateway-tally.ts (never one write per call:
// counting must not slow a lookup) and are added to the day's row. Reads leave the bundled
// simulator's rows out of everything that reaches the district, as CountersRepo does for simulated
// scanners.

import type { Db } from './db.ts';
import type { Rows } from './rows.ts';

/** The gateway calls that are counted (docs/reference/report-rules.md, "Phụ lục 2"). */
export const GATEWAY_CALLS = ['token', 'check', 'history', 'checkin'] as const;
export type GatewayCall = (typeof GATEWAY_CALLS)[number];

export interface GatewayExchanges {
  readonly answered: number;
  readonly failed: number;
}

/** One day's exchanges of one unit and call. */
export interface GatewayDailyRow extends GatewayExchanges {
  readonly day: string;
  readonly facilityId: string;
  readonly call: GatewayCall;
  readonly simulated: boolean;
}

/** A unit's exchanges over a period (simulator left out). */
export interface GatewayUnitTotals extends GatewayExchanges {
  readonly facilityId: string;
}

export class GatewayDailyRepo {
  constructor(private readonly db: Db) {}

  /** Adds a batch of counts to their rows, in one transaction. */
  async add(rows: readonly GatewayDailyRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction(async () => {
      for (const r of rows) {
        await this.db.runNow(
          `INSERT INTO gateway_daily (day, facility_id, call, simulated, answered, failed) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (day, facility_id, call, simulated) DO UPDATE SET
             answered = gateway_daily.answered + excluded.answered, failed = gateway_daily.failed + excluded.failed`,
          [r.day, r.facilityId, r.call, r.simulated ? 1 : 0, r.answered, r.failed],
        );
      }
    });
  }

  /** Per unit, the exchanges of the days from..to (inclusive), the simulator's left out. */
  async totals(from: string, to: string): Promise<GatewayUnitTotals[]> {
    const rows = await this.db.all<{ facility_id: string; answered: number; failed: number }>(
      `SELECT facility_id, SUM(answered) AS answered, SUM(failed) AS failed FROM gateway_daily
       WHERE day BETWEEN ? AND ? AND simulated = 0 GROUP BY facility_id ORDER BY facility_id`,
      [from, to],
    );
    return rows.map((r) => ({ facilityId: r.facility_id, answered: r.answered, failed: r.failed }));
  }

  /** Per day and unit, the calls summed, the simulator's left out: what the hub is pushed. */
  async dayTotals(from: string, to: string): Promise<Array<GatewayUnitTotals & { readonly day: string }>> {
    const rows = await this.db.all<{ day: string; facility_id: string; answered: number; failed: number }>(
      `SELECT day, facility_id, SUM(answered) AS answered, SUM(failed) AS failed FROM gateway_daily
       WHERE day BETWEEN ? AND ? AND simulated = 0 GROUP BY day, facility_id ORDER BY day, facility_id`,
      [from, to],
    );
    return rows.map((r) => ({ day: r.day, facilityId: r.facility_id, answered: r.answered, failed: r.failed }));
  }

  /** Every row of the days from..to (inclusive), simulator included or not, in a stable order. */
  async daily(from: string, to: string, opts: { simulated?: boolean } = {}): Promise<GatewayDailyRow[]> {
    const rows = await this.db.all<Rows['gateway_daily']>(
      `SELECT * FROM gateway_daily WHERE day BETWEEN ? AND ? ${opts.simulated ? '' : 'AND simulated = 0'} ORDER BY day, facility_id, call, simulated`,
      [from, to],
    );
    return rows.map((r) => ({
      day: r.day,
      facilityId: r.facility_id,
      call: r.call as GatewayCall,
      simulated: r.simulated === 1,
      answered: r.answered,
      failed: r.failed,
    }));
  }
}
