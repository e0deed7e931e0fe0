// @ts-check
// The BHXH lookup account on the technician page: the alarm when BHXH restricted the account or the
// gateway refused its credentials (with what to do, and "Resume lookups" once BHXH lifted it), the
// call figures, the lookups the gateway never answered and the check-ins it refused (no patient data).

import { $, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/contract.ts').HealthReport} HealthReport */

/** @type {HealthReport | null} */
let last = null;

/** @param {HealthReport} h */
export function showAccount(h) {
  last = h;
  const e = h.eligibility;
  const box = $('account');
  box.dataset['state'] = e.state;
  $('account-text').textContent = t(e);
  $('account-action').textContent = e.action ? t(e.action) : '';
  $('account-resume').hidden = e.state !== 'restricted';
  $('account-figures').textContent = t({
    vi: `Đang chờ: ${e.pending} · Không được trả lời: ${e.unanswered} · Lượt gọi cổng: ${e.calls} · Dùng lại kết quả: ${e.cacheHits}`,
    en: `Queued: ${e.pending} · Never answered: ${e.unanswered} · Gateway calls: ${e.calls} · Reused answers: ${e.cacheHits}`,
  });
  if (e.unanswered > 0) void loadUnanswered();
  if (h.checkin.rejected > 0 || !$('checkins-box').hidden) void loadRefusedCheckins();
}

/** Refused check-ins: registration, the gateway's code and message, and "send again" after the fix. */
async function loadRefusedCheckins() {
  /** @type {{status: number, body: Array<import('../daemon/src/api/contract.ts').CheckInView & {registrationId: number}>}} */
  const r = await json('/api/checkins/rejected');
  if (r.status !== 200) return;
  $('checkins-box').hidden = r.body.length === 0;
  $('checkins').replaceChildren(
    ...r.body.map((c) => {
      const li = document.createElement('li');
      li.dataset['registration'] = String(c.registrationId);
      li.textContent = `#${c.registrationId} · ${c.maLk} · ${c.code ?? ''} ${c.message ?? ''} `;
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = t({ vi: 'Gửi lại', en: 'Send again' });
      b.addEventListener('click', async () => {
        await json(`/api/checkins/${c.registrationId}/resend`, {});
        void loadRefusedCheckins();
      });
      li.append(b);
      return li;
    }),
  );
}

async function loadUnanswered() {
  /** @type {{status: number, body: {lookups: Array<{eventId: number, at: string, deviceId: string, desk: string, source: string}>}}} */
  const r = await json('/api/eligibility/unanswered');
  if (r.status !== 200) return;
  $('unanswered-box').hidden = r.body.lookups.length === 0;
  $('unanswered').replaceChildren(
    ...r.body.lookups.map((l) => {
      const li = document.createElement('li');
      li.textContent = `#${l.eventId} · ${l.desk} · ${l.deviceId} · ${new Date(l.at).toLocaleString('vi-VN')}`;
      return li;
    }),
  );
}

export function setupAccount() {
  // After the page's own language toggle (registered first): the account texts follow it.
  $('lang').addEventListener('click', () => last && showAccount(last));
  $('account-resume').addEventListener('click', async () => {
    /** @type {{status: number, body: {vi: string, en: string}}} */
    const r = await json('/api/eligibility/resume', {});
    $('account-action').textContent = t(r.body);
  });
}
