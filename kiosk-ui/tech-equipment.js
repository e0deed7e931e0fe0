// @ts-check
// Desk equipment on the technician page (#29 item 3): per station, the computers and printers a
// technician counts (working / not working with the reason / still needed), saved with
// PUT /api/stations/:id/equipment; beside them what the daemon sees: the printers the PC's spooler
// lists, the scanners of the inventory and the internet link (the BHXH gateway in the last hour).

import { $, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/report.ts').FacilityInventory} FacilityInventory */
/** @typedef {import('../daemon/src/api/report.ts').StationInventory} StationInventory */
/** @typedef {import('../daemon/src/api/report.ts').EquipmentCount} EquipmentCount */

/** @type {FacilityInventory | null} */
let last = null;
/** @type {() => void} */
let reload = () => undefined;

const KINDS = /** @type {const} */ ([
  ['computers', { vi: 'Máy tính', en: 'Computers' }],
  ['printers', { vi: 'Máy in', en: 'Printers' }],
]);
const FIELDS = /** @type {const} */ ([
  ['working', { vi: 'đáp ứng', en: 'working' }],
  ['notWorking', { vi: 'không đáp ứng', en: 'not working' }],
  ['needed', { vi: 'nhu cầu trang bị', en: 'still needed' }],
]);
const LINK = { ok: { vi: 'Có kết nối', en: 'Connected' }, down: { vi: 'Mất kết nối', en: 'Down' }, unknown: { vi: 'Chưa rõ', en: 'Unknown' } };

/** @param {string} label @param {string} name @param {string} value @param {string} type */
function input(label, name, value, type) {
  const wrap = document.createElement('label');
  const el = document.createElement('input');
  el.name = name;
  el.type = type;
  el.value = value;
  if (type === 'number') {
    el.min = '0';
    el.max = '10000';
    el.required = true;
  } else el.maxLength = 500;
  wrap.append(`${label} `, el);
  return wrap;
}

/** One kind's line: three counts and the reason. @param {StationInventory} s @param {'computers' | 'printers'} kind @param {{vi: string, en: string}} name */
function kindLine(s, kind, name) {
  /** @type {EquipmentCount | undefined} */
  const c = s.equipment?.[kind];
  const p = document.createElement('p');
  p.className = 'status-form';
  const title = document.createElement('strong');
  title.textContent = t(name);
  p.append(title);
  for (const [field, label] of FIELDS) p.append(input(t(label), `${kind}.${field}`, String(c?.[field] ?? 0), 'number'));
  p.append(input(t({ vi: 'lý do không đáp ứng', en: 'why not working' }), `${kind}.reason`, c?.reason ?? '', 'text'));
  return p;
}

/** What the daemon sees for this station. @param {StationInventory} s */
function seen(s) {
  const e = s.equipment;
  const p = document.createElement('p');
  p.className = 'hint';
  if (!e) return p;
  const d = e.printers.detected;
  const spooler = d
    ? t({
        vi: `Máy in hệ điều hành nhận: ${d.working} đáp ứng, ${d.notWorking} không (${d.names.join(', ') || '—'})`,
        en: `Printers the OS lists: ${d.working} working, ${d.notWorking} not (${d.names.join(', ') || '—'})`,
      })
    : '';
  const scanners = t({
    vi: `Máy quét: ${e.scanners.working} đáp ứng, ${e.scanners.notWorking} không, cần thêm ${e.scanners.needed}`,
    en: `Scanners: ${e.scanners.working} working, ${e.scanners.notWorking} not, ${e.scanners.needed} still needed`,
  });
  const link = `${t({ vi: 'Internet (cổng BHXH, 1 giờ qua)', en: 'Internet (BHXH gateway, last hour)' })}: ${t(LINK[e.internet])}`;
  p.textContent = [spooler, scanners, link].filter(Boolean).join(' · ');
  p.dataset['internet'] = e.internet;
  return p;
}

/** @param {StationInventory} s */
function stationForm(s) {
  const form = document.createElement('form');
  form.dataset['station'] = s.id;
  const set = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.textContent = s.name === s.id ? s.id : `${s.name} (${s.id})`;
  const msg = document.createElement('span');
  msg.className = 'hint';
  msg.setAttribute('role', 'status');
  const save = document.createElement('button');
  save.type = 'submit';
  save.textContent = t({ vi: 'Lưu', en: 'Save' });
  set.append(legend, ...KINDS.map(([kind, name]) => kindLine(s, kind, name)), seen(s), save, msg);
  form.append(set);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const num = (/** @type {string} */ k) => Number(data.get(k));
    /** @type {Record<string, unknown>} */
    const body = {};
    for (const [kind] of KINDS) {
      const reason = String(data.get(`${kind}.reason`) ?? '').trim();
      body[kind] = { working: num(`${kind}.working`), notWorking: num(`${kind}.notWorking`), needed: num(`${kind}.needed`), ...(reason ? { reason } : {}) };
    }
    /** @type {{status: number, body: any}} */
    const r = await json(`/api/stations/${encodeURIComponent(s.id)}/equipment`, body, 'PUT');
    msg.textContent = r.status === 200 ? t({ vi: 'Đã lưu.', en: 'Saved.' }) : t(r.body.error ?? { vi: 'Lỗi', en: 'Error' });
    msg.dataset['state'] = r.status === 200 ? 'ok' : 'error';
    if (r.status === 200) reload();
  });
  return form;
}

/** Shows the stations' equipment; `onSaved` reloads the inventory. @param {FacilityInventory} inventory @param {() => void} onSaved */
export function showEquipment(inventory, onSaved) {
  last = inventory;
  reload = onSaved;
  renderEquipment();
}

/** Draws again (after a language change). */
export function renderEquipment() {
  if (!last) return;
  $('equipment-stations').replaceChildren(...last.stations.map(stationForm));
}
