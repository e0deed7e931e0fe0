// XLSX laid out like the seed's table: title, period, a two-row header with the merged group headings
// ("Số lượt truy cập thẻ CCCD", "Số máy quét đã trang bị"), bold subtotals and italic "Tuyến xã" rows.

import ExcelJS from 'exceljs';
import { cell, neutraliseFormula } from './render-csv.ts';
import { columns, viDate, type PhuLuc03 } from './phu-luc-03.ts';
import { equipmentSheet } from './render-equipment.ts';

export const SHEET_NAME = 'Phụ lục 03';

export async function renderXlsx(report: PhuLuc03): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tiepnhan';
  wb.created = new Date(report.generatedAt);
  const ws = wb.addWorksheet(SHEET_NAME, { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const cols = columns(report.cumulativeSince);
  const n = cols.length;

  ws.addRow([report.title]);
  ws.mergeCells(1, 1, 1, n);
  ws.addRow([`Từ ngày ${viDate(report.period.from)} đến ngày ${viDate(report.period.to)}`]);
  ws.mergeCells(2, 1, 2, n);
  for (const r of [1, 2]) {
    ws.getRow(r).font = { bold: r === 1, size: r === 1 ? 13 : 11 };
    ws.getRow(r).alignment = { horizontal: 'center' };
  }

  // Header rows 3-4: a grouped column has its group above and its own heading below; an ungrouped
  // column spans both rows.
  const groupRow = ws.getRow(3);
  const headRow = ws.getRow(4);
  cols.forEach((c, i) => {
    groupRow.getCell(i + 1).value = c.group ?? c.heading;
    headRow.getCell(i + 1).value = c.group ? c.heading : null;
  });
  for (let i = 0; i < n;) {
    const g = cols[i]!.group;
    let j = i;
    while (g && j + 1 < n && cols[j + 1]!.group === g) j++;
    if (g) ws.mergeCells(3, i + 1, 3, j + 1);
    else ws.mergeCells(3, i + 1, 4, i + 1);
    i = j + 1;
  }
  for (const row of [groupRow, headRow]) {
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }

  for (const r of report.rows) {
    const values = cols.map((c) => {
      const v = cell(r, c.key);
      if (c.key === 'label') return neutraliseFormula(v);
      return c.key === 'stt' || c.key === 'stations' || v === '' ? v : Number(v);
    });
    const row = ws.addRow(values);
    if (r.level !== 'facility' && r.level !== 'commune') row.font = { bold: true };
    if (r.level === 'commune') row.font = { italic: true };
  }
  ws.columns.forEach((col, i) => {
    col.width = i === 1 ? 48 : i === 0 ? 5 : 14;
    if (i >= 2 && cols[i]?.key !== 'stations') col.numFmt = '#,##0';
  });
  ws.views = [{ state: 'frozen', ySplit: 4, xSplit: 2 }];
  breakdownSheet(wb, report);
  narrativeSheet(wb, report);
  // Last, so the sheets scripts already find by position stay where they were (#29).
  equipmentSheet(wb, report);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const BREAKDOWN_SHEET = 'Chi tiết lỗi';
export const NARRATIVE_SHEET = 'Thuyết minh';

/** The causes behind "Lỗi", on a sheet of their own so the seed's sheet stays the seed's. */
function breakdownSheet(wb: ExcelJS.Workbook, report: PhuLuc03): void {
  const ws = wb.addWorksheet(BREAKDOWN_SHEET);
  ws.addRow(['STT', 'Tên đơn vị', 'Lỗi', ...report.breakdownColumns.map((c) => c.heading)]).font = { bold: true };
  ws.addRow(['', '', 'Errors', ...report.breakdownColumns.map((c) => c.en)]).font = { italic: true };
  for (const r of report.rows) {
    const row = ws.addRow([r.stt, neutraliseFormula(r.label), ...(r.noReport ? [] : [r.errors, ...report.breakdownColumns.map((c) => r[c.key])])]);
    if (r.level !== 'facility' && r.level !== 'commune') row.font = { bold: true };
  }
  ws.columns.forEach((col, i) => (col.width = i === 1 ? 48 : i === 0 ? 5 : 16));
}

function narrativeSheet(wb: ExcelJS.Workbook, report: PhuLuc03): void {
  const ws = wb.addWorksheet(NARRATIVE_SHEET);
  for (const line of [...report.narrative.vi, '', ...report.narrative.en]) ws.addRow([line]);
  ws.getColumn(1).width = 160;
}
