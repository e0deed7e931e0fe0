// @ts-check
// Phụ lục 03 as a table, laid out like the seed's (the same JSON GET /api/reports/phu-luc-03 serves):
// on the site's /reports (reports.js) and the district hub's (hub-reports.js).

import { $ } from './common.js';

/** @typedef {import('../daemon/src/api/report.ts').PhuLuc03} PhuLuc03 */

const vi = new Intl.NumberFormat('vi-VN');

/** The report's title and table (#report-title, #report). @param {PhuLuc03} r */
export function renderPhuLuc03(r) {
  $('report-title').textContent = r.title;
  const head = /** @type {HTMLElement} */ ($('report').querySelector('thead'));
  const tr = document.createElement('tr');
  for (const c of r.columns) {
    const th = document.createElement('th');
    th.textContent = c.group ? `${c.group}: ${c.heading}` : c.heading;
    tr.append(th);
  }
  head.replaceChildren(tr);
  const body = /** @type {HTMLElement} */ ($('report').querySelector('tbody'));
  body.replaceChildren(
    ...r.rows.map((row) => {
      const line = document.createElement('tr');
      line.className = row.level;
      for (const c of r.columns) {
        const td = document.createElement('td');
        td.dataset['col'] = c.key;
        const v =
          c.key === 'stations'
            ? row.stationsTotal === null
              ? ''
              : `${row.stationsEquipped}/${row.stationsTotal}`
            : row[/** @type {keyof typeof row} */ (c.key)];
        td.textContent = typeof v === 'number' ? vi.format(v) : String(v ?? '');
        line.append(td);
      }
      return line;
    }),
  );
}
