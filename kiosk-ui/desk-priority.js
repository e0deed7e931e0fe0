// @ts-check
// Priority by law at the desk, once a ticket shows: the reasons the card's date of birth gave (75 or
// older, under 6) and one key per reason to add or remove one (E emergency, T pregnant, K disability,
// C meritorious, G and U correct the age reasons, and the facility's own keys). Each change is audited
// by the daemon (who, when, which reason). The printed ticket carries the class, never the reason.

import { $, deskKey, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/contract.ts').Registration} Registration */
/** @typedef {{code: string, vi: string, en: string, key: string | null}} Reason */

/** @param {Registration['priority']} p */
export function classText(p) {
  if (p.class === 'emergency') return t({ vi: 'CẤP CỨU', en: 'EMERGENCY' });
  return p.class === 'priority' ? t({ vi: 'ƯU TIÊN', en: 'PRIORITY' }) : '';
}

export function setupPriority() {
  /** @type {Reason[]} */
  let reasons = [];
  /** @type {Registration | null} */
  let current = null;

  void json('/api/kiosk').then((/** @type {{status: number, body: {priorityReasons?: Reason[]}}} */ r) => {
    reasons = r.body.priorityReasons ?? [];
    $('dt-keys').textContent = reasons
      .filter((x) => x.key)
      .map((x) => `${String(x.key).toUpperCase()}: ${t(x)}`)
      .join(' · ');
  });

  /** @param {Registration} reg */
  const show = (reg) => {
    current = reg;
    $('dt-priority').textContent = classText(reg.priority);
    const names = reg.priority.reasons.map((code) => {
      const r = reasons.find((x) => x.code === code);
      return r ? t(r) : code;
    });
    const partial = reg.priority.partialDob
      ? t({
          vi: ' Chỉ có năm sinh: tuổi được tính theo cách có lợi nhất cho người bệnh.',
          en: ' Year of birth only: the age is read as favourably as the law allows.',
        })
      : '';
    $('dt-reasons').textContent = names.length ? `${t({ vi: 'Ưu tiên', en: 'Priority' })}: ${names.join(', ')}.${partial}` : partial.trim();
  };

  document.addEventListener('keydown', async (e) => {
    if (!current || $('desk-ticket').hidden || !deskKey(e)) return;
    const reason = reasons.find((r) => r.key === e.key.toLowerCase());
    if (!reason) return;
    e.preventDefault();
    const on = !current.priority.reasons.includes(reason.code);
    /** @type {{status: number, body: {registration: Registration}}} */
    const r = await json(`/api/registrations/${current.id}/priority`, { reason: reason.code, on });
    if (r.status === 200) show(r.body.registration);
  });

  return { show };
}
