// CSV for spreadsheets: UTF-8 with a byte-order mark (without it Excel on Windows reads Vietnamese as
// cp1258 mojibake), CRLF rows, RFC 4180 quoting, and the seed's headings as the header row.

import { BOM, neutraliseFormula, quote } from '../util/table-file.ts';
import { columns, type PhuLuc03, type ReportRow } from './phu-luc-03.ts';

// Facility and station names come from sites' own configuration, so a hub's export neutralises them.
export { BOM, neutraliseFormula };

export function cell(row: ReportRow, key: ReturnType<typeof columns>[number]['key']): string {
  // A unit that did not report has blank cells, as the seed leaves them (seed 003 line 188).
  if (row.noReport && key !== 'stt' && key !== 'label') return '';
  if (key === 'stations') return row.stationsTotal === null ? '' : `${row.stationsEquipped ?? 0}/${row.stationsTotal}`;
  const v = row[key];
  return v === null ? '' : String(v);
}

export function renderCsv(report: PhuLuc03): string {
  const cols = columns(report.cumulativeSince);
  const lines = [cols.map((c) => quote(c.heading)).join(',')];
  for (const row of report.rows) lines.push(cols.map((c) => quote(c.key === 'label' ? neutraliseFormula(cell(row, c.key)) : cell(row, c.key))).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** RFC 4180 reader, for round-trip checks and for scripts that re-read an exported file. */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
