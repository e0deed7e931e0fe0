// @ts-check
// The district hub's /reports (hub/src/hub-pages.ts): Phụ lục 03, its equipment sheet and Phụ lục 2
// for a period, with their downloads, from the hub's admin routes. The tables are the site's own modules; without a
// session the hub answers 401 and common.js shows its login box (the admin token goes once to
// POST /api/session and is never kept by the page).

import { $, setupLangToggle } from './common.js';
import { loadPhuLuc02 } from './reports-phu-luc-02.js';
import { loadPhuLuc03 } from './reports-phu-luc-03.js';

/** @typedef {import('../daemon/src/api/report.ts').EquipmentRow} EquipmentRow */

const UNKNOWN = '—';
const LINK = { ok: 'Có kết nối', down: 'Mất kết nối', unknown: 'Chưa rõ' };
/** The XLSX's "Trang thiết bị" columns (daemon/src/reports/render-equipment.ts), as "group: heading". */
const EQUIPMENT = /** @type {const} */ ([
  ['stt', 'STT'],
  ['label', 'Tên đơn vị / điểm tiếp đón'],
  ['computersWorking', 'Máy tính: Số máy đáp ứng'],
  ['computersNotWorking', 'Máy tính: Số máy không đáp ứng'],
  ['computersNeeded', 'Máy tính: Nhu cầu trang bị'],
  ['printersWorking', 'Máy in: Số máy đáp ứng'],
  ['printersNotWorking', 'Máy in: Số máy không đáp ứng'],
  ['printersNeeded', 'Máy in: Nhu cầu trang bị'],
  ['scannersWorking', 'Máy quét: Số máy đáp ứng'],
  ['scannersNotWorking', 'Máy quét: Số máy không đáp ứng'],
  ['scannersNeeded', 'Máy quét: Nhu cầu trang bị'],
  ['internet', 'Kết nối mạng Internet (cổng BHXH, 1 giờ qua)'],
  ['reasons', 'Lý do không đáp ứng'],
]);

/** The equipment sheet's rows: "—" where the hub cannot know. @param {readonly EquipmentRow[]} rows */
function renderEquipment(rows) {
  const head = document.createElement('tr');
  head.append(...EQUIPMENT.map(([, h]) => Object.assign(document.createElement('th'), { scope: 'col', textContent: h })));
  /** @type {HTMLElement} */ ($('equipment').querySelector('thead')).replaceChildren(head);
  /** @type {HTMLElement} */ ($('equipment').querySelector('tbody')).replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement('tr');
      tr.className = r.level;
      for (const [key] of EQUIPMENT) {
        const v = key === 'internet' ? (r.internet ? LINK[r.internet] : r.level === 'total' ? '' : UNKNOWN) : r[key];
        const td = Object.assign(document.createElement('td'), { textContent: v === null ? UNKNOWN : String(v) });
        td.dataset['col'] = key === 'reasons' ? 'label' : key;
        tr.append(td);
      }
      return tr;
    }),
  );
}

const from = /** @type {HTMLInputElement} */ ($('from'));
const to = /** @type {HTMLInputElement} */ ($('to'));

/** @param {boolean} running without dates: the hub's running reporting period */
async function load(running = false) {
  const report = await loadPhuLuc03(running, ['xlsx', 'csv', 'json', 'html', 'md']);
  if (!report) return;
  renderEquipment(report.equipment ?? []);
  document.body.dataset['loaded'] = `${from.value}..${to.value}`;
}

/** @type {HTMLFormElement} */ ($('period')).addEventListener('submit', (e) => {
  e.preventDefault();
  void load();
});
$('logout').addEventListener('click', async () => {
  await fetch('/api/session', { method: 'DELETE' });
  location.reload();
});
setupLangToggle();
void load(true);
void loadPhuLuc02(true);
