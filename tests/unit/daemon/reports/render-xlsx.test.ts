// The XLSX the district office receives (and the copy kept when a report is submitted): laid out like
// the seed's table (title, period, two header rows with the merged group headings), numbers as numbers
// so the office can add them up, bold subtotals, italic "Tuyến xã", blank cells for a unit that did
// not report, names never run as formulas, and the causes of "Lỗi" and the sentences on sheets of
// their own. Read back with exceljs, as a spreadsheet would open it.

import ExcelJS from 'exceljs';
import t from 'tap';
import { buildPhuLuc03, type PhuLuc03 } from '../../../../daemon/src/reports/phu-luc-03.ts';
import { DEFAULT_PERIOD_CONFIG } from '../../../../daemon/src/reports/period-config.ts';
import { BREAKDOWN_SHEET, NARRATIVE_SHEET, renderXlsx, SHEET_NAME } from '../../../../daemon/src/reports/render-xlsx.ts';
import type { FacilityInventory, ReportSource, StationInventory } from '../../../../daemon/src/reports/types.ts';

const station = (id: string, kind: StationInventory['kind'], working: number, needed = 0): StationInventory => ({
  id,
  name: id,
  kind,
  desks: [],
  scanners: Array.from({ length: working }, (_, i) => ({
    id: `${id}-${i}`,
    desk: 'd',
    mode: 'serial',
    status: 'working' as const,
    statusSource: 'telemetry' as const,
    reason: null,
    lastOnline: null,
  })),
  needed,
  neededReason: null,
});

async function report(): Promise<PhuLuc03> {
  const facilities: FacilityInventory[] = [
    {
      id: 'D1',
      name: 'Trung tâm Y tế huyện Bình Sơn',
      province: '',
      sector: 'public',
      tier: 'district',
      order: 1,
      stations: [station('main', 'facility', 11), station('x1', 'commune', 1), station('x2', 'commune', 0, 1)],
    },
    { id: 'D2', name: '=1+1', province: '', sector: 'public', tier: 'district', order: 2, stations: [station('main', 'facility', 1)] },
  ];
  const src: ReportSource = {
    facilities: async () => facilities,
    stationTotals: async () => [
      { facilityId: 'D1', stationId: 'main', scans: 2199, searches: 0, successes: 2199, errors: 0 },
      { facilityId: 'D1', stationId: 'x1', scans: 1784, searches: 0, successes: 1780, errors: 4, errorsRead: 4 },
      { facilityId: 'D2', stationId: 'main', scans: 3, searches: 0, successes: 3, errors: 0 },
    ],
  };
  return buildPhuLuc03(src, {
    from: '2023-01-10',
    to: '2023-02-09',
    cumulativeSince: '2022-12-10',
    now: new Date('2023-02-10T05:00:00Z'),
    periodConfig: DEFAULT_PERIOD_CONFIG,
    expected: [
      { facilityId: 'D1', name: 'Trung tâm Y tế huyện Bình Sơn', sector: 'public', tier: 'district', order: 1, siteId: 's1' },
      { facilityId: 'D2', name: '=1+1', sector: 'public', tier: 'district', order: 2, siteId: 's2' },
      { facilityId: 'D3', name: 'Trung tâm Y tế huyện Sơn Tây', sector: 'public', tier: 'district', order: 3, siteId: 's3' },
    ],
  });
}

let opened: Promise<{ r: PhuLuc03; wb: ExcelJS.Workbook }> | null = null;
/** Rendered and read back once; every test reads the same workbook. */
function workbook(): Promise<{ r: PhuLuc03; wb: ExcelJS.Workbook }> {
  opened ??= (async () => {
    const r = await report();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await renderXlsx(r)).buffer);
    return { r, wb };
  })();
  return opened;
}

const values = (ws: ExcelJS.Worksheet, row: number): unknown[] => Array.from({ length: 12 }, (_, i) => ws.getRow(row).getCell(i + 1).value);

t.test('four sheets: the seed’s table, the causes of "Lỗi", the sentences, the desk equipment', async (t) => {
  const { wb } = await workbook();
  t.same(
    wb.worksheets.map((w) => w.name),
    ['Phụ lục 03', 'Chi tiết lỗi', 'Thuyết minh', 'Trang thiết bị'],
  );
  t.same([SHEET_NAME, BREAKDOWN_SHEET, NARRATIVE_SHEET], ['Phụ lục 03', 'Chi tiết lỗi', 'Thuyết minh'], 'the names scripts look sheets up by');
  t.equal(wb.creator, 'tiepnhan');
});

t.test('title, period and the two-row header with the seed’s merged groups', async (t) => {
  const { r, wb } = await workbook();
  const ws = wb.getWorksheet(SHEET_NAME)!;
  t.equal(ws.getCell('A1').value, r.title);
  t.equal(ws.getCell('A2').value, 'Từ ngày 10/01/2023 đến ngày 09/02/2023');
  t.ok(ws.getCell('L1').isMerged && ws.getCell('L1').master.address === 'A1', 'the title spans the table');
  const heading = (c: string): unknown => ws.getCell(c).master.value;
  t.same(
    ['C3', 'G3', 'J3', 'K3'].map(heading),
    ['Số lượt truy cập thẻ CCCD', 'Số lượt truy cập thẻ CCCD', 'Số máy quét đã trang bị', 'Số máy quét đã trang bị'],
    'group headings merged over their columns',
  );
  t.same(
    ['C4', 'D4', 'E4', 'F4', 'G4', 'J4', 'K4'].map((c) => ws.getCell(c).value),
    ['Tổng lượt truy cập', 'Số lượt quét thẻ', 'Số lượt tìm kiếm', 'Lượt thành công', 'Lỗi', 'Số máy đáp ứng', 'Số máy không đáp ứng'],
  );
  t.same(
    ['A4', 'B4', 'H4', 'L4'].map(heading),
    ['STT', 'Tên đơn vị', 'Số liệu cộng dồn (từ ngày 10/12/2022)', 'Nhu cầu trang bị'],
    'ungrouped headings span both header rows',
  );
  t.equal(ws.getCell('A4').master.address, 'A3');
  t.match(ws.views[0], { state: 'frozen', ySplit: 4, xSplit: 2 }, 'header and names stay in view');
  t.match(ws.pageSetup, { orientation: 'landscape', paperSize: 9 }, 'A4 landscape');
});

t.test('one row per report row, numbers as numbers, stations as "equipped/all"', async (t) => {
  const { r, wb } = await workbook();
  const ws = wb.getWorksheet(SHEET_NAME)!;
  t.equal(ws.rowCount, 4 + r.rows.length);
  const labels = r.rows.map((_, i) => ws.getRow(5 + i).getCell(2).value);
  t.same(
    labels,
    r.rows.map((x) => (x.label === '=1+1' ? "'=1+1" : x.label)),
  );
  t.same(values(ws, 5), ['', 'Tổng cộng', 3986, 3986, 0, 3982, 4, 3986, '1/2', 13, 0, 1]);
  const xa = r.rows.findIndex((x) => x.level === 'commune');
  t.same(values(ws, 5 + xa), ['', 'Tuyến xã', 1784, 1784, 0, 1780, 4, 1784, '1/2', 1, 0, 1]);
  t.same(values(ws, 5 + xa - 1).slice(8, 9), [''], 'no station cell on a facility row');
  t.equal(ws.getRow(5).getCell(3).numFmt, '#,##0', 'thousands grouped in the spreadsheet’s own locale');
  t.equal(ws.getRow(5).font?.bold, true, 'subtotals in bold');
  t.equal(ws.getRow(5 + xa).font?.italic, true, '"Tuyến xã" in italic');
  t.notOk(ws.getRow(5 + xa - 1).font?.bold, 'a facility row is plain');
});

t.test('a name that looks like a formula stays text; a silent unit has blank cells', async (t) => {
  const { r, wb } = await workbook();
  const ws = wb.getWorksheet(SHEET_NAME)!;
  const evil = ws.getRow(5 + r.rows.findIndex((x) => x.facilityId === 'D2')).getCell(2);
  t.equal(evil.type, ExcelJS.ValueType.String, 'not a formula');
  t.equal(evil.value, "'=1+1");
  const silent = 5 + r.rows.findIndex((x) => x.noReport);
  t.same(values(ws, silent), ['3', 'Trung tâm Y tế huyện Sơn Tây (chưa có báo cáo)', '', '', '', '', '', '', '', '', '', '']);
});

t.test('"Chi tiết lỗi": Vietnamese and English headings, errors and each cause per row', async (t) => {
  const { r, wb } = await workbook();
  const ws = wb.getWorksheet(BREAKDOWN_SHEET)!;
  const row = (n: number): unknown[] => (ws.getRow(n).values as unknown[]).slice(1);
  t.same(row(1), ['STT', 'Tên đơn vị', 'Lỗi', ...r.breakdownColumns.map((c) => c.heading)]);
  t.same(row(2).slice(2), ['Errors', ...r.breakdownColumns.map((c) => c.en)]);
  t.same(row(3), ['', 'Tổng cộng', 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'totals: 4 errors, all unreadable cards');
  t.same(row(3 + r.rows.findIndex((x) => x.facilityId === 'D2')).slice(0, 2), ['2', "'=1+1"]);
  t.same(row(3 + r.rows.findIndex((x) => x.noReport)), ['3', 'Trung tâm Y tế huyện Sơn Tây (chưa có báo cáo)'], 'nothing after the name of a silent unit');
  t.equal(ws.getRow(1).font?.bold, true);
});

t.test('"Thuyết minh": the Vietnamese sentences, a blank line, the English ones', async (t) => {
  const { r, wb } = await workbook();
  const ws = wb.getWorksheet(NARRATIVE_SHEET)!;
  const lines = Array.from({ length: ws.rowCount }, (_, i) => ws.getRow(i + 1).getCell(1).value ?? '');
  t.same(lines, [...r.narrative.vi, '', ...r.narrative.en]);
});
