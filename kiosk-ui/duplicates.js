// @ts-check
// Possible duplicate patients, side by side, for an admin: masked until revealed (the daemon audits
// each reveal), then "different people" (dismiss), "same person" (merge into the record kept), and
// the merges made, each with an undo. Message shapes: daemon/src/patients/duplicates.ts.

import { $, applyLang, hhmm, json, setupLangToggle, t } from './common.js';

/** @typedef {{patientId: number, name: string | null, dob: string | null, sex: string | null, address: string | null, identifiers: Array<{kind: string, value: string | null, lastSeen: string}>, registrations: number}} Side */
/** @typedef {{a: Side, b: Side, reason: string, flaggedAt: string}} Pair */
/** @typedef {{id: number, kept: number, merged: number, at: string, actor: string, identifiersMoved: number, registrationsMoved: number, undoneAt: string | null}} Merge */

const KINDS = /** @type {Record<string, string>} */ ({ cccd: 'CCCD', cmnd: 'CMND', bhxh: 'BHXH', bhyt: 'BHYT' });
const REASONS = /** @type {Record<string, {vi: string, en: string}>} */ ({
  sameNameAndDob: { vi: 'Cùng họ tên và ngày sinh', en: 'Same name and date of birth' },
  identifiersConflict: { vi: 'Cùng một giấy tờ', en: 'The same document' },
});

/** @param {string} tag @param {string} text @param {string} [cls] */
function el(tag, text, cls) {
  const e = document.createElement(tag);
  e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** @param {string} label @param {() => void} onClick @param {string} [cls] */
function button(label, onClick, cls = 'secondary') {
  const b = /** @type {HTMLButtonElement} */ (el('button', label, cls));
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** One record's column. @param {Side} s @param {boolean} revealed */
function sideCard(s, revealed) {
  const card = el('div', '', 'side');
  card.dataset['patient'] = String(s.patientId);
  card.append(el('h3', `#${s.patientId} ${s.name ?? '—'}`));
  const dl = document.createElement('dl');
  const row = (/** @type {string} */ k, /** @type {string} */ v) => dl.append(el('dt', k), el('dd', v));
  row(t({ vi: 'Ngày sinh', en: 'Date of birth' }), s.dob ?? '—');
  row(t({ vi: 'Giới tính', en: 'Sex' }), s.sex === 'M' ? 'Nam' : s.sex === 'F' ? 'Nữ' : '—');
  row(t({ vi: 'Địa chỉ', en: 'Address' }), s.address ?? '—');
  for (const i of s.identifiers) row(KINDS[i.kind] ?? i.kind, `${i.value ?? '—'} (${i.lastSeen.slice(0, 10)})`);
  row(t({ vi: 'Lượt khám', en: 'Visits' }), String(s.registrations));
  card.append(dl);
  card.dataset['revealed'] = String(revealed);
  return card;
}

/** @param {Pair} p @param {boolean} revealed */
function pairBox(p, revealed) {
  const box = el('article', '', 'pair');
  box.dataset['pair'] = `${p.a.patientId}-${p.b.patientId}`;
  const reason = REASONS[p.reason];
  box.append(el('p', `${reason ? t(reason) : p.reason} · ${p.flaggedAt.slice(0, 10)}`, 'hint'));
  const sides = el('div', '', 'sides');
  sides.append(sideCard(p.a, revealed), sideCard(p.b, revealed));
  const actions = el('div', '', 'actions');
  const base = `/api/duplicates/${p.a.patientId}/${p.b.patientId}`;
  if (!revealed) actions.append(button(t({ vi: 'Hiện thông tin', en: 'Reveal' }), () => void reveal(box, base), 'secondary reveal'));
  actions.append(
    button(t({ vi: 'Khác người', en: 'Different people' }), () => void act(`${base}/dismiss`, {}), 'secondary dismiss'),
    button(
      t({ vi: `Cùng một người — giữ #${p.a.patientId}`, en: `Same person — keep #${p.a.patientId}` }),
      () => void act(`${base}/merge`, { keep: p.a.patientId }),
      'merge-a',
    ),
    button(
      t({ vi: `Cùng một người — giữ #${p.b.patientId}`, en: `Same person — keep #${p.b.patientId}` }),
      () => void act(`${base}/merge`, { keep: p.b.patientId }),
      'merge-b',
    ),
  );
  box.append(sides, actions);
  return box;
}

/** @param {HTMLElement} box @param {string} base */
async function reveal(box, base) {
  /** @type {{status: number, body: Pair}} */
  const r = await json(`${base}/reveal`, {});
  if (r.status === 200) box.replaceWith(pairBox(r.body, true));
}

/** @param {string} url @param {object} body */
async function act(url, body) {
  /** @type {{status: number, body: any}} */
  const r = await json(url, body);
  $('dup-msg').textContent = r.status === 200 ? t({ vi: 'Đã lưu.', en: 'Saved.' }) : t(r.body.error);
  await load();
}

/** @param {Merge} m */
function mergeRow(m) {
  const tr = document.createElement('tr');
  tr.dataset['merge'] = String(m.id);
  const undo = m.undoneAt ? el('td', t({ vi: `Đã hoàn tác ${hhmm(m.undoneAt)}`, en: `Undone ${hhmm(m.undoneAt)}` })) : el('td', '');
  if (!m.undoneAt) undo.append(button(t({ vi: 'Hoàn tác', en: 'Undo' }), () => void act(`/api/merges/${m.id}/undo`, {}), 'secondary undo'));
  tr.append(
    el('td', String(m.id)),
    el('td', `#${m.kept}`),
    el('td', `#${m.merged}`),
    el('td', `${m.identifiersMoved} / ${m.registrationsMoved}`),
    el('td', `${m.actor}, ${m.at.slice(0, 10)} ${hhmm(m.at)}`),
    undo,
  );
  return tr;
}

async function load() {
  /** @type {{status: number, body: {pairs: Pair[], merges: Merge[]}}} */
  const r = await json('/api/duplicates');
  if (r.status !== 200) return;
  const pairs = r.body.pairs.map((p) => pairBox(p, false));
  $('pairs').replaceChildren(...(pairs.length ? pairs : [el('p', t({ vi: 'Không còn cặp nghi trùng nào.', en: 'No possible duplicates left.' }), 'hint')]));
  /** @type {HTMLElement} */ ($('merges').querySelector('tbody')).replaceChildren(...r.body.merges.map(mergeRow));
}

setupLangToggle(() => void load());
applyLang();
void load();
