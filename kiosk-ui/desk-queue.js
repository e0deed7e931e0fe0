// @ts-check
// Calling the queue from the desk: pick the department once (remembered on this PC for this desk),
// then N calls the next waiting ticket to this desk (the one called before is done), R calls it again,
// S skips it (the patient did not come). Keys work unless the receptionist is typing in a field; the
// buttons do the same. The number appears on the waiting room's display (/queue) at once.

import { $, deskKey, json, t } from './common.js';
import { setupPriorityRequests } from './desk-priority-requests.js';

/** @typedef {import('../daemon/src/api/contract.ts').QueueTicket} QueueTicket */
/** @typedef {import('../daemon/src/api/contract.ts').QueueList} QueueList */
/** @typedef {{status: number, body: {ticket?: QueueTicket, error?: {vi: string, en: string}}}} Answer */

/** @param {string} desk */
export function setupQueueDesk(desk) {
  const select = /** @type {HTMLSelectElement} */ ($('qd-department'));
  const status = $('qd-status');
  const key = `tiepnhan.queue.${desk}`;
  /** @type {QueueTicket | null} */
  let current = null;
  const showRequests = setupPriorityRequests(() => void refresh());

  /** @param {string} text @param {'ok' | 'error' | 'info'} state */
  const say = (text, state) => {
    status.textContent = text;
    status.dataset['state'] = state;
  };
  const base = () => `/api/queue/${encodeURIComponent(select.value)}`;

  /** The desk's own called ticket, and how many wait (after loading and after every action). */
  async function refresh() {
    /** @type {{status: number, body: QueueList}} */
    const r = await json(base());
    if (r.status !== 200) return;
    current = r.body.tickets.find((x) => x.desk === desk && (x.state === 'called' || x.state === 'inService')) ?? null;
    const waiting = r.body.tickets.filter((x) => x.state === 'waiting').length;
    status.dataset['current'] = current?.ticket ?? '';
    showRequests(r.body.tickets);
    return waiting;
  }

  /** @param {Answer} r @param {(x: QueueTicket) => {vi: string, en: string}} ok */
  async function settle(r, ok) {
    if (r.status !== 200 || !r.body.ticket) return say(r.body.error ? t(r.body.error) : t({ vi: 'Không gọi được.', en: 'Could not call.' }), 'error');
    const ticket = r.body.ticket;
    const waiting = await refresh();
    say(`${t(ok(ticket))} ${t({ vi: `Còn chờ: ${waiting ?? '?'}.`, en: `Waiting: ${waiting ?? '?'}.` })}`, 'ok');
  }

  const next = async () => settle(await json(`${base()}/call`, { desk }), (x) => ({ vi: `Đang gọi số ${x.ticket}.`, en: `Calling ${x.ticket}.` }));
  const recall = async () => {
    if (!current) return say(t({ vi: 'Chưa gọi số nào: bấm N.', en: 'Nothing called yet: press N.' }), 'info');
    await settle(await json(`${base()}/call`, { desk, ticket: current.ticket }), (x) => ({
      vi: `Gọi lại số ${x.ticket} (lần ${x.calls}).`,
      en: `Recalled ${x.ticket} (call ${x.calls}).`,
    }));
  };
  const skip = async () => {
    if (!current) return say(t({ vi: 'Không có số đang gọi để bỏ qua.', en: 'No called ticket to skip.' }), 'info');
    await settle(await json(`${base()}/${encodeURIComponent(current.ticket)}/skip`, {}), (x) => ({
      vi: `Đã bỏ qua số ${x.ticket}.`,
      en: `Skipped ${x.ticket}.`,
    }));
  };

  $('qd-next').addEventListener('click', () => void next());
  $('qd-recall').addEventListener('click', () => void recall());
  $('qd-skip').addEventListener('click', () => void skip());
  select.addEventListener('change', () => {
    localStorage.setItem(key, select.value);
    void refresh();
  });
  document.addEventListener('keydown', (e) => {
    if (!deskKey(e) || !select.value) return;
    const action = { n: next, r: recall, s: skip }[e.key.toLowerCase()];
    if (!action) return;
    e.preventDefault();
    void action();
  });

  void (async () => {
    /** @type {{status: number, body: Array<{id: string, name: string}>}} */
    const r = await json('/api/departments');
    if (r.status !== 200) return;
    select.replaceChildren(...r.body.map((d) => new Option(d.name, d.id)));
    const saved = localStorage.getItem(key);
    if (saved && r.body.some((d) => d.id === saved)) select.value = saved;
    await refresh();
    // Requests from the kiosk arrive without a socket message: the list is read again now and then.
    setInterval(() => void refresh(), 15_000);
  })();
}
