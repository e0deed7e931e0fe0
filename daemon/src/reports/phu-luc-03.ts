// "Phụ lục 03" of the Quảng Ngãi Project 06 report (seed 003): chip-ID-card use and QR reader
// inventory per facility, with the seed's rows and subtotals. Every number is computed here from
// counters and inventory; the renderers (CSV, XLSX, HTML) only lay it out.

import type { Counters } from '../api/contract.ts';
import type { NumericColumn, OutcomeBreakdown, PhuLuc03, ReportColumn, ReportRow, RowLevel } from '../api/report.ts';
import { BREAKDOWN_KEYS, ERROR_GROUPS } from '../counting/access-outcome.ts';
import type { FacilityInventory, ReportSource, StationCounts, StationInventory } from './types.ts';
import { BREAKDOWN_COLUMNS_OF_REPORT } from './breakdown-columns.ts';
import { narrative } from './narrative.ts';
import { equipmentRows } from './equipment-sheet.ts';
import type { ReportPeriodConfig } from './period-config.ts';
import { periodTitle } from './period.ts';

export type { NumericColumn, PhuLuc03, ReportColumn, ReportRow, RowLevel };

export const TITLE = 'Kết quả triển khai khám chữa bệnh BHYT bằng thẻ CCCD gắn chip và thực trạng đầu tư đầu đọc QR-Code tại cơ sở KCB';

/** The seed's column headings, in its order; `group` is the merged heading above some of them. */
export function columns(cumulativeSince: string): readonly ReportColumn[] {
  return [
    { key: 'stt', heading: 'STT', group: null },
    { key: 'label', heading: 'Tên đơn vị', group: null },
    { key: 'accesses', heading: 'Tổng lượt truy cập', group: 'Số lượt truy cập thẻ CCCD' },
    { key: 'scans', heading: 'Số lượt quét thẻ', group: 'Số lượt truy cập thẻ CCCD' },
    { key: 'searches', heading: 'Số lượt tìm kiếm', group: 'Số lượt truy cập thẻ CCCD' },
    { key: 'successes', heading: 'Lượt thành công', group: 'Số lượt truy cập thẻ CCCD' },
    { key: 'errors', heading: 'Lỗi', group: 'Số lượt truy cập thẻ CCCD' },
    { key: 'cumulative', heading: `Số liệu cộng dồn (từ ngày ${viDate(cumulativeSince)})`, group: null },
    { key: 'stations', heading: 'Số Trạm y tế đã được trang bị máy quét/Tổng số Trạm Y tế (cả PKDK, BX)', group: null },
    { key: 'scannersWorking', heading: 'Số máy đáp ứng', group: 'Số máy quét đã trang bị' },
    { key: 'scannersNotWorking', heading: 'Số máy không đáp ứng', group: 'Số máy quét đã trang bị' },
    { key: 'scannersNeeded', heading: 'Nhu cầu trang bị', group: null },
  ];
}

/** 2022-12-10 → 10/12/2022, the way the seed writes dates. */
export function viDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

type Sums = Omit<ReportRow, 'level' | 'stt' | 'label' | 'facilityId' | 'noReport'>;

/** The seed's numeric columns (what a submitted copy is compared on). */
export const SEED_COUNT_KEYS = [
  'accesses',
  'scans',
  'searches',
  'successes',
  'errors',
  'cumulative',
  'scannersWorking',
  'scannersNotWorking',
  'scannersNeeded',
] as const;

const COUNT_KEYS = [
  ...SEED_COUNT_KEYS,
  'pending',
  'errorsRead',
  'errorsValidation',
  'lookupNotCovered',
  'lookupInput',
  'lookupIdentity',
  'lookupOther',
  'lostReads',
  'chipReads',
  'errorsUnexplained',
] as const;

const ZERO: Sums = {
  ...(Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Record<(typeof COUNT_KEYS)[number], number>),
  stationsEquipped: null,
  stationsTotal: null,
};

function addNullable(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

function add(a: Sums, b: Sums): Sums {
  const out: Record<string, number | null> = {
    stationsEquipped: addNullable(a.stationsEquipped, b.stationsEquipped),
    stationsTotal: addNullable(a.stationsTotal, b.stationsTotal),
  };
  for (const k of COUNT_KEYS) out[k] = a[k] + b[k];
  return out as unknown as Sums;
}

type CountIndex = Map<string, Map<string, Counters & Partial<OutcomeBreakdown>>>;

function index(rows: readonly StationCounts[]): CountIndex {
  const byFacility: CountIndex = new Map();
  for (const r of rows) {
    const stations = byFacility.get(r.facilityId) ?? new Map<string, Counters & Partial<OutcomeBreakdown>>();
    const c: Counters & Partial<OutcomeBreakdown> = stations.get(r.stationId) ?? { scans: 0, searches: 0, successes: 0, errors: 0 };
    const next: Counters & Partial<OutcomeBreakdown> = {
      scans: c.scans + r.scans,
      searches: c.searches + r.searches,
      successes: c.successes + r.successes,
      errors: c.errors + r.errors,
    };
    // A cause stays absent while no row carried it (a site older than v8): then it is "unexplained".
    for (const k of BREAKDOWN_KEYS) if (c[k] !== undefined || r[k] !== undefined) next[k] = (c[k] ?? 0) + (r[k] ?? 0);
    stations.set(r.stationId, next);
    byFacility.set(r.facilityId, stations);
  }
  return byFacility;
}

function sumStations(
  stations: readonly StationInventory[],
  period: Map<string, Counters & Partial<OutcomeBreakdown>> | undefined,
  cumulative: Map<string, Counters> | undefined,
  commune: boolean,
): Sums {
  let s: Sums = commune ? { ...ZERO, stationsEquipped: 0, stationsTotal: 0 } : ZERO;
  for (const st of stations) {
    const c = period?.get(st.id);
    const cum = cumulative?.get(st.id);
    s = add(s, {
      accesses: c ? c.scans + c.searches : 0,
      scans: c?.scans ?? 0,
      searches: c?.searches ?? 0,
      successes: c?.successes ?? 0,
      errors: c?.errors ?? 0,
      cumulative: cum ? cum.scans + cum.searches : 0,
      stationsEquipped: commune ? (st.scanners.length > 0 ? 1 : 0) : null,
      stationsTotal: commune ? 1 : null,
      scannersWorking: st.scanners.filter((x) => x.status === 'working').length,
      scannersNotWorking: st.scanners.filter((x) => x.status === 'notWorking').length,
      scannersNeeded: st.needed,
      ...breakdownOf(c),
    });
  }
  return s;
}

/** The causes behind a station's errors; what a site older than v8 sent without them is unexplained. */
function breakdownOf(c: (Counters & Partial<OutcomeBreakdown>) | undefined): OutcomeBreakdown & { errorsUnexplained: number } {
  const b = { pending: c?.pending ?? 0, chipReads: c?.chipReads ?? 0, errorsUnexplained: 0 } as OutcomeBreakdown & { errorsUnexplained: number };
  for (const g of ERROR_GROUPS) b[g] = c?.[g] ?? 0;
  b.errorsUnexplained = Math.max(0, (c?.errors ?? 0) - ERROR_GROUPS.reduce((a, g) => a + b[g], 0));
  return b;
}

/** Counts for a station that no inventory lists are never dropped: they land on the facility's own row,
 *  and a facility nobody declared gets a row of its own. */
function withUndeclared(facilities: readonly FacilityInventory[], period: CountIndex, cumulative: CountIndex): FacilityInventory[] {
  const out = facilities.map((f) => {
    const known = new Set(f.stations.map((s) => s.id));
    const extra = new Set([...(period.get(f.id)?.keys() ?? []), ...(cumulative.get(f.id)?.keys() ?? [])].filter((id) => !known.has(id)));
    const stray: StationInventory[] = [...extra].map((id) => ({ id, name: id, kind: 'facility', desks: [], scanners: [], needed: 0, neededReason: null }));
    return stray.length ? { ...f, stations: [...f.stations, ...stray] } : f;
  });
  const declared = new Set(facilities.map((f) => f.id));
  for (const id of new Set([...period.keys(), ...cumulative.keys()])) {
    if (declared.has(id)) continue;
    const stations: StationInventory[] = [...new Set([...(period.get(id)?.keys() ?? []), ...(cumulative.get(id)?.keys() ?? [])])].map((sid) => ({
      id: sid,
      name: sid,
      kind: 'facility',
      desks: [],
      scanners: [],
      needed: 0,
      neededReason: null,
    }));
    out.push({ id, name: `Đơn vị chưa khai báo (${id})`, province: '', sector: 'public', tier: 'district', order: Number.MAX_SAFE_INTEGER, stations });
  }
  return out;
}

const byOrder = (a: FacilityInventory, b: FacilityInventory): number => a.order - b.order || a.name.localeCompare(b.name, 'vi') || a.id.localeCompare(b.id);

/** A unit the hub expects to report (hub config `expectedUnits`): the province's list decides its
 *  name, sector, tier and place in the table, whatever its site sends. */
/** A unit the province expects a report from (the hub's `expectedUnits`). */
export interface ExpectedUnit {
  readonly facilityId: string;
  readonly name: string;
  readonly sector: 'public' | 'private';
  readonly tier: 'province' | 'district';
  readonly order: number;
  readonly siteId: string;
  /** Phụ lục 2's tier, for a unit that never sent its own; absent: hospital. */
  readonly kind?: 'hospital' | 'clinic' | 'commune';
}

export interface BuildOptions {
  readonly from: string;
  readonly to: string;
  readonly cumulativeSince: string;
  readonly now: Date;
  readonly periodConfig?: Pick<ReportPeriodConfig, 'periodStartDay' | 'periodTitleMonth'>;
  readonly expected?: readonly ExpectedUnit[];
  /** Facility ids that reported for the period; with `expected`, the others print "(chưa có báo cáo)". */
  readonly reported?: ReadonlySet<string>;
}

/** Expected units join the table even when nothing arrived from them; their listed details win. */
function withExpected(facilities: FacilityInventory[], expected: readonly ExpectedUnit[]): FacilityInventory[] {
  const byId = new Map(facilities.map((f) => [f.id, f]));
  for (const u of expected) {
    const f = byId.get(u.facilityId);
    const listed = { name: u.name, sector: u.sector, tier: u.tier, order: u.order };
    byId.set(u.facilityId, f ? { ...f, ...listed } : { id: u.facilityId, province: '', stations: [], ...listed });
  }
  return [...byId.values()];
}

export const NO_REPORT = '(chưa có báo cáo)';

type Indexes = { period: CountIndex; cumulative: CountIndex; silent: (facilityId: string) => boolean };

function facilityRows(list: FacilityInventory[], ix: Indexes): { rows: ReportRow[]; sum: Sums } {
  const rows: ReportRow[] = [];
  let sum = ZERO;
  list.forEach((f, i) => {
    if (ix.silent(f.id)) {
      rows.push({ level: 'facility', stt: String(i + 1), label: `${f.name} ${NO_REPORT}`, facilityId: f.id, ...ZERO, noReport: true });
      return;
    }
    const own = sumStations(
      f.stations.filter((s) => s.kind === 'facility'),
      ix.period.get(f.id),
      ix.cumulative.get(f.id),
      false,
    );
    rows.push({ level: 'facility', stt: String(i + 1), label: f.name, facilityId: f.id, ...own, noReport: false });
    sum = add(sum, own);
    const communes = f.stations.filter((s) => s.kind === 'commune');
    if (communes.length > 0) {
      const c = sumStations(communes, ix.period.get(f.id), ix.cumulative.get(f.id), true);
      rows.push({ level: 'commune', stt: '', label: 'Tuyến xã', facilityId: f.id, ...c, noReport: false });
      sum = add(sum, c);
    }
  });
  return { rows, sum };
}

export async function buildPhuLuc03(source: ReportSource, opts: BuildOptions): Promise<PhuLuc03> {
  const since = opts.cumulativeSince;
  const [declared, periodRows, cumulativeRows] = await Promise.all([
    source.facilities(opts.to),
    source.stationTotals(opts.from, opts.to),
    source.stationTotals(since, opts.to),
  ]);
  const period = index(periodRows);
  const cumulative = index(cumulativeRows);
  const expected = opts.expected ?? [];
  const listed = new Set(expected.map((u) => u.facilityId));
  const silent = (id: string): boolean => listed.has(id) && !period.has(id) && !(opts.reported?.has(id) ?? false);
  const facilities = withExpected(withUndeclared(declared, period, cumulative), expected).sort(byOrder);
  const ix: Indexes = { period, cumulative, silent };

  const pub = facilities.filter((f) => f.sector === 'public');
  const tierI = facilityRows(
    pub.filter((f) => f.tier === 'province'),
    ix,
  );
  const tierII = facilityRows(
    pub.filter((f) => f.tier === 'district'),
    ix,
  );
  const priv = facilityRows(
    facilities.filter((f) => f.sector === 'private'),
    ix,
  );
  const a = add(tierI.sum, tierII.sum);
  const sub = (level: RowLevel, stt: string, label: string, sums: Sums): ReportRow => ({ level, stt, label, facilityId: null, ...sums, noReport: false });
  const rows: ReportRow[] = [
    sub('total', '', 'Tổng cộng', add(a, priv.sum)),
    sub('sector', 'A', 'Y tế công lập', a),
    sub('tier', 'I', 'Tuyến tỉnh', tierI.sum),
    ...tierI.rows,
    sub('tier', 'II', 'Tuyến huyện - xã', tierII.sum),
    ...tierII.rows,
    sub('sector', 'B', 'Y tế ngoài công lập', priv.sum),
    ...priv.rows,
  ];
  const periodName = opts.periodConfig ? periodTitle(opts.from, opts.to, opts.periodConfig) : null;
  const base = { period: { from: opts.from, to: opts.to }, cumulativeSince: since, generatedAt: opts.now.toISOString(), columns: columns(since), rows };
  return {
    ...base,
    title: periodName ? `${TITLE} ${periodName}` : TITLE,
    periodName,
    breakdownColumns: BREAKDOWN_COLUMNS_OF_REPORT,
    narrative: narrative(rows, { from: opts.from, to: opts.to }),
    // The units as their inventories list them (counts of undeclared stations say nothing of desks).
    equipment: equipmentRows(withExpected([...declared], expected).sort(byOrder)),
  };
}
