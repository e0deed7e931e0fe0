// @ts-check
// Priority a patient asked for at the self-service kiosk, confirmed at the desk: each waiting ticket
// of the department the desk calls for that carries a request is listed with "Xác nhận" (the reason
// counts from then on) and "Không" (it does not); either answer is audited by the daemon.

import { $, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/contract.ts').QueueTicket} QueueTicket */
/** @typedef {{code: string, vi: string, en: string}} Reason */

/** @param {() => void} onAnswered what to do once a request is answered (the desk refreshes its queue) */
export function setupPriorityRequests(onAnswered) {
  /** @type {Reason[]} */
  let reasons = [];
  void json('/api/kiosk').then((/** @type {{status: number, body: {priorityReasons?: Reason[]}}} */ r) => (reasons = r.body.priorityReasons ?? []));
  const label = (/** @type {string} */ code) => {
    const r = reasons.find((x) => x.code === code);
    return r ? t(r) : code;
  };

  /** @param {string} text @param {() => Promise<void>} act @param {boolean} [secondary] */
  const button = (text, act, secondary = false) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    if (secondary) b.className = 'secondary';
    b.addEventListener(
      'click',
      () =>
        void act().then(onAnswered, (/** @type {Error} */ err) => {
          const li = b.closest('li');
          if (li) li.dataset['error'] = err.message;
          $('qd-status').textContent = err.message;
          $('qd-status').dataset['state'] = 'error';
        }),
    );
    return b;
  };

  /** Lists the requests among the department's tickets of the day. @param {readonly QueueTicket[]} tickets */
  return function show(tickets) {
    const items = tickets
      .filter((x) => x.state === 'waiting' || x.state === 'called')
      .flatMap((x) => x.priority.requested.map((code) => ({ x, code })))
      .map(({ x, code }) => {
        const li = document.createElement('li');
        li.dataset['ticket'] = x.ticket;
        li.dataset['reason'] = code;
        const answer = (/** @type {boolean} */ on) => async () => {
          /** @type {{status: number, body: {error?: {vi: string, en: string}}}} */
          const r = await json(`/api/registrations/${x.registrationId}/priority`, { reason: code, on });
          if (r.status !== 200) throw new Error(r.body.error ? t(r.body.error) : `HTTP ${r.status}`);
        };
        li.append(
          `${x.ticket}: ${t({ vi: 'đề nghị ưu tiên', en: 'asks for priority' })} (${label(code)})`,
          button(t({ vi: 'Xác nhận', en: 'Confirm' }), answer(true)),
          button(t({ vi: 'Không', en: 'Decline' }), answer(false), true),
        );
        return li;
      });
    $('qd-requests').replaceChildren(...items);
  };
}
