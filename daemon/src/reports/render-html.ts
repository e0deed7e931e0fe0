// A printable page (A4 landscape), numbers written the Vietnamese way (17.918), for a district
// officer who prints and signs the report.

import { cell } from './render-csv.ts';
import { columns, viDate, type PhuLuc03 } from './phu-luc-03.ts';
import { formatVi } from './number-format.ts';
import { EQUIPMENT_COLUMNS, equipmentCell } from './render-equipment.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The two header rows of a table whose columns may sit under a merged heading (`group`): the
 *  group headings spanning their columns, and the columns' own headings below them. */
function headerRows(cols: ReadonlyArray<{ readonly heading: string; readonly group?: string | null }>): { groups: string[]; heads: string[] } {
  const groups: string[] = [];
  const heads: string[] = [];
  for (let i = 0; i < cols.length;) {
    const g = cols[i]!.group;
    let j = i;
    while (g && j + 1 < cols.length && cols[j + 1]!.group === g) j++;
    if (g) {
      groups.push(`<th colspan="${j - i + 1}">${escapeHtml(g)}</th>`);
      for (let k = i; k <= j; k++) heads.push(`<th>${escapeHtml(cols[k]!.heading)}</th>`);
    } else groups.push(`<th rowspan="2">${escapeHtml(cols[i]!.heading)}</th>`);
    i = j + 1;
  }
  return { groups, heads };
}

/** `notices`: trusted HTML the caller puts under the table (the submission status, its differences). */
export function renderHtml(report: PhuLuc03, notices = ''): string {
  const cols = columns(report.cumulativeSince);
  const { groups, heads } = headerRows(cols);
  const body = report.rows
    .map((r) => {
      const tds = cols.map((c) => {
        const v = cell(r, c.key);
        const text = /^\d+$/.test(v) && c.key !== 'stt' ? formatVi(Number(v)) : v;
        return `<td class="${c.key}">${escapeHtml(text)}</td>`;
      });
      return `<tr class="${r.level}" data-facility="${escapeHtml(r.facilityId ?? '')}">${tds.join('')}</tr>`;
    })
    .join('\n');
  const bHeads = report.breakdownColumns.map((c) => `<th title="${escapeHtml(c.en)}">${escapeHtml(c.heading)}</th>`).join('');
  const bBody = report.rows
    .map((r) => {
      const tds = report.breakdownColumns.map((c) => `<td class="${c.key}">${r.noReport ? '' : escapeHtml(formatVi(r[c.key]))}</td>`).join('');
      return `<tr class="${r.level}"><td class="stt">${escapeHtml(r.stt)}</td><td class="label">${escapeHtml(r.label)}</td><td class="errors">${r.noReport ? '' : escapeHtml(formatVi(r.errors))}</td>${tds}</tr>`;
    })
    .join('\n');
  const extra = `${(report.narrative.vi as string[]).map((l) => `<p class="narrative">${escapeHtml(l)}</p>`).join('\n')}
<h2>Chi tiết lỗi và lượt đang chờ tra cứu / errors by cause and pending lookups</h2>
<table class="breakdown"><thead><tr><th>STT</th><th>Tên đơn vị</th><th>Lỗi</th>${bHeads}</tr></thead>
<tbody>
${bBody}
</tbody></table>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Phụ lục 03 — ${escapeHtml(viDate(report.period.from))}–${escapeHtml(viDate(report.period.to))}</title>
<style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Times New Roman", serif; font-size: 12px; }
h1 { font-size: 15px; text-align: center; margin: 0; } p.period { text-align: center; margin: 4px 0 10px; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #000; padding: 2px 4px; }
th { font-weight: bold; text-align: center; } td { text-align: right; } td.label { text-align: left; } td.stt, td.stations { text-align: center; }
tr.total, tr.sector, tr.tier { font-weight: bold; } tr.commune td.label { font-style: italic; padding-left: 16px; }
p.meta { color: #555; font-size: 10px; } @media print { p.meta { display: none; } }
h2 { font-size: 13px; margin: 14px 0 4px; } p.narrative { margin: 6px 0; } .notice { border: 2px solid #b00; padding: 4px 8px; margin: 8px 0; } @media print { .notice { display: none; } }
</style></head><body>
<p><b>Phụ lục 03</b></p>
<h1>${escapeHtml(report.title)}</h1>
<p class="period">Từ ngày ${escapeHtml(viDate(report.period.from))} đến ngày ${escapeHtml(viDate(report.period.to))}</p>
<table><thead><tr>${groups.join('')}</tr><tr>${heads.join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
${notices}${extra}
${equipmentHtml(report)}
<p class="meta">tiepnhan — tạo lúc ${escapeHtml(report.generatedAt)}</p>
</body></html>
`;
}

/** The desk equipment (#29, the XLSX's "Trang thiết bị"): "—" where the hub cannot know. */
function equipmentHtml(report: PhuLuc03): string {
  if (!report.equipment) return '';
  const cols = EQUIPMENT_COLUMNS;
  const { groups, heads } = headerRows(cols);
  const body = report.equipment
    .map((r) => {
      const tds = cols.map((c) => {
        const v = c.key === 'label' || c.key === 'reasons' ? r[c.key] : equipmentCell(r, c.key);
        return `<td class="${c.key}">${escapeHtml(typeof v === 'number' ? formatVi(v) : v)}</td>`;
      });
      return `<tr class="${r.level === 'station' ? 'commune' : r.level}">${tds.join('')}</tr>`;
    })
    .join('\n');
  return `<h2>Trang thiết bị tại bàn tiếp đón / desk equipment</h2>
<table class="equipment"><thead><tr>${groups.join('')}</tr><tr>${heads.join('')}</tr></thead>
<tbody>
${body}
</tbody></table>`;
}
