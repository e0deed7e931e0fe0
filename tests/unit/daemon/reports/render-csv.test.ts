// The report as CSV, for the district office's spreadsheet: UTF-8 with a byte-order mark (Excel on
// Windows reads Vietnamese correctly only with it), CRLF rows, RFC 4180 quoting, the seed's headings,
// blank cells where the seed leaves them, and unit names that a spreadsheet could run as a formula
// neutralised (names come from sites' own configuration). parseCsv reads such a file back.

import t from 'tap';
import { buildPhuLuc03, columns, type PhuLuc03 } from '../../../../daemon/src/reports/phu-luc-03.ts';
import { BOM, cell, neutraliseFormula, parseCsv, renderCsv } from '../../../../daemon/src/reports/render-csv.ts';
import type { FacilityInventory, ReportSource, StationCounts, StationInventory } from '../../../../daemon/src/reports/types.ts';

const station = (id: string, kind: StationInventory['kind'], scanners = 0): StationInventory => ({
  id,
  name: id,
  kind,
  desks: [],
  scanners: Array.from({ length: scanners }, (_, i) => ({
    id: `${id}-${i}`,
    desk: 'd',
    mode: 'serial',
    status: 'working' as const,
    statusSource: 'telemetry' as const,
    reason: null,
    lastOnline: null,
  })),
  needed: 0,
  neededReason: null,
});
const facility = (id: string, name: string, stations: StationInventory[], order = 0): FacilityInventory => ({
  id,
  name,
  province: '',
  sector: 'public',
  tier: 'district',
  order,
  stations,
});
const counts = (facilityId: string, stationId: string, scans: number, searches: number, errors: number): StationCounts => ({
  facilityId,
  stationId,
  scans,
  searches,
  successes: scans + searches - errors,
  errors,
});

async function report(
  facilities: FacilityInventory[],
  period: StationCounts[],
  expected: Parameters<typeof buildPhuLuc03>[1]['expected'] = [],
): Promise<PhuLuc03> {
  const src: ReportSource = { facilities: async () => facilities, stationTotals: async () => period };
  return buildPhuLuc03(src, { from: '2023-01-10', to: '2023-02-09', cumulativeSince: '2022-12-10', now: new Date('2023-02-10T00:00:00Z'), expected });
}

t.test('a file Excel opens as UTF-8: BOM, CRLF rows, the seed headings, the numbers of the table', async (t) => {
  const r = await report(
    [facility('D1', 'Trung tâm Y tế huyện Mộ Đức', [station('main', 'facility', 1), station('x1', 'commune', 1), station('x2', 'commune')])],
    [counts('D1', 'main', 615, 0, 0), counts('D1', 'x1', 293, 50, 27)],
  );
  const csv = renderCsv(r);
  t.ok(csv.startsWith(BOM), 'starts with the byte-order mark');
  t.equal(BOM, '\uFEFF');
  t.ok(csv.endsWith('\r\n'));
  t.notOk(/[^\r]\n/.test(csv), 'every line ends in CRLF');
  const rows = parseCsv(csv);
  t.same(
    rows[0],
    columns('2022-12-10').map((c) => c.heading),
  );
  t.equal(rows.length, r.rows.length + 1, 'one line per report row under the header');
  const byLabel = new Map(rows.slice(1).map((cells) => [cells[1], cells]));
  t.same(byLabel.get('Tổng cộng'), ['', 'Tổng cộng', '958', '908', '50', '931', '27', '958', '1/2', '2', '0', '0']);
  t.same(
    byLabel.get('Trung tâm Y tế huyện Mộ Đức'),
    ['1', 'Trung tâm Y tế huyện Mộ Đức', '615', '615', '0', '615', '0', '615', '', '1', '0', '0'],
    'no station cell on a facility row',
  );
  t.same(byLabel.get('Tuyến xã'), ['', 'Tuyến xã', '343', '293', '50', '316', '27', '343', '1/2', '1', '0', '0'], 'seed 003: Mộ Đức Tuyến xã 343 = 293 + 50');
  t.match(csv, /"Số Trạm y tế đã được trang bị máy quét\/Tổng số Trạm Y tế \(cả PKDK, BX\)"/, 'a heading with a comma is quoted');
});

t.test('an expected unit that sent nothing keeps only its STT and name', async (t) => {
  const r = await report(
    [facility('D1', 'TTYT Sơn Tây', [station('main', 'facility', 1)])],
    [],
    [{ facilityId: 'D1', name: 'Trung tâm Y tế huyện Sơn Tây', sector: 'public', tier: 'district', order: 1, siteId: 's' }],
  );
  const line = parseCsv(renderCsv(r)).find((cells) => cells[1]?.startsWith('Trung tâm Y tế huyện Sơn Tây'));
  t.same(line, ['1', 'Trung tâm Y tế huyện Sơn Tây (chưa có báo cáo)', '', '', '', '', '', '', '', '', '', '']);
  const row = r.rows.find((x) => x.noReport)!;
  t.equal(cell(row, 'stt'), '1');
  t.equal(cell(row, 'scannersWorking'), '', 'even the scanner it declared is left blank, as the seed leaves it');
});

t.test('names with commas, quotes and line breaks survive the round trip', async (t) => {
  const names = ['Bệnh viện Sản - Nhi tỉnh, cơ sở 2', 'Phòng khám "An Bình"', 'TTYT huyện\r\nLý Sơn', 'Trạm "xá", bến\ncảng'];
  const r = await report(
    names.map((n, i) => facility(`F${i}`, n, [station('main', 'facility')], i)),
    [],
  );
  const csv = renderCsv(r);
  t.match(csv, '"Phòng khám ""An Bình"""', 'quotes doubled inside a quoted field');
  const labels = parseCsv(csv)
    .slice(1)
    .filter((c) => c[0]!.match(/^\d+$/))
    .map((c) => c[1]);
  t.same(labels, names);
});

t.test('a name a spreadsheet would run as a formula is written as text', async (t) => {
  const cases: Array<[string, string]> = [
    ['=HYPERLINK("http://x.example","Bấm")', `'=HYPERLINK("http://x.example","Bấm")`],
    ['+84 Phòng khám', "'+84 Phòng khám"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['\rCR', "'\rCR"],
    ['Bệnh viện Sản - Nhi tỉnh', 'Bệnh viện Sản - Nhi tỉnh'],
    ['1 = 1', '1 = 1'],
    ['', ''],
  ];
  for (const [name, out] of cases) t.equal(neutraliseFormula(name), out, JSON.stringify(name));

  const r = await report([facility('F1', '=cmd|"/c calc"!A1', [station('main', 'facility')])], [counts('F1', 'main', 5, 0, 0)]);
  const line = parseCsv(renderCsv(r)).find((c) => c[0] === '1')!;
  t.equal(line[1], `'=cmd|"/c calc"!A1`);
  t.equal(line[2], '5', 'numbers are never prefixed');
});

t.test('parseCsv reads RFC 4180 files, with or without a BOM', async (t) => {
  const cases: Array<[string, string, string[][]]> = [
    [
      'plain CRLF lines',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'LF lines, no final newline',
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a BOM is not part of the first cell', `${BOM}STT,Tên\r\n`, [['STT', 'Tên']]],
    ['empty cells', ',,\r\n', [['', '', '']]],
    ['quoted comma, quote and line break', '"a,b","say ""hi""","x\r\ny"\r\n', [['a,b', 'say "hi"', 'x\r\ny']]],
    ['a lone CR ends a line', 'a\rb\r', [['a'], ['b']]],
    ['nothing', '', []],
  ];
  for (const [what, text, rows] of cases) t.same(parseCsv(text), rows, what);
});
