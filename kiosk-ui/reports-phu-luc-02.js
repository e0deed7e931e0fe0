// @ts-check
// Phụ lục 2 on /reports (beside Phụ lục 03): per unit "Cấp tài khoản" and "Liên thông", the gateway
// exchanges of two periods side by side under the seed's two heading rows, the TỔNG SỐ row and the
// connected units per tier; the same JSON GET /api/reports/phu-luc-02 serves, and its downloads.

import { $, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/phu-luc-02.ts').PhuLuc02} PhuLuc02 */
/** @typedef {import('../daemon/src/api/phu-luc-02.ts').PhuLuc02Row} PhuLuc02Row */

const FORMATS = ['xlsx', 'csv', 'json', 'html'];
const SUB = ['Tổng liên thông', 'Thành công', 'Lỗi'];
const vi = new Intl.NumberFormat('vi-VN');
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));

/** A header cell. @param {string} text @param {{rows?: number, cols?: number}} [span] */
function th(text, span = {}) {
  const c = document.createElement('th');
  c.scope = span.cols ? 'colgroup' : 'col';
  c.textContent = text;
  if (span.rows) c.rowSpan = span.rows;
  if (span.cols) c.colSpan = span.cols;
  return c;
}

/** The seed's two heading rows (seed 000 lines 100–101). @param {PhuLuc02} r */
function renderHead(r) {
  const top = document.createElement('tr');
  top.append(...['STT', 'Đơn vị', 'Cấp tài khoản', 'Liên thông'].map((h) => th(h, { rows: 2 })), ...r.periods.map((p) => th(p.heading, { cols: 3 })));
  const sub = document.createElement('tr');
  sub.append(...r.periods.flatMap(() => SUB.map((h) => th(h))));
  /** @type {HTMLElement} */ ($('p2-report').querySelector('thead')).replaceChildren(top, sub);
}

/** One unit, or TỔNG SỐ (its marks are counts of RỒI). @param {PhuLuc02Row} row */
function renderRow(row) {
  const tr = document.createElement('tr');
  if (row.stt === null) tr.className = 'total';
  const num = (/** @type {number} */ n) => vi.format(n);
  /** @type {Array<[string, string]>} */
  const values = [
    ['stt', row.stt === null ? '' : String(row.stt)],
    ['label', row.label],
    ['account', row.accountCount !== null ? num(row.accountCount) : (row.account ?? '')],
    ['connected', row.connectedCount !== null ? num(row.connectedCount) : (row.connected ?? '')],
    ...row.periods.flatMap(
      (p, k) =>
        /** @type {Array<[string, string]>} */ (
          ['total', 'success', 'error'].map((f) => [`${f}${k + 1}`, p === null ? '—' : num(p[/** @type {'total' | 'success' | 'error'} */ (f)])])
        ),
    ),
  ];
  for (const [col, text] of values) {
    const td = document.createElement('td');
    td.dataset['col'] = col;
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

/** @param {PhuLuc02} r */
function renderTiers(r) {
  /** @type {HTMLElement} */ ($('p2-tiers').querySelector('tbody')).replaceChildren(
    ...r.tiers.map((x) => {
      const tr = document.createElement('tr');
      tr.dataset['kind'] = x.kind;
      const values = [x.label, vi.format(x.units), vi.format(x.connected), x.percent === null ? '' : vi.format(x.percent)];
      for (const [i, v] of values.entries()) {
        const td = Object.assign(document.createElement('td'), { textContent: v });
        if (i === 0) td.dataset['col'] = 'label';
        tr.append(td);
      }
      return tr;
    }),
  );
}

/** The periods typed, as the route's query (from/to, from2/to2); none: the route's default periods. */
function query() {
  const q = new URLSearchParams();
  for (const [key, id] of [
    ['from', 'p2-from'],
    ['to', 'p2-to'],
    ['from2', 'p2-from2'],
    ['to2', 'p2-to2'],
  ])
    if (input(id).value) q.set(key, input(id).value);
  return q;
}

/** @param {boolean} defaults without dates: the previous and the running reporting periods */
export async function loadPhuLuc02(defaults = false) {
  const q = defaults ? new URLSearchParams() : query();
  q.set('format', 'json');
  /** @type {{status: number, body: any}} */
  const r = await json(`/api/reports/phu-luc-02?${q}`);
  const msg = $('p2-msg');
  if (r.status !== 200) {
    msg.textContent = t(r.body.error);
    msg.dataset['state'] = 'error';
    return;
  }
  /** @type {PhuLuc02} */
  const report = r.body;
  const ids = [
    ['p2-from', 'p2-to'],
    ['p2-from2', 'p2-to2'],
  ];
  ids.forEach(([f, to], k) => {
    input(/** @type {string} */ (f)).value = report.periods[k]?.from ?? '';
    input(/** @type {string} */ (to)).value = report.periods[k]?.to ?? '';
  });
  const files = query();
  for (const f of FORMATS) {
    files.set('format', f);
    /** @type {HTMLAnchorElement} */ ($(`p2-dl-${f}`)).href = `/api/reports/phu-luc-02?${files}`;
  }
  msg.textContent = '';
  renderHead(report);
  /** @type {HTMLElement} */ ($('p2-report').querySelector('tbody')).replaceChildren(...[...report.rows, report.total].map(renderRow));
  renderTiers(report);
  $('phu-luc-02').dataset['loaded'] = report.periods.map((p) => `${p.from}..${p.to}`).join(',');
}

/** @type {HTMLFormElement} */ ($('p2-period')).addEventListener('submit', (e) => {
  e.preventDefault();
  void loadPhuLuc02();
});
