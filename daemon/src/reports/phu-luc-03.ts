// "Phụ lục 03" of the Quảng Ngãi Project 06 report (seed 003): chip-ID-card use and QR reader
// inventory per facility, with the seed's rows and subtotals. Every number is computed here from
// counters and inventory; the renderers (CSV, XLSX, HTML) only lay it out.

import type { Counters } from '../api/contract.ts';
import type { NumericColumn, PhuLuc03, ReportColumn, ReportRow, RowLevel } from '../api/report.ts';
import type { FacilityInventory, ReportSource, StationCounts, StationInventory } from './types.ts';

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

type Sums = Omit<ReportRow, 'level' | 'stt' | 'label' | 'facilityId'>;

const ZERO: Sums = {
  accesses: 0,
  scans: 0,
  searches: 0,
  successes: 0,
  errors: 0,
  cumulative: 0,
  stationsEquipped: null,
  stationsTotal: null,
  scannersWorking: 0,
  scannersNotWorking: 0,
  scannersNeeded: 0,
};

function addNullable(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

function add(a: Sums, b: Sums): Sums {
  return {
    accesses: a.accesses + b.accesses,
    scans: a.scans + b.scans,
    searches: a.searches + b.searches,
    successes: a.successes + b.successes,
    errors: a.errors + b.errors,
    cumulative: a.cumulative + b.cumulative,
    stationsEquipped: addNullable(a.stationsEquipped, b.stationsEquipped),
    stationsTotal: addNullable(a.stationsTotal, b.stationsTotal),
    scannersWorking: a.scannersWorking + b.scannersWorking,
    scannersNotWorking: a.scannersNotWorking + b.scannersNotWorking,
    scannersNeeded: a.scannersNeeded + b.scannersNeeded,
  };
}

type CountIndex = Map<string, Map<string, Counters>>;

function index(rows: readonly StationCounts[]): CountIndex {
  const byFacility: CountIndex = new Map();
  for (const r of rows) {
    const stations = byFacility.get(r.facilityId) ?? new Map<string, Counters>();
    const c = stations.get(r.stationId) ?? { scans: 0, searches: 0, successes: 0, errors: 0 };
    stations.set(r.stationId, {
      scans: c.scans + r.scans,
      searches: c.searches + r.searches,
      successes: c.successes + r.successes,
      errors: c.errors + r.errors,
    });
    byFacility.set(r.facilityId, stations);
  }
  return byFacility;
}

function sumStations(
  stations: readonly StationInventory[],
  period: Map<string, Counters> | undefined,
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
    });
  }
  return s;
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

export async function buildPhuLuc03(source: ReportSource, opts: { from: string; to: string; cumulativeSince: string; now: Date }): Promise<PhuLuc03> {
  const since = opts.cumulativeSince;
  const [declared, periodRows, cumulativeRows] = await Promise.all([
    source.facilities(),
    source.stationTotals(opts.from, opts.to),
    source.stationTotals(since, opts.to),
  ]);
  const period = index(periodRows);
  const cumulative = index(cumulativeRows);
  const facilities = withUndeclared(declared, period, cumulative).sort(byOrder);

  const facilityRows = (list: FacilityInventory[]): { rows: ReportRow[]; sum: Sums } => {
    const rows: ReportRow[] = [];
    let sum = ZERO;
    list.forEach((f, i) => {
      const own = sumStations(
        f.stations.filter((s) => s.kind === 'facility'),
        period.get(f.id),
        cumulative.get(f.id),
        false,
      );
      rows.push({ level: 'facility', stt: String(i + 1), label: f.name, facilityId: f.id, ...own });
      sum = add(sum, own);
      const communes = f.stations.filter((s) => s.kind === 'commune');
      if (communes.length > 0) {
        const c = sumStations(communes, period.get(f.id), cumulative.get(f.id), true);
        rows.push({ level: 'commune', stt: '', label: 'Tuyến xã', facilityId: f.id, ...c });
        sum = add(sum, c);
      }
    });
    return { rows, sum };
  };

  const pub = facilities.filter((f) => f.sector === 'public');
  const tierI = facilityRows(pub.filter((f) => f.tier === 'province'));
  const tierII = facilityRows(pub.filter((f) => f.tier === 'district'));
  const priv = facilityRows(facilities.filter((f) => f.sector === 'private'));
  const a = add(tierI.sum, tierII.sum);
  const rows: ReportRow[] = [
    { level: 'total', stt: '', label: 'Tổng cộng', facilityId: null, ...add(a, priv.sum) },
    { level: 'sector', stt: 'A', label: 'Y tế công lập', facilityId: null, ...a },
    { level: 'tier', stt: 'I', label: 'Tuyến tỉnh', facilityId: null, ...tierI.sum },
    ...tierI.rows,
    { level: 'tier', stt: 'II', label: 'Tuyến huyện - xã', facilityId: null, ...tierII.sum },
    ...tierII.rows,
    { level: 'sector', stt: 'B', label: 'Y tế ngoài công lập', facilityId: null, ...priv.sum },
    ...priv.rows,
  ];
  return { title: TITLE, period: { from: opts.from, to: opts.to }, cumulativeSince: since, generatedAt: opts.now.toISOString(), columns: columns(since), rows };
}
