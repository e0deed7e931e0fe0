// A plain table as a file a spreadsheet opens: CSV (UTF-8 with a byte-order mark, without which Excel
// on Windows reads Vietnamese as cp1258 mojibake; CRLF rows; RFC 4180 quoting) or XLSX (one sheet, a
// bold header row). Text that a spreadsheet could take for a formula is neutralised in both.

export const BOM = '\uFEFF';

export function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** A text cell that a spreadsheet could take for a formula (=, +, -, @, tab, CR at its start: CSV
 *  injection) gets a leading apostrophe, as OWASP advises. */
export function neutraliseFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export function tableCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => cells.map((c) => quote(neutraliseFormula(c))).join(',');
  return BOM + [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}

/** exceljs loads on first use: most days nobody exports a file. */
export async function tableXlsx(sheet: string, header: readonly string[], rows: readonly (readonly string[])[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tiepnhan';
  const ws = wb.addWorksheet(sheet);
  ws.addRow([...header]).font = { bold: true };
  for (const r of rows) ws.addRow(r.map(neutraliseFormula));
  ws.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
