// @ts-check
// The whole gateway answer at the desk (card, new card, 5-year date, area code) and the collapsible
// visit history. The history is medical: it is fetched only when the receptionist opens the block
// (the daemon audits that view) and is never kept in the page after the next patient.

import { $, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/contract.ts').EligibilityCard} EligibilityCard */
/** @typedef {import('../daemon/src/api/contract.ts').HistoryNotice} HistoryNotice */
/** @typedef {import('../daemon/src/api/contract.ts').VisitHistory} VisitHistory */

/** @type {Array<[keyof EligibilityCard, {vi: string, en: string}]>} */
const CARD_ROWS = [
  ['maThe', { vi: 'Mã thẻ', en: 'Card code' }],
  ['gtTheDen', { vi: 'Hạn thẻ', en: 'Valid' }],
  ['maDKBD', { vi: 'Nơi ĐKBĐ', en: 'Primary facility' }],
  ['maSoBHXH', { vi: 'Mã số BHXH', en: 'Social insurance no.' }],
  ['ngayDu5Nam', { vi: 'Đủ 5 năm liên tục từ', en: '5 consecutive years since' }],
  ['maKV', { vi: 'Mã khu vực', en: 'Area code' }],
  ['maTheMoi', { vi: 'MÃ THẺ MỚI', en: 'NEW CARD CODE' }],
  ['gtTheDenMoi', { vi: 'Hạn thẻ mới', en: 'New card valid' }],
  ['maDKBDMoi', { vi: 'Nơi ĐKBĐ mới', en: 'New primary facility' }],
];

/** @param {EligibilityCard | null} card */
export function showCard(card) {
  const dl = $('e-card');
  dl.replaceChildren();
  dl.hidden = !card;
  if (!card) return;
  for (const [field, label] of CARD_ROWS) {
    let value = card[field];
    if (!value) continue;
    if (field === 'gtTheDen') value = `${card.gtTheTu ?? '?'} – ${value}`;
    if (field === 'gtTheDenMoi') value = `${card.gtTheTuMoi ?? '?'} – ${value}`;
    if (field === 'maDKBDMoi' && card.tenDKBDMoi) value = `${value} (${card.tenDKBDMoi})`;
    const dt = document.createElement('dt');
    dt.textContent = t(label);
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.dataset['field'] = field;
    dl.append(dt, dd);
  }
}

let historyEvent = -1;

/** A new patient: the previous patient's history leaves the screen. */
export function resetHistory() {
  historyEvent = -1;
  const box = /** @type {HTMLDetailsElement} */ ($('history'));
  box.open = false;
  box.hidden = true;
  $('history-rows').replaceChildren();
}

/** @param {HistoryNotice} m @param {number} currentEventId */
export function historyArrived(m, currentEventId) {
  if (m.eventId !== currentEventId) return;
  historyEvent = m.eventId;
  $('history-count').textContent = t({ vi: `Lịch sử khám BHYT (${m.count} lượt)`, en: `Insured visit history (${m.count} visits)` });
  $('history').hidden = false;
}

async function loadHistory() {
  const id = historyEvent;
  const box = /** @type {HTMLDetailsElement} */ ($('history'));
  if (!box.open || id < 0 || $('history-rows').childElementCount > 0) return;
  const res = await json(`/api/eligibility/${id}/history`);
  if (res.status !== 200 || id !== historyEvent) return;
  const h = /** @type {VisitHistory} */ (res.body);
  $('history-rows').replaceChildren(
    ...h.visits.map((v) => {
      const tr = document.createElement('tr');
      for (const cell of [v.ngayVao ?? '', v.ngayRa ?? '', v.maCSKCB, v.tenBenh, v.kqDieuTri ?? '', v.lyDoVV ?? '']) {
        const td = document.createElement('td');
        td.textContent = cell;
        tr.append(td);
      }
      return tr;
    }),
  );
}

export function setupHistory() {
  $('history').addEventListener('toggle', () => void loadHistory());
}
