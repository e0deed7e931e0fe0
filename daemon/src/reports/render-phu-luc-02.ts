// Phụ lục 2 as files: JSON as built; CSV and XLSX with the seed's columns in the seed's order (seed
// 000 lines 100–101: STT, Đơn vị, Cấp tài khoản, Liên thông, then Tổng liên thông / Thành công / Lỗi
// under each period's heading), the TỔNG SỐ row, then, after a blank line, the tier summary (seed 001:
// "Số lượng / Tỷ lệ %"); a printable HTML page with the seed's two heading rows and numbers written
// the Vietnamese way (7.697). As Phụ lục 03's: CSV UTF-8 with a BOM, CRLF, names neutralised (they
// come from sites' configuration), HTML escaped.

import { BOM, neutraliseFormula, quote, tableXlsx } from '../util/table-file.ts';
import { formatVi } from './number-format.ts';
import type { PhuLuc02, PhuLuc02Row } from './phu-luc-02.ts';
import { escapeHtml } from './render-html.ts';

export const PHU_LUC_02_FORMATS = ['json', 'csv', 'xlsx', 'html'] as const;
export type PhuLuc02Format = (typeof PHU_LUC_02_FORMATS)[number];

export function phuLuc02Header(report: PhuLuc02): string[] {
  const per = report.periods.flatMap((p) => [`Tổng liên thông (${p.heading})`, `Thành công (${p.heading})`, `Lỗi (${p.heading})`]);
  return ['STT', 'Đơn vị', 'Cấp tài khoản', 'Liên thông', ...per];
}

export function phuLuc02Cells(row: PhuLuc02Row): string[] {
  const mark = (m: string | null, count: number | null): string => (count !== null ? String(count) : (m ?? ''));
  const per = row.periods.flatMap((p) => (p === null ? ['—', '—', '—'] : [String(p.total), String(p.success), String(p.error)]));
  return [row.stt === null ? '' : String(row.stt), row.label, mark(row.account, row.accountCount), mark(row.connected, row.connectedCount), ...per];
}

const TIER_HEADER = ['Tuyến', 'Số đơn vị', 'Số lượng liên thông', 'Tỷ lệ %'];

/** The rows under the header: units, TỔNG SỐ, a blank line, the tier summary with its own header. */
function bodyRows(report: PhuLuc02): string[][] {
  const tiers = report.tiers.map((t) => [t.label, String(t.units), String(t.connected), t.percent === null ? '' : String(t.percent)]);
  return [...[...report.rows, report.total].map(phuLuc02Cells), [], TIER_HEADER, ...tiers];
}

export function renderPhuLuc02Csv(report: PhuLuc02): string {
  const line = (cells: readonly string[]): string => cells.map((c) => quote(neutraliseFormula(c))).join(',');
  return BOM + [phuLuc02Header(report), ...bodyRows(report)].map(line).join('\r\n') + '\r\n';
}

const num = (v: string): string => (/^\d+$/.test(v) ? formatVi(Number(v)) : v);

export function renderPhuLuc02Html(report: PhuLuc02): string {
  const periods = report.periods.map((p) => `<th colspan="3">${escapeHtml(p.heading)}</th>`).join('');
  const sub = report.periods.map(() => '<th>Tổng liên thông</th><th>Thành công</th><th>Lỗi</th>').join('');
  const row = (r: PhuLuc02Row): string => {
    const c = phuLuc02Cells(r);
    return `<tr${r.stt === null ? ' class="total"' : ''}>${c.map((v, i) => `<td>${escapeHtml(i === 1 ? v : num(v))}</td>`).join('')}</tr>`;
  };
  const tiers = report.tiers
    .map((t) => `<tr><td>${escapeHtml(t.label)}</td><td>${t.units}</td><td>${t.connected}</td><td>${t.percent === null ? '' : formatVi(t.percent)}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Phụ lục 2</title><style>
@page { size: A4 landscape; } body { font-family: 'Times New Roman', serif; } table { border-collapse: collapse; margin-bottom: 1em; }
th, td { border: 1px solid #000; padding: 2px 6px; } td { text-align: right; } td:nth-child(2) { text-align: left; } tr.total { font-weight: bold; }
</style></head><body><h1>Phụ lục 2: ${escapeHtml(report.title)}</h1>
<table><thead><tr><th rowspan="2">STT</th><th rowspan="2">Đơn vị</th><th rowspan="2">Cấp tài khoản</th><th rowspan="2">Liên thông</th>${periods}</tr><tr>${sub}</tr></thead>
<tbody>${[...report.rows, report.total].map(row).join('')}</tbody></table>
<table><thead><tr>${TIER_HEADER.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${tiers}</tbody></table></body></html>
`;
}

export async function renderPhuLuc02(report: PhuLuc02, format: PhuLuc02Format): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return Buffer.from(renderPhuLuc02Csv(report));
    case 'html':
      return Buffer.from(renderPhuLuc02Html(report));
    case 'xlsx':
      return tableXlsx('Phụ lục 2', phuLuc02Header(report), bodyRows(report));
    case 'json':
      return Buffer.from(JSON.stringify(report, null, 2) + '\n');
  }
}

export function phuLuc02FileName(report: PhuLuc02, format: PhuLuc02Format): string {
  const first = report.periods[0];
  const last = report.periods[report.periods.length - 1];
  return `phu-luc-02_${first?.from ?? ''}_${last?.to ?? ''}.${format}`;
}
