// @ts-check
// Self-service kiosk (/kiosk?desk=kiosk-1): the patient scans their own card, sees their name and
// insurance status, picks a department and gets a queue ticket (printable on an 80 mm roll). Only
// the current patient is ever on screen, and the screen clears itself after a short idle time.

import { $, connect, json } from './common.js';
import { setupKioskPriority } from './kiosk-priority.js';
import { showStorageAlarm } from './storage-alarm.js';

/** @typedef {import('../daemon/src/api/contract.ts').ScanMessage} ScanMessage */
/** @typedef {import('../daemon/src/api/contract.ts').EligibilityMessage} EligibilityMessage */
/** @typedef {import('../daemon/src/api/contract.ts').Registration} Registration */

const params = new URLSearchParams(location.search);
const DESK = params.get('desk') ?? 'kiosk-1';
const STATUS = {
  pending: 'Đang kiểm tra thẻ BHYT…',
  eligible: 'Thẻ BHYT hợp lệ',
  eligibleNewCard: 'Thẻ BHYT hợp lệ (có thẻ mới)',
  ineligible: 'Không hưởng BHYT — khám dịch vụ',
  identityMismatch: 'Vui lòng đến quầy tiếp đón để kiểm tra',
  inputError: 'Vui lòng đến quầy tiếp đón để kiểm tra',
  unavailable: 'Chưa kiểm tra được BHYT — quầy sẽ xác nhận sau',
  unverified: 'Chưa kiểm tra được BHYT — quầy sẽ xác nhận sau',
};

/** @type {number | null} */
let eventId = null;
/** @type {ReturnType<typeof setupKioskPriority> | null} */
let priority = null;
/** @type {string} */
let outcome = 'pending';
let idleMs = Number(params.get('idle') ?? 0) * 1000;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let idleTimer;

/** @param {'welcome' | 'patient' | 'error' | 'ticket'} state */
function show(state) {
  document.body.dataset['state'] = state;
  for (const id of ['welcome', 'patient', 'error', 'ticket']) $(id).hidden = id !== state;
}

/** Back to the welcome screen with nothing of the last patient left in the page. */
function clear() {
  eventId = null;
  priority?.reset();
  outcome = 'pending';
  for (const id of ['k-name', 'k-dob', 't-number', 't-department', 't-priority', 't-name', 't-status', 't-time']) $(id).textContent = '';
  show('welcome');
}

function touch() {
  clearTimeout(idleTimer);
  if (document.body.dataset['state'] !== 'welcome') idleTimer = setTimeout(clear, idleMs || 30_000);
}

/** @param {string} iso */
const dmy = (iso) => (iso.length === 4 ? iso : `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`);

function setStatus() {
  $('k-status').dataset['outcome'] = outcome;
  $('k-status').textContent = STATUS[/** @type {keyof typeof STATUS} */ (outcome)] ?? outcome;
}

/** @param {ScanMessage} m */
function onScan(m) {
  if (m.desk !== DESK) return;
  // Nothing of an earlier patient may stay in the page, not even in a hidden section.
  for (const id of ['t-number', 't-department', 't-priority', 't-name', 't-status', 't-time']) $(id).textContent = '';
  if (!m.ok || !m.identity) {
    eventId = null;
    show('error');
  } else {
    eventId = m.eventId;
    outcome = 'pending';
    $('k-name').textContent = m.identity.name;
    $('k-dob').textContent = `Ngày sinh ${dmy(m.identity.dob)}`;
    setStatus();
    show('patient');
  }
  touch();
}

/** @param {EligibilityMessage} m */
function onEligibility(m) {
  if (m.eventId !== eventId) return;
  outcome = m.verification === 'unverified' ? 'unverified' : m.outcome;
  setStatus();
}

/** The registration on the ticket, whose check-in notices update it. @type {number | null} */
let ticketFor = null;

/**
 * The BHXH check-in of the visit (QĐ 4750): its transaction id once the gateway took it.
 * @param {import('../daemon/src/api/contract.ts').CheckInView | null} c
 */
function showCheckIn(c) {
  const line = $('t-checkin');
  line.dataset['state'] = c?.state ?? 'off';
  line.textContent =
    c?.state === 'accepted' ? `Đã check-in BHXH / checked in: ${c.maGiaoDich ?? ''}` : c?.state === 'queued' ? 'Đang check-in BHXH… / checking in…' : '';
}

/** @param {{id: string, name: string}} dep */
async function choose(dep) {
  if (eventId === null) return;
  const requested = priority?.chosen() ?? [];
  /** @type {{status: number, body: any}} */
  const r = await json('/api/registrations', { eventId, department: dep.id, ...(requested.length ? { requestedPriority: requested } : {}) });
  if (r.status !== 200 && r.status !== 201) {
    show('error');
    touch();
    return;
  }
  /** @type {Registration} */
  const reg = r.body.registration;
  $('t-number').textContent = reg.ticket;
  $('t-department').textContent = reg.department.name;
  // The class, never the reason: the ticket is carried through a public waiting room.
  $('t-priority').textContent =
    reg.priority.class === 'emergency'
      ? 'CẤP CỨU'
      : reg.priority.class === 'priority'
        ? 'ƯU TIÊN'
        : reg.priority.requested.length
          ? 'ĐỀ NGHỊ ƯU TIÊN: xin xác nhận tại quầy / priority requested: confirm at the desk'
          : '';
  $('t-name').textContent = r.body.patient?.name ?? '';
  $('t-status').textContent = STATUS[/** @type {keyof typeof STATUS} */ (outcome)] ?? '';
  $('t-time').textContent = new Date(reg.at).toLocaleString('vi-VN');
  ticketFor = reg.id;
  showCheckIn(reg.checkIn);
  show('ticket');
  touch();
  if (autoPrint) setTimeout(printTicket, 0); // after the ticket is laid out
}

let autoPrint = false;
/** window.print() returns at once under --kiosk-printing; with a dialog it returns only once someone closes it. */
const SILENT_PRINT_MS = 1500;

/** Prints the ticket, and tells staff when the browser showed a print dialog instead of printing. */
function printTicket() {
  const started = performance.now();
  window.print();
  $('print-notice').hidden = performance.now() - started < SILENT_PRINT_MS;
}

async function start() {
  /** @type {{status: number, body: {departments: Array<{id: string, name: string}>, idleMs: number, autoPrint?: boolean, priorityReasons?: Array<{code: string, vi: string, en: string}>}}} */
  const k = await json('/api/kiosk');
  priority = setupKioskPriority(k.body.priorityReasons ?? []);
  if (!idleMs) idleMs = k.body.idleMs;
  $('departments').replaceChildren(
    ...k.body.departments.map((d) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = d.name;
      b.dataset['department'] = d.id;
      b.addEventListener('click', () => void choose(d));
      return b;
    }),
  );
  $('print').addEventListener('click', printTicket);
  autoPrint = k.body.autoPrint === true;
  document.addEventListener('pointerdown', touch);
  // Its own desk only, and no replay of the desk's latest read on connecting: at a kiosk that would
  // be the previous patient (the daemon never replays to a kiosk view either).
  const socket = connect({ view: 'kiosk', desk: DESK, replay: false });
  socket.on('scan', onScan);
  socket.on('eligibility', onEligibility);
  socket.on('checkin', (/** @type {import('../daemon/src/api/contract.ts').CheckInNotice} */ m) => m.registrationId === ticketFor && showCheckIn(m.checkIn));
  socket.on('health', (/** @type {{simulated: {scanners: string[], gateway: boolean}}} */ h) => {
    const sim = h.simulated.scanners.length > 0 || h.simulated.gateway;
    $('sim-banner').hidden = !sim;
    $('sim-banner').textContent = 'CHẾ ĐỘ MÔ PHỎNG / SIMULATED — không phải dữ liệu thật';
  });
  socket.on('health', showStorageAlarm);
  socket.on('connect', () => (document.body.dataset['connected'] = 'yes'));
  clear();
}

void start();
