// What the district report is built from, whether it comes from one site's SQLite file or from the
// district hub's database: facilities with their stations and scanners (the inventory), and counter
// totals per station. These shapes are also the hub's push payload: add fields, do not rename.

import type { Counters } from '../storage/events-repo.ts';

export type ScannerStatus = 'working' | 'notWorking';

export interface ScannerInventory {
  readonly id: string;
  readonly desk: string;
  readonly mode: string;
  readonly status: ScannerStatus;
  /** telemetry: computed from health; override: set by a technician with a reason. */
  readonly statusSource: 'telemetry' | 'override';
  readonly reason: string | null;
  readonly lastOnline: string | null;
}

export interface StationInventory {
  readonly id: string;
  readonly name: string;
  readonly kind: 'facility' | 'commune';
  readonly desks: readonly string[];
  readonly scanners: readonly ScannerInventory[];
  /** Scanners still needed (nhu cầu trang bị): desks without a working scanner, unless overridden. */
  readonly needed: number;
  readonly neededReason: string | null;
}

export interface FacilityInventory {
  readonly id: string;
  readonly name: string;
  readonly province: string;
  readonly sector: 'public' | 'private';
  readonly tier: 'province' | 'district';
  readonly order: number;
  readonly stations: readonly StationInventory[];
}

export interface StationCounts extends Counters {
  readonly facilityId: string;
  readonly stationId: string;
}

/** Where a report reads from: a site's own database, or the hub's. */
export interface ReportSource {
  facilities(): Promise<FacilityInventory[]>;
  /** Counter sums per facility and station over [from, to] (Vietnam calendar days, inclusive). */
  stationTotals(from: string, to: string): Promise<StationCounts[]>;
}
