// @ts-check
// Phụ lục 03 as a table, laid out like the seed's (the same JSON GET /api/reports/phu-luc-03 serves):
// on the site's /reports (reports.js) and the district hub's (hub-reports.js).

import { $, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/report.ts').PhuLuc03} PhuLuc03 */

const vi = new Intl.NumberFormat('vi-VN');

/**
 * Loads Phụ lục 03 for the period in #from / #to (or, `running`, the reporting period running now),
 * shows it, sets #from / #to to the period served and points each #dl-<format> link at it. Null when
 * refused, the reason then in #period-msg. Both /reports pages (the site's and the hub's) call it.
 * @param {boolean} running @param {readonly string[]} formats
 * @returns {Promise<any>} the report JSON
 */
export async function loadPhuLuc03(running, formats) {
  const from = /** @type {HTMLInputElement} */ ($('from'));
  const to = /** @type {HTMLInputElement} */ ($('to'));
  /** @type {{status: number, body: any}} */
  const r = await json(`/api/reports/phu-luc-03?${running ? '' : `from=${from.value}&to=${to.value}&`}format=json`);
  if (r.status !== 200) {
    $('period-msg').textContent = t(r.body.error);
    $('period-msg').dataset['state'] = 'error';
    return null;
  }
  from.value = r.body.period.from;
  to.value = r.body.period.to;
  const q = `from=${from.value}&to=${to.value}`;
  for (const f of formats) /** @type {HTMLAnchorElement} */ ($(`dl-${f}`)).href = `/api/reports/phu-luc-03?${q}&format=${f}`;
  $('period-msg').textContent = '';
  renderPhuLuc03(r.body);
  return r.body;
}

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
