// @ts-check
// Technician page: every device with its state, identity, counters and health (never a patient's
// name: it does not listen to scan messages), the raw bytes of its last reads, test mode, and the
// working / not working status the district report uses.

import { $, connect, json, setupLangToggle, t } from './common.js';
import { setupAccount, showAccount } from './tech-lookups.js';
import { showStorageAlarm } from './storage-alarm.js';
import { renderEquipment, showEquipment } from './tech-equipment.js';

/** @typedef {import('../daemon/src/api/contract.ts').DeviceView} DeviceView */
/** @typedef {import('../daemon/src/api/contract.ts').TestReadMessage} TestReadMessage */
/** @typedef {import('../daemon/src/api/report.ts').FacilityInventory} FacilityInventory */
/** @typedef {import('../daemon/src/api/contract.ts').RecentRead} RecentRead */

/** @type {DeviceView[]} */
let devices = [];
/** @type {Map<string, {status: string, reason: string | null}>} */
let statuses = new Map();
/** @type {string | null} */
let selected = null;
/** The facility's desks (from the inventory), for assigning a found scanner. @type {string[]} */
let desks = [];

/** @param {string} tag @param {string} text @param {Record<string, string>} [data] */
function cell(tag, text, data = {}) {
  const el = document.createElement(tag);
  el.textContent = text;
  for (const [k, v] of Object.entries(data)) el.dataset[k] = v;
  return el;
}

/** @param {string} label @param {() => void} onClick @param {string} cls */
function button(label, onClick, cls) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

const DESK_SOURCE = /** @type {Record<string, {vi: string, en: string}>} */ ({
  config: { vi: 'theo cấu hình', en: 'from the config' },
  rule: { vi: 'theo quy tắc', en: 'by a rule' },
  technician: { vi: 'kỹ thuật viên gán', en: 'assigned by a technician' },
  default: { vi: 'CHƯA GÁN QUẦY', en: 'NO DESK ASSIGNED' },
});

/** The desk, and for a scanner discovery found, a choice of desk the technician can assign (kept across restarts). @param {DeviceView} d */
function deskCell(d) {
  const td = cell('td', '', { deskSource: d.deskSource });
  const source = cell('small', ` (${t(DESK_SOURCE[d.deskSource] ?? { vi: d.deskSource, en: d.deskSource })})`);
  if (d.deskSource === 'config' || desks.length === 0) {
    td.append(d.desk, source);
    return td;
  }
  const pick = document.createElement('select');
  pick.className = 'desk-select';
  pick.setAttribute('aria-label', t({ vi: `Quầy của ${d.id}`, en: `Desk of ${d.id}` }));
  for (const k of desks.includes(d.desk) ? desks : [d.desk, ...desks]) {
    const o = document.createElement('option');
    o.value = k;
    o.textContent = k;
    o.selected = k === d.desk;
    pick.append(o);
  }
  pick.addEventListener('change', () => void json(`/api/devices/${encodeURIComponent(d.id)}/desk`, { desk: pick.value }, 'PUT'));
  td.append(pick, source);
  return td;
}

async function loadInventory() {
  /** @type {{status: number, body: FacilityInventory}} */
  const r = await json('/api/inventory');
  statuses = new Map(r.body.stations.flatMap((s) => s.scanners.map((x) => [x.id, { status: x.status, reason: x.reason }])));
  desks = r.body.stations.flatMap((s) => [...s.desks]);
  render();
  showEquipment(r.body, () => void loadInventory());
}

function render() {
  const body = /** @type {HTMLElement} */ ($('devices').querySelector('tbody'));
  body.replaceChildren(
    ...devices.map((d) => {
      const tr = document.createElement('tr');
      tr.dataset['device'] = d.id;
      tr.dataset['power'] = d.power;
      const identity = [d.vendorId && d.productId ? `${d.vendorId}:${d.productId}` : '', d.manufacturer ?? '', d.product ?? '', d.serialNumber ?? '', d.path]
        .filter(Boolean)
        .join(' · ');
      const st = statuses.get(d.id);
      const report = st
        ? st.status === 'working'
          ? t({ vi: 'Đáp ứng', en: 'Working' })
          : `${t({ vi: 'Không đáp ứng', en: 'Not working' })}${st.reason ? ` — ${st.reason}` : ''}`
        : '—';
      tr.append(
        cell('td', d.id + (d.simulated ? t({ vi: ' (mô phỏng)', en: ' (simulated)' }) : '')),
        deskCell(d),
        cell('td', d.mode),
        cell('td', identity),
        cell(
          'td',
          `${d.power === 'online' ? t({ vi: 'trực tuyến', en: 'online' }) : d.power === 'offline' ? t({ vi: 'mất kết nối', en: 'offline' }) : d.power} · ${d.state}${d.testMode ? t({ vi: ' · ĐỌC THỬ', en: ' · TEST MODE' }) : ''}`,
          { power: d.power },
        ),
        cell('td', String(d.counters.scans)),
        cell('td', String(d.counters.successes)),
        cell('td', String(d.counters.errors)),
        cell('td', `${(d.errorRate * 100).toFixed(1)}%`),
        cell('td', d.lastReadAt ? new Date(d.lastReadAt).toLocaleString('vi-VN') : '—'),
        cell('td', String(d.statistics.reconnects)),
        cell('td', String(d.statistics.repeats)),
        cell('td', t(d.health), { level: d.health.level }),
        cell('td', report, { status: st?.status ?? '' }),
      );
      const actions = document.createElement('td');
      actions.append(
        button(
          d.testMode ? t({ vi: 'Tắt đọc thử', en: 'End test' }) : t({ vi: 'Đọc thử', en: 'Test read' }),
          () => void json(`/api/devices/${encodeURIComponent(d.id)}/test-mode`, { on: !d.testMode }, 'PUT'),
          'secondary test-btn',
        ),
        button(t({ vi: 'Chi tiết', en: 'Details' }), () => void select(d.id), 'secondary details-btn'),
      );
      tr.append(actions);
      return tr;
    }),
  );
}

/** @param {string} id */
async function select(id) {
  selected = id;
  $('reads-box').hidden = false;
  $('reads-device').textContent = id;
  /** @type {{status: number, body: RecentRead[]}} */
  const r = await json(`/api/devices/${encodeURIComponent(id)}/reads`);
  const body = /** @type {HTMLElement} */ ($('reads').querySelector('tbody'));
  body.replaceChildren(
    ...r.body.map((read) => {
      const tr = document.createElement('tr');
      tr.dataset['ok'] = String(read.ok);
      tr.append(
        cell('td', new Date(read.at).toLocaleTimeString('vi-VN')),
        cell('td', String(read.bytes)),
        cell('td', read.end),
        cell('td', `${read.test ? t({ vi: 'đọc thử · ', en: 'test · ' }) : ''}${read.ok ? `✓ ${read.kind}` : `✗ ${read.code}`}`),
        cell('td', read.hex ?? '—', { hex: '' }),
        cell('td', read.text),
      );
      return tr;
    }),
  );
}

/** @type {HTMLFormElement} */ ($('status-form')).addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!selected) return;
  const status = /** @type {HTMLSelectElement} */ ($('status-value')).value;
  const reason = /** @type {HTMLInputElement} */ ($('status-reason')).value;
  /** @type {{status: number, body: any}} */
  const r = await json(`/api/devices/${encodeURIComponent(selected)}/status`, { status, ...(reason ? { reason } : {}) }, 'PUT');
  $('status-msg').textContent = r.status === 200 ? t({ vi: 'Đã lưu.', en: 'Saved.' }) : t(r.body.error);
  $('status-msg').dataset['state'] = r.status === 200 ? 'ok' : 'error';
  await loadInventory();
});

setupLangToggle(() => {
  render();
  renderEquipment();
});
// The tech view: devices, health and test reads; never a patient message, even for an admin.
const socket = connect({ view: 'tech' });
setupAccount();
// A technician's /tech socket gets the whole report; a receptionist who opens /tech gets the summary
// (no account details to show then).
socket.on('health', (h) => 'eligibility' in h && showAccount(h));
// Plain HTTP on the LAN (http.plainLan): tokens and patients cross the network in clear; said here.
socket.on('health', (h) => {
  const line = $('plain-lan');
  line.hidden = !('http' in h) || h.http.ok;
  if ('http' in h) line.textContent = t(h.http);
});
socket.on('health', showStorageAlarm);
socket.on('devices', (/** @type {DeviceView[]} */ d) => {
  devices = d;
  render();
  if (selected) void select(selected);
});
socket.on('testRead', (/** @type {TestReadMessage} */ m) => {
  if (m.deviceId === selected) void select(m.deviceId);
});
void loadInventory();
