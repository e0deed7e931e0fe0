// What the district report is built from, whether it comes from one site's SQLite file or from the
// district hub's database: facilities with their stations and scanners (the inventory), and counter
// totals per station. These shapes are also the hub's push payload: add fields, do not rename.

import type { FacilityInventory, StationCounts } from '../api/report.ts';

export type { FacilityInventory, ScannerInventory, ScannerStatus, StationCounts, StationInventory } from '../api/report.ts';

/** Where a report reads from: a site's own database, or the hub's. */
export interface ReportSource {
  /** The inventory as it stood at the end of `asOf` (a past period's last day); now when absent. */
  facilities(asOf?: string): Promise<FacilityInventory[]>;
  /** Counter sums per facility and station over [from, to] (Vietnam calendar days, inclusive). */
  stationTotals(from: string, to: string): Promise<StationCounts[]>;
}
