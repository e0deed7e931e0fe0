// A table as a file a spreadsheet opens: CSV with a UTF-8 byte-order mark (Excel on Windows reads
// Vietnamese wrong without it), CRLF rows and RFC 4180 quoting, formula-looking text neutralised (CSV
// injection), and an XLSX with the same cells. Read back with the project's CSV reader and exceljs.

import ExcelJS from 'exceljs';
import t from 'tap';
import { parseCsv } from '../../../../daemon/src/reports/render-csv.ts';
import { neutraliseFormula, quote, tableCsv, tableXlsx } from '../../../../daemon/src/util/table-file.ts';

const HEADER = ['Họ tên / Name', 'Ghi chú / Note'];
const ROWS = [
  ['Nguyễn Văn An', 'khám lại, "tái khám"'],
  ['Lê Thị Hường', '=HYPERLINK("http://x")'],
];

t.test('CSV: a byte-order mark, CRLF rows, quotes where needed, formulas neutralised', async (t) => {
  const csv = tableCsv(HEADER, ROWS);
  t.ok(csv.startsWith('\uFEFFHọ tên / Name,Ghi chú / Note\r\n'));
  t.ok(csv.endsWith('\r\n'));
  t.same(parseCsv(csv), [HEADER, ['Nguyễn Văn An', 'khám lại, "tái khám"'], ['Lê Thị Hường', `'=HYPERLINK("http://x")`]]);
});

t.test('quoting and neutralising, cell by cell', async (t) => {
  t.equal(quote('plain'), 'plain');
  t.equal(quote('a,b'), '"a,b"');
  t.equal(quote('say "hi"'), '"say ""hi"""');
  t.equal(quote('two\nlines'), '"two\nlines"');
  for (const v of ['=1+1', '+84912', '-3', '@SUM(A1)', '\tx', '\rx']) t.equal(neutraliseFormula(v), `'${v}`, JSON.stringify(v));
  t.equal(neutraliseFormula('A004'), 'A004');
});

t.test('XLSX: one sheet with a bold header and the same cells', async (t) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(await tableXlsx('Lượt khám 2026-12-06', HEADER, ROWS)).buffer);
  const ws = wb.getWorksheet('Lượt khám 2026-12-06')!;
  t.ok(ws, 'the sheet, named');
  t.same(ws.getRow(1).values, [undefined, ...HEADER]);
  t.equal(ws.getRow(1).font?.bold, true);
  t.same(ws.getRow(3).values, [undefined, 'Lê Thị Hường', `'=HYPERLINK("http://x")`], 'text, never a formula');
});
