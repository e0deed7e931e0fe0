// @ts-check
// The one search box: F2 or "/" from anywhere focuses it, Esc clears it, Enter searches. While typing,
// the daemon's own parser says what the text is or exactly what is wrong. A number seen for the first
// time asks for name, date of birth (and sex when the number does not tell it).

import { $, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/contract.ts').SearchOutcome} SearchOutcome */
/** @typedef {import('../daemon/src/api/contract.ts').ScanMessage} ScanMessage */

const KIND_TEXT = {
  cccd: { vi: 'Số định danh cá nhân (12 số)', en: 'Personal ID number (12 digits)' },
  cmnd: { vi: 'Số CMND cũ (9 số)', en: 'Old CMND number (9 digits)' },
  bhxh: { vi: 'Mã số BHXH (10 số)', en: 'BHXH number (10 digits)' },
  bhyt: { vi: 'Mã thẻ BHYT (15 ký tự)', en: 'BHYT card code (15 characters)' },
  nameDob: { vi: 'Họ tên và ngày sinh', en: 'Name and date of birth' },
};

/** F2 (or / outside a field) puts the cursor in the search box; Esc clears it, unless the camera is open.
 *  @param {HTMLInputElement} q @param {() => void} clear */
function bindShortcuts(q, clear) {
  document.addEventListener('keydown', (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
    if (e.key === 'F2' || (e.key === '/' && !typing)) {
      e.preventDefault();
      q.focus();
      q.select();
    } else if (e.key === 'Escape' && $('camera').hidden) {
      clear();
      q.blur();
    }
  });
}

/**
 * While the receptionist types, the daemon's parser says what the text is or what is wrong (150 ms
 * after the last key). Returns what stops a pending check (the search itself was sent).
 * @param {HTMLInputElement} q @param {HTMLElement} details @param {HTMLElement} hint
 * @param {(text: string, state: 'ok' | 'error' | 'info') => void} say
 */
function liveCheck(q, details, hint, say) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  q.addEventListener('input', () => {
    clearTimeout(timer);
    details.hidden = true;
    const text = q.value;
    if (text.trim() === '') return say('', 'info');
    timer = setTimeout(async () => {
      /** @type {{status: number, body: any}} */
      const r = await json('/api/search/check', { query: text });
      if (q.value !== text) return;
      if (r.body.ok) say(`✓ ${t(KIND_TEXT[/** @type {keyof typeof KIND_TEXT} */ (r.body.kind)] ?? { vi: r.body.kind, en: r.body.kind })}`, 'ok');
      else say(t(r.body.error), 'error');
      hint.dataset['code'] = r.body.ok ? '' : r.body.error.code;
    }, 150);
  });
  return () => clearTimeout(timer);
}

/**
 * @param {{ desk: string, onResult: (m: ScanMessage) => void, onError: () => void }} opts
 */
export function setupSearch(opts) {
  const form = /** @type {HTMLFormElement} */ ($('search'));
  const q = /** @type {HTMLInputElement} */ ($('q'));
  const hint = $('q-hint');
  const details = $('details');
  const name = /** @type {HTMLInputElement} */ ($('d-name'));
  const dob = /** @type {HTMLInputElement} */ ($('d-dob'));
  const sex = /** @type {HTMLSelectElement} */ ($('d-sex'));
  const address = /** @type {HTMLInputElement} */ ($('d-address'));
  /** @param {string} text @param {'ok' | 'error' | 'info'} state */
  const say = (text, state) => {
    hint.textContent = text;
    hint.dataset['state'] = state;
  };
  const clear = () => {
    form.reset();
    details.hidden = true;
    say('', 'info');
  };

  bindShortcuts(q, clear);

  const stopChecking = liveCheck(q, details, hint, say);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    stopChecking();
    const body = {
      desk: opts.desk,
      query: q.value,
      ...(details.hidden
        ? {}
        : {
            ...(name.value ? { name: name.value } : {}),
            ...(dob.value ? { dob: dob.value } : {}),
            ...(sex.value ? { sex: sex.value } : {}),
            ...(address.value.trim() ? { address: address.value.trim() } : {}),
          }),
    };
    /** @type {{status: number, body: SearchOutcome}} */
    const r = await json('/api/search', body);
    const out = r.body;
    if (r.status !== 200) {
      say(t({ vi: 'Nội dung tìm kiếm không hợp lệ.', en: 'Invalid search.' }), 'error');
      return opts.onError();
    }
    if (out.status === 'needsDetails') {
      details.hidden = false;
      sex.hidden = !out.missing.includes('sex');
      say(t(out.message), 'info');
      (out.missing.includes('name') ? name : out.missing.includes('dob') ? dob : sex).focus();
      return;
    }
    if (out.status === 'ambiguous') {
      say(`${t(out.message)} (${out.candidates.map((c) => c.idMasked).join(', ')})`, 'error');
      return opts.onError();
    }
    // A search that found the patient lets go of the keyboard before the patient is shown, so the
    // desk's keys (digits pick a department) work at once; a scan never takes the focus from typing.
    if (out.message.ok) {
      clear();
      /** @type {HTMLElement} */ (document.activeElement)?.blur();
    }
    opts.onResult(out.message);
    if (!out.message.ok) say(t(out.message.error ?? { vi: '', en: '' }), 'error');
  });
}
