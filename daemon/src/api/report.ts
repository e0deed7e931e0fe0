// The district report (Phụ lục 03) and the inventory behind it, as they cross HTTP (the report API,
// the hub push) and reach the pages: part of the wire contract (see contract.ts).

import type { Counters, PriorityVisits, ReportDue, WaitingTime } from './contract.ts';

export type { ReportDue };

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
  /** The desk's equipment (#29, seed 002: computers, printers, scanners, internet). Always present
   *  at a site that knows it; absent in a snapshot from a site older than migration 17 (the hub then
   *  shows "—", not zeros). */
  readonly equipment?: StationEquipment;
}

/** Counts of one kind of equipment at a station, as a technician set them on /tech (zeros until then). */
export interface EquipmentCount {
  readonly working: number;
  readonly notWorking: number;
  /** Still needed (nhu cầu trang bị). */
  readonly needed: number;
  /** Why some do not work (required when notWorking > 0), or a note on the need. */
  readonly reason: string | null;
  /** When a technician last set these counts; null: never (the zeros are not a count). */
  readonly updatedAt: string | null;
}

/** What the operating system of the daemon's PC tells about its printers (CUPS `lpstat -p`, the
 *  Windows spooler): null where it cannot tell (no tool, an error, not asked yet). */
export interface DetectedPrinters {
  readonly source: 'cups' | 'windows';
  readonly working: number;
  readonly notWorking: number;
  /** Printer names as the spooler lists them. */
  readonly names: readonly string[];
  readonly at: string;
}

/** ok: the BHXH gateway answered the last exchange of the past hour; down: it failed; unknown: no
 *  exchange in the past hour (or the bundled simulator answered: it says nothing about the link). */
export type InternetState = 'ok' | 'down' | 'unknown';

export interface StationEquipment {
  readonly computers: EquipmentCount;
  /** `detected`: the daemon PC's spooler, on the station the daemon runs at (the first one); null elsewhere. */
  readonly printers: EquipmentCount & { readonly detected: DetectedPrinters | null };
  /** From the scanner inventory above (working / not working) and the station's need. */
  readonly scanners: { readonly working: number; readonly notWorking: number; readonly needed: number };
  readonly internet: InternetState;
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

/** The causes behind "Lỗi" (see daemon/src/counting/access-outcome.ts), beside the seed's columns. */
export type ErrorGroup = 'errorsRead' | 'errorsValidation' | 'lookupNotCovered' | 'lookupInput' | 'lookupIdentity' | 'lookupOther' | 'lostReads';

/** Lookups the gateway has not answered yet, and the causes of the errors. */
/** `chipReads`: of the scans, those a chip reader made (since v18; beside the outcomes, not a cause). */
export type OutcomeBreakdown = { pending: number; chipReads: number } & Record<ErrorGroup, number>;

/** Breakdown fields are absent in pushes from sites older than v8 (the hub then has no causes). */
export interface StationCounts extends Counters, Partial<OutcomeBreakdown> {
  readonly facilityId: string;
  readonly stationId: string;
}

/** One day's counters of one device at one desk (GET /api/counters/daily, the hub push). */
export interface DailyCounterRow extends Counters, Partial<OutcomeBreakdown> {
  readonly day: string;
  readonly facilityId: string;
  readonly stationId: string;
  readonly deviceId: string;
  readonly deskId: string;
}

export type RowLevel = 'total' | 'sector' | 'tier' | 'facility' | 'commune';

export interface ReportRow {
  readonly level: RowLevel;
  /** STT column: A/B, I/II, 1…n; empty on the total and "Tuyến xã" rows. */
  readonly stt: string;
  readonly label: string;
  readonly facilityId: string | null;
  readonly accesses: number;
  readonly scans: number;
  readonly searches: number;
  readonly successes: number;
  readonly errors: number;
  readonly cumulative: number;
  /** Commune stations with a scanner / all commune stations; null where the seed leaves it blank. */
  readonly stationsEquipped: number | null;
  readonly stationsTotal: number | null;
  readonly scannersWorking: number;
  readonly scannersNotWorking: number;
  readonly scannersNeeded: number;
  /** Beside the seed's columns: lookups not answered yet at report time, and the causes of "Lỗi"
   *  (their sum plus `errorsUnexplained` is `errors`; unexplained: counts from sites older than v8). */
  readonly pending: number;
  readonly errorsRead: number;
  readonly errorsValidation: number;
  readonly lookupNotCovered: number;
  readonly lookupInput: number;
  readonly lookupIdentity: number;
  readonly lookupOther: number;
  /** Reads the site could not store in time (a full disk), counted once the disk took writes again. */
  readonly lostReads: number;
  /** Of the scans, those a chip reader made (a device reading the card's chip, not its QR). */
  readonly chipReads: number;
  readonly errorsUnexplained: number;
  /** An expected unit that sent nothing for the period: printed "(chưa có báo cáo)" with blank cells. */
  readonly noReport: boolean;
}

/** A column of the report: its key in a row, the seed's heading, and the merged heading above it. */
export interface ReportColumn {
  readonly key: keyof ReportRow | 'stations';
  readonly heading: string;
  readonly group: string | null;
}

export type NumericColumn = Exclude<keyof ReportRow, 'level' | 'stt' | 'label' | 'facilityId' | 'noReport'>;

/** A column of the breakdown beside the seed's table (JSON, HTML, the XLSX's second sheet). */
export interface BreakdownColumn {
  readonly key: keyof OutcomeBreakdown | 'errorsUnexplained';
  readonly heading: string;
  readonly en: string;
}

/** The seed's section II.2 sentences, from the same figures, Vietnamese first. */
export interface Narrative {
  readonly vi: readonly string[];
  readonly en: readonly string[];
}

/** A row of the equipment sheet (#29 item 3, seed 002): the district total (needs summed), a unit, or
 *  one of its stations. A count is null where the site does not send equipment yet (older than
 *  migration 17, or a unit that never pushed): shown "—", never 0. Scanners are always known. */
export interface EquipmentRow {
  readonly level: 'total' | 'facility' | 'station';
  readonly stt: string;
  readonly label: string;
  readonly facilityId: string | null;
  readonly stationId: string | null;
  readonly computersWorking: number | null;
  readonly computersNotWorking: number | null;
  readonly computersNeeded: number | null;
  readonly printersWorking: number | null;
  readonly printersNotWorking: number | null;
  readonly printersNeeded: number | null;
  /** What the daemon PC's spooler tells (working / not working); null: it cannot tell. */
  readonly printersDetected: { readonly working: number; readonly notWorking: number } | null;
  readonly scannersWorking: number;
  readonly scannersNotWorking: number;
  readonly scannersNeeded: number;
  /** A unit's or station's link; null on the total row and where unknown to the hub ("—"). */
  readonly internet: InternetState | null;
  /** Why computers or printers do not work, as the technician wrote it. */
  readonly reasons: string;
}

export interface PhuLuc03 {
  readonly title: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly cumulativeSince: string;
  readonly generatedAt: string;
  /** The seed's headings in order (what the CSV/XLSX/HTML print), for pages and scripts reading JSON. */
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly ReportRow[];
  /** "tháng 12/2026" when the report covers one reporting period (or its running part), else null. */
  readonly periodName: string | null;
  readonly breakdownColumns: readonly BreakdownColumn[];
  readonly narrative: Narrative;
  /** Desk equipment per unit and station, the district's needs summed (#29; the XLSX's "Trang thiết bị"). */
  readonly equipment?: readonly EquipmentRow[];
  /** Waiting time per department and day (registered to first called); a site's report only, the hub's has none. */
  readonly waitingTimes?: readonly WaitingTime[];
  /** Visits per priority reason, per day and for the period (a site's report only). */
  readonly priorityVisits?: PriorityVisits;
}
