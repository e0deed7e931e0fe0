// @ts-check
// The district report for a chosen period (the same JSON the API serves, laid out like the seed's
// table), download links for XLSX / CSV / print, and a plot of daily scans, searches and errors per
// device drawn as SVG (no chart library to install on a reception PC).

import { $, json, setupLangToggle, t } from './common.js';
import { loadPhuLuc02 } from './reports-phu-luc-02.js';
import { loadPhuLuc03 } from './reports-phu-luc-03.js';

/** @typedef {import('../daemon/src/api/report.ts').DailyCounterRow} DailyCounterRow */

const from = /** @type {HTMLInputElement} */ ($('from'));
const to = /** @type {HTMLInputElement} */ ($('to'));
/** @type {DailyCounterRow[]} */
let daily = [];

function renderChart() {
  const select = /** @type {HTMLSelectElement} */ ($('chart-device'));
  const device = select.value;
  const days = [];
  for (let d = new Date(`${from.value}T00:00:00Z`); d <= new Date(`${to.value}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1))
    days.push(d.toISOString().slice(0, 10));
  const per = new Map(days.map((d) => [d, { scans: 0, searches: 0, errors: 0 }]));
  for (const r of daily) {
    if (device && r.deviceId !== device) continue;
    const x = per.get(r.day);
    if (!x) continue;
    x.scans += r.scans;
    x.searches += r.searches;
    x.errors += r.errors;
  }
  const W = 900;
  const H = 260;
  const pad = 36;
  const max = Math.max(1, ...[...per.values()].map((x) => x.scans + x.searches));
  const bw = (W - pad * 2) / Math.max(1, days.length);
  const y = (/** @type {number} */ v) => H - pad - ((H - pad * 2) * v) / max;
  const parts = [
    `<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#888"/>`,
    `<text x="4" y="${pad}" font-size="11">${max}</text>`,
    `<text x="4" y="${H - pad}" font-size="11">0</text>`,
  ];
  days.forEach((d, i) => {
    const v = /** @type {{scans: number, searches: number, errors: number}} */ (per.get(d));
    const x = pad + i * bw;
    const w = Math.max(1, bw * 0.8);
    parts.push(`<rect class="scans" data-day="${d}" data-value="${v.scans}" x="${x}" y="${y(v.scans)}" width="${w}" height="${H - pad - y(v.scans)}"/>`);
    parts.push(
      `<rect class="searches" data-day="${d}" data-value="${v.searches}" x="${x}" y="${y(v.scans + v.searches)}" width="${w}" height="${y(v.scans) - y(v.scans + v.searches)}"/>`,
    );
    parts.push(
      `<rect class="errors" data-day="${d}" data-value="${v.errors}" x="${x + w * 0.25}" y="${y(v.errors)}" width="${w * 0.5}" height="${H - pad - y(v.errors)}"/>`,
    );
    if (days.length <= 31 || i % Math.ceil(days.length / 31) === 0)
      parts.push(`<text x="${x}" y="${H - pad + 14}" font-size="10">${d.slice(8, 10)}/${d.slice(5, 7)}</text>`);
  });
  $('chart').innerHTML =
    `<svg id="chart-svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${t({ vi: 'Biểu đồ theo ngày', en: 'Daily chart' })}">${parts.join('')}</svg>`;
}

/** A table row of plain cells; one cell spanning `span` columns when given. @param {Array<string | number>} values @param {number} [span] */
function cells(values, span) {
  const tr = document.createElement('tr');
  for (const v of values) tr.append(Object.assign(document.createElement('td'), { textContent: String(v), ...(span ? { colSpan: span } : {}) }));
  return tr;
}

const CLASS_TEXT = { emergency: { vi: 'Cấp cứu', en: 'Emergency' }, priority: { vi: 'Ưu tiên', en: 'Priority' }, normal: { vi: 'Thường', en: 'Normal' } };

/** Waiting time per day, department and class (the report JSON's waitingTimes). @param {import('../daemon/src/api/contract.ts').WaitingTime[]} rows */
function renderWaiting(rows) {
  const body = /** @type {HTMLTableSectionElement} */ ($('waiting').querySelector('tbody'));
  body.replaceChildren(
    ...(rows.length
      ? rows.map((w) => cells([w.day, w.department, t(CLASS_TEXT[w.class]), w.called, w.medianMinutes, w.p90Minutes]))
      : [cells([t({ vi: 'Chưa gọi số nào trong kỳ này.', en: 'No ticket was called in this period.' })], 6)]),
  );
}

/** Visits per priority reason, per day and for the period. @param {import('../daemon/src/api/contract.ts').PriorityVisits} v */
function renderPriorityVisits(v) {
  const body = /** @type {HTMLTableSectionElement} */ ($('priority-visits').querySelector('tbody'));
  const whole = t({ vi: 'Cả kỳ', en: 'Period' });
  body.replaceChildren(
    ...(v.period.length
      ? [...v.byDay.map((x) => cells([x.day, x.reason, x.visits])), ...v.period.map((x) => cells([whole, x.reason, x.visits]))]
      : [cells([t({ vi: 'Không có lượt khám ưu tiên trong kỳ này.', en: 'No priority visit in this period.' })], 3)]),
  );
}

/** @param {boolean} running without dates: the daemon's running reporting period (10th to today by default) */
async function load(running = false) {
  const report = await loadPhuLuc03(running, ['xlsx', 'csv', 'html', 'md']);
  if (!report) return;
  const q = `from=${from.value}&to=${to.value}`;
  void showSubmission(report.period);
  renderWaiting(report.waitingTimes ?? []);
  renderPriorityVisits(report.priorityVisits ?? { byDay: [], period: [] });
  /** @type {{status: number, body: {rows: DailyCounterRow[]}}} */
  const d = await json(`/api/counters/daily?${q}`);
  daily = d.body.rows;
  const select = /** @type {HTMLSelectElement} */ ($('chart-device'));
  const keep = select.value;
  const ids = [...new Set(daily.map((x) => x.deviceId))].sort();
  select.replaceChildren(new Option(t({ vi: 'Tất cả thiết bị', en: 'All devices' }), ''), ...ids.map((id) => new Option(id, id)));
  select.value = ids.includes(keep) ? keep : '';
  renderChart();
  document.body.dataset['loaded'] = `${from.value}..${to.value}`;
}

/**
 * Whether this period was submitted, and what changed since (the copy is kept unchanged).
 * @param {{from: string, to: string}} period
 */
async function showSubmission(period) {
  const box = $('submission');
  /** @type {{status: number, body: Array<{id: string, from: string, to: string, submittedAt: string, submittedBy: string, checksum: string}>}} */
  const list = await json('/api/reports/phu-luc-03/submissions');
  const s = list.status === 200 ? list.body.find((x) => x.from === period.from && x.to === period.to) : undefined;
  box.replaceChildren();
  box.dataset['state'] = s ? 'submitted' : 'none';
  if (!s) return;
  /** @type {{status: number, body: {differences: Array<{row: string, column: string, submitted: number, now: number}>}}} */
  const diff = await json(`/api/reports/phu-luc-03/submissions/${encodeURIComponent(s.id)}/diff`);
  const p = document.createElement('p');
  p.textContent = `${t({ vi: 'Đã nộp', en: 'Submitted' })} ${s.submittedAt} — ${s.submittedBy} — SHA-256 ${s.checksum.slice(0, 16)}…`;
  box.append(p);
  const changes = diff.status === 200 ? diff.body.differences : [];
  box.dataset['differences'] = String(changes.length);
  for (const c of changes) {
    const li = document.createElement('li');
    li.textContent = `${c.row} · ${c.column}: ${c.submitted} → ${c.now}`;
    box.append(li);
  }
}

async function submitReport() {
  const by = /** @type {HTMLInputElement} */ ($('submitted-by')).value.trim();
  if (!by) return;
  /** @type {{status: number, body: any}} */
  const r = await json('/api/reports/phu-luc-03/submissions', { from: from.value, to: to.value, submittedBy: by });
  $('period-msg').textContent = r.status === 201 ? t({ vi: 'Đã nộp báo cáo.', en: 'Report submitted.' }) : t(r.body.error);
  $('period-msg').dataset['state'] = r.status === 201 ? 'ok' : 'error';
  await showSubmission({ from: from.value, to: to.value });
}

$('chart-device').addEventListener('change', renderChart);
/** @type {HTMLFormElement} */ ($('period')).addEventListener('submit', (e) => {
  e.preventDefault();
  void load();
});
$('submit-report').addEventListener('click', () => void submitReport());
setupLangToggle();
void load(true);
void loadPhuLuc02(true);
