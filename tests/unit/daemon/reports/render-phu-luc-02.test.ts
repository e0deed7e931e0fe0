// Phụ lục 2 as CSV: the seed's columns in the seed's order (seed 000 lines 100–101), the TỔNG SỐ row
// with the counts of RỒI, "—" where unknown, the tier summary after a blank line; the same rows in
// XLSX; the printable page with the seed's two heading rows, Vietnamese numbers, names escaped.

import t from 'tap';
import { buildPhuLuc02, type PhuLuc02 } from '../../../../daemon/src/reports/phu-luc-02.ts';
import { phuLuc02FileName, renderPhuLuc02, renderPhuLuc02Csv, renderPhuLuc02Html } from '../../../../daemon/src/reports/render-phu-luc-02.ts';
import { parseCsv } from '../../../../daemon/src/reports/render-csv.ts';

const PERIODS = [
  { from: '2018-05-01', to: '2018-12-31' },
  { from: '2019-01-01', to: '2019-03-31' },
];

t.test('columns, rows, totals and tiers', async (t) => {
  const r = buildPhuLuc02(
    [
      {
        facilityId: '1',
        name: 'Bệnh viện Đa khoa Bình Điền',
        kind: 'hospital',
        account: true,
        periods: [
          { answered: 4710, failed: 2987 },
          { answered: 0, failed: 0 },
        ],
      },
      { facilityId: '2', name: '=cmd', kind: 'clinic', account: null, periods: [null, null] },
    ],
    PERIODS,
    new Date('2019-04-01T00:00:00Z'),
  );
  const rows = parseCsv(renderPhuLuc02Csv(r));
  t.same(rows[0], [
    'STT',
    'Đơn vị',
    'Cấp tài khoản',
    'Liên thông',
    'Tổng liên thông (Tính từ ngày 01/05/2018 đến ngày 31/12/2018)',
    'Thành công (Tính từ ngày 01/05/2018 đến ngày 31/12/2018)',
    'Lỗi (Tính từ ngày 01/05/2018 đến ngày 31/12/2018)',
    'Tổng liên thông (Tính từ ngày 01/01/2019 đến ngày 31/03/2019)',
    'Thành công (Tính từ ngày 01/01/2019 đến ngày 31/03/2019)',
    'Lỗi (Tính từ ngày 01/01/2019 đến ngày 31/03/2019)',
  ]);
  t.same(rows[1], ['1', 'Bệnh viện Đa khoa Bình Điền', 'RỒI', 'RỒI', '7697', '4710', '2987', '0', '0', '0']);
  t.same(rows[2], ['2', "'=cmd", '—', '—', '—', '—', '—', '—', '—', '—'], 'a formula is neutralised; unknown is —');
  t.same(rows[3], ['', 'TỔNG SỐ', '1', '1', '7697', '4710', '2987', '0', '0', '0']);
  t.same(rows[4], ['']);
  t.same(rows[5], ['Tuyến', 'Số đơn vị', 'Số lượng liên thông', 'Tỷ lệ %']);
  t.same(rows[6], ['TTYT / bệnh viện', '1', '1', '100']);
  t.same(rows[7], ['Phòng khám', '1', '0', '0']);
  t.same(rows[8], ['Trạm y tế xã', '0', '0', '']);
  t.same((JSON.parse((await renderPhuLuc02(r, 'json')).toString()) as PhuLuc02).total.accountCount, 1);
  t.equal(phuLuc02FileName(r, 'csv'), 'phu-luc-02_2018-05-01_2019-03-31.csv');
});

t.test('XLSX and the printable page', async (t) => {
  const r = buildPhuLuc02(
    [{ facilityId: '1', name: '<b>BV</b>', kind: 'hospital', account: true, periods: [{ answered: 4710, failed: 2987 }, null] }],
    PERIODS,
    new Date('2019-04-01T00:00:00Z'),
  );
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderPhuLuc02(r, 'xlsx')) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  t.equal(ws.name, 'Phụ lục 2');
  t.same((ws.getRow(3).values as unknown[]).slice(1, 8), ['', 'TỔNG SỐ', '1', '1', '7697', '4710', '2987']);
  const html = renderPhuLuc02Html(r);
  t.match(html, '<th colspan="3">Tính từ ngày 01/05/2018 đến ngày 31/12/2018</th>');
  t.match(html, '<td>7.697</td>');
  t.match(html, '&#60;b&#62;BV&#60;/b&#62;');
  t.notMatch(html, '<b>BV');
  t.match(html, '<td>—</td>');
});
