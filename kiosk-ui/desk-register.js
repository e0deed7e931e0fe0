// @ts-check
// Registering the visit at the desk: after a scan, a webcam read or a typed identifier shows a
// patient, the receptionist picks a department (digits 1–9 or the arrow keys, then Enter) and the
// ticket shows, printable on the desk's 80 mm printer (P). The same registration API as the kiosk:
// one visit per read, so registering the same read again shows the same ticket.

import { $, deskKey, hhmm, json, t } from './common.js';
import { setupPriority } from './desk-priority.js';

/** @typedef {import('../daemon/src/api/contract.ts').Registration} Registration */

/** @returns {HTMLInputElement[]} */
const radios = () => [...$('register-departments').querySelectorAll('input[type="radio"]')].map((r) => /** @type {HTMLInputElement} */ (r));

/** The departments as numbered radio buttons (arrow keys move between them natively). */
async function loadDepartments() {
  /** @type {{status: number, body: Array<{id: string, name: string}>}} */
  const r = await json('/api/departments');
  if (r.status !== 200) return;
  $('register-departments').replaceChildren(
    ...r.body.map((d, i) => {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'department';
      input.value = d.id;
      input.checked = i === 0;
      label.append(input, ` ${i + 1}. ${d.name}`);
      return label;
    }),
  );
}

/** @param {Registration} reg @param {string} name */
function showTicket(reg, name) {
  $('dt-number').textContent = reg.ticket;
  $('dt-department').textContent = reg.department.name;
  $('dt-name').textContent = name;
  $('dt-time').textContent = `${hhmm(reg.at)} ${new Date(reg.at).toLocaleDateString('vi-VN')}`;
  $('desk-ticket').hidden = false;
  $('desk-ticket').dataset['ticket'] = reg.ticket;
}

/** Digits pick a department, P prints; never while the receptionist types in a field. @param {KeyboardEvent} e */
function onKey(e) {
  if ($('register').hidden || !deskKey(e)) return;
  const n = Number(e.key);
  const choice = Number.isInteger(n) && n >= 1 ? radios()[n - 1] : undefined;
  if (choice) {
    choice.checked = true;
    choice.focus();
    e.preventDefault();
  } else if ((e.key === 'p' || e.key === 'P') && !$('desk-ticket').hidden) {
    e.preventDefault();
    window.print();
  }
}

export function setupRegister() {
  const section = $('register');
  const form = /** @type {HTMLFormElement} */ ($('register-form'));
  const status = $('register-status');
  const ticket = $('desk-ticket');
  /** @type {number | null} */
  let eventId = null;
  /** @type {string} */
  let patientName = '';

  void loadDepartments();
  const priority = setupPriority();

  /** @param {string} text @param {'ok' | 'error' | 'info'} state */
  const say = (text, state) => {
    status.textContent = text;
    status.dataset['state'] = state;
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const department = radios().find((r) => r.checked)?.value;
    if (eventId === null || !department) return;
    /** @type {{status: number, body: {registration: Registration, created: boolean} & {error?: {vi: string, en: string}}}} */
    const r = await json('/api/registrations', { eventId, department });
    if (r.status !== 200 && r.status !== 201) return say(r.body.error ? t(r.body.error) : t({ vi: 'Không đăng ký được.', en: 'Could not register.' }), 'error');
    const reg = r.body.registration;
    showTicket(reg, patientName);
    priority.show(reg);
    say(
      r.body.created
        ? t({ vi: `Đã đăng ký: số ${reg.ticket}. In phiếu: P.`, en: `Registered: ticket ${reg.ticket}. Print: P.` })
        : t({ vi: `Lượt đọc này đã đăng ký: số ${reg.ticket}.`, en: `This read is already registered: ticket ${reg.ticket}.` }),
      'ok',
    );
  });

  $('print-ticket').addEventListener('click', () => window.print());

  document.addEventListener('keydown', onKey);

  return {
    /** A patient is shown: offer to register this read; focus the departments unless the receptionist is typing. @param {number} id @param {string} name */
    offer(id, name) {
      eventId = id;
      patientName = name;
      section.hidden = false;
      ticket.hidden = true;
      say(t({ vi: 'Chọn khoa/phòng (1–9 hoặc ↑↓), rồi Enter để đăng ký.', en: 'Pick a department (1–9 or ↑↓), then Enter to register.' }), 'info');
      const active = document.activeElement;
      if (!active || active === document.body || section.contains(active)) (radios().find((r) => r.checked) ?? radios()[0])?.focus();
    },
    /** No patient to register (a rejected read). */
    hide() {
      eventId = null;
      section.hidden = true;
    },
  };
}
