// @ts-check
// "Ưu tiên" at the self-service kiosk: a patient who is pregnant, has a severe disability, has
// meritorious service (or one of the facility's own reasons) says so with one touch before choosing a
// department. The request goes with the registration and counts only once a desk confirms it; the
// ticket says to confirm at the desk. The reasons the card gives (75 or older, under 6) need no touch,
// and an emergency goes to the desk.

import { $ } from './common.js';

/** @typedef {{code: string, vi: string, en: string}} Reason */

/** Reasons only a person can tell: not the age ones, not an emergency. */
const SELF_DECLARED = (/** @type {Reason} */ r) => !['age75', 'under6', 'emergency'].includes(r.code);

/** @param {Reason[]} reasons */
export function setupKioskPriority(reasons) {
  const toggle = $('k-priority-toggle');
  const box = $('k-reasons');
  /** @type {Set<string>} */
  const chosen = new Set();
  box.replaceChildren(
    ...reasons.filter(SELF_DECLARED).map((r) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset['reason'] = r.code;
      b.setAttribute('aria-pressed', 'false');
      b.append(r.vi, ' ', Object.assign(document.createElement('span'), { className: 'en', textContent: r.en }));
      b.addEventListener('click', () => {
        if (chosen.has(r.code)) chosen.delete(r.code);
        else chosen.add(r.code);
        b.setAttribute('aria-pressed', String(chosen.has(r.code)));
      });
      return b;
    }),
  );
  toggle.addEventListener('click', () => {
    box.hidden = !box.hidden;
    toggle.setAttribute('aria-expanded', String(!box.hidden));
  });
  return {
    /** The reasons chosen for this patient. */
    chosen: () => [...chosen],
    /** A new patient: nothing chosen, the list folded. */
    reset() {
      chosen.clear();
      box.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      for (const b of box.querySelectorAll('button')) b.setAttribute('aria-pressed', 'false');
    },
  };
}
