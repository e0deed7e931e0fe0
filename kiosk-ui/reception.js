// @ts-check
// Reception screen of one desk (?desk=desk-1): the latest read or search in large type the moment the
// daemon announces it, then its eligibility. Plain ES module served as-is (no build step); message
// shapes are daemon/src/api/contract.ts.

import { $, connect, hhmm, setupLangToggle, t } from './common.js';
import { setupCamera } from './camera.js';
import { historyArrived, resetHistory, setupHistory, showCard } from './eligibility-details.js';
import { setupRegister } from './desk-register.js';
import { setupQueueDesk } from './desk-queue.js';
import { showStorageAlarm, showWaitingReads } from './storage-alarm.js';
import { setupSearch } from './search-box.js';
import { beep, setupSound } from './sound.js';
import { setupChipConsent, showChip } from './desk-chip.js';

/** @typedef {import('../daemon/src/api/contract.ts').ScanMessage} ScanMessage */
/** @typedef {import('../daemon/src/api/contract.ts').EligibilityMessage} EligibilityMessage */
/** @typedef {import('../daemon/src/api/contract.ts').DeviceView} DeviceView */

const DESK = new URLSearchParams(location.search).get('desk') ?? 'desk-1';

const KIND = {
  cccd2021: { vi: 'Căn cước công dân gắn chip (2021)', en: 'Chip citizen ID card (2021)' },
  cccd2024: { vi: 'Thẻ căn cước (2024)', en: 'Identity card (2024)' },
  bhytCard: { vi: 'Thẻ BHYT giấy', en: 'Paper insurance card' },
  manual: { vi: 'Nhập tay', en: 'Typed by hand' },
  chip: { vi: 'Chip trên thẻ căn cước (đầu đọc chip)', en: 'ID card chip (chip reader)' },
};
const BADGE = {
  eligible: { vi: 'Đủ điều kiện BHYT', en: 'Insured: eligible' },
  eligibleNewCard: { vi: 'Có thẻ mới — dùng mã thẻ mới', en: 'New card — use the new code' },
  ineligible: { vi: 'Không hưởng BHYT', en: 'Not eligible' },
  identityMismatch: { vi: 'Kiểm tra lại thông tin', en: 'Check the identity' },
  inputError: { vi: 'Lỗi thông tin tra cứu', en: 'Lookup data error' },
  unavailable: { vi: 'Chưa xác minh — cổng BHXH lỗi', en: 'Unverified — gateway error' },
  unanswered: { vi: 'Cổng BHXH không trả lời — kiểm tra thủ công', en: 'Gateway never answered — check by hand' },
};
/** @param {string} outcome */
const badge = (outcome) => t(BADGE[/** @type {keyof typeof BADGE} */ (outcome)] ?? { vi: outcome, en: outcome });

/** @param {string} iso */
function dmy(iso) {
  return iso.length === 4 ? iso : `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Masked until the receptionist clicks it: the screen faces a public hall. @param {string} id */
function masked(id) {
  return id.length > 6 ? id.slice(0, 4) + '*'.repeat(id.length - 6) + id.slice(-2) : id;
}

let currentEventId = -1;
/** @type {ScanMessage | null} */
let shown = null;
/** @type {EligibilityMessage | null} */
let shownEligibility = null;

/** @param {ScanMessage} m */
function showScan(m) {
  if (m.desk !== DESK) return;
  if (m.eventId !== currentEventId) resetHistory();
  currentEventId = m.eventId;
  shown = m;
  shownEligibility = null;
  showCard(null);
  const failedChip = m.chip?.verification === 'failed' || m.chipComparison?.matches === false;
  beep(m.ok && !failedChip ? 'success' : 'error');
  const consented = showChip(m);
  $('patient').dataset['consent'] = consented ? 'notNeeded' : 'needed';
  render();
  if (m.ok && m.identity && consented) register.offer(m.eventId, m.identity.name);
  else register.hide();
}

function render() {
  const m = shown;
  if (!m) return;
  const patient = $('patient');
  const list = /** @type {HTMLElement} */ (patient.querySelector('dl'));
  const placeholder = /** @type {HTMLElement} */ (patient.querySelector('.placeholder'));
  $('p-warnings').replaceChildren();
  $('scan-error').hidden = true;
  patient.dataset['source'] = m.source;
  if (m.ok && patient.dataset['consent'] === 'needed') {
    // The chip's data is not shown, stored nor looked up before the patient agrees (chip.requireConsent).
    patient.dataset['state'] = 'consent';
    list.hidden = true;
    placeholder.hidden = true;
    setEligibility('none', '—', '', '', '');
    return;
  }
  if (!m.ok || !m.identity) {
    patient.dataset['state'] = 'error';
    list.hidden = true;
    placeholder.hidden = true;
    $('scan-error').hidden = false;
    $('scan-error').textContent = `${m.error ? t(m.error) : ''} (${m.error?.code ?? ''})`;
    setEligibility('none', '—', '', '', '');
    return;
  }
  const p = m.identity;
  patient.dataset['state'] = 'shown';
  placeholder.hidden = true;
  list.hidden = false;
  $('p-name').textContent = p.name;
  $('p-dob').textContent = dmy(p.dob);
  $('p-sex').textContent = p.sex === 'M' ? t({ vi: 'Nam', en: 'Male' }) : t({ vi: 'Nữ', en: 'Female' });
  const idText = p.id ?? p.cardCode ?? '';
  const idEl = $('p-id');
  idEl.textContent = masked(idText);
  idEl.title = t({ vi: 'Bấm để hiện đủ số', en: 'Click to reveal' });
  idEl.onclick = () => {
    idEl.textContent = idEl.textContent === idText ? masked(idText) : idText;
  };
  $('p-address').textContent = p.address;
  $('p-kind').textContent = t(KIND[/** @type {keyof typeof KIND} */ (p.kind)] ?? { vi: p.kind, en: p.kind });
  for (const w of m.warnings) {
    const li = document.createElement('li');
    li.textContent = t(w);
    li.dataset['code'] = w.code;
    $('p-warnings').append(li);
  }
  if (shownEligibility) showEligibility(shownEligibility);
  else
    setEligibility(
      'pending',
      t({ vi: 'Đang tra cứu BHYT…', en: 'Checking insurance…' }),
      t({ vi: 'Chờ cổng BHXH trả lời. Thông tin thẻ đã hiển thị ở trên.', en: 'Waiting for the BHXH gateway. The card details are shown above.' }),
      '',
      '',
    );
}

/** @param {string} outcome @param {string} badgeText @param {string} text @param {string} action @param {string} meta */
function setEligibility(outcome, badgeText, text, action, meta) {
  $('eligibility').dataset['outcome'] = outcome;
  $('e-badge').textContent = badgeText;
  $('e-text').textContent = text;
  $('e-action').textContent = action;
  $('e-meta').textContent = meta;
}

/** @param {EligibilityMessage} m */
function showEligibility(m) {
  if (m.desk !== DESK) return;
  if (m.eventId !== currentEventId) {
    if (m.verification === 'deferred') showLateResult(m);
    return;
  }
  shownEligibility = m;
  showCard(m.verification === 'unverified' ? (m.cached?.card ?? null) : m.card);
  const sim = m.simulated ? t({ vi: ' · CỔNG BHXH MÔ PHỎNG (simulated gateway)', en: ' · SIMULATED GATEWAY' }) : '';
  if (m.verification === 'unverified') {
    const cached = m.cached
      ? t({
          vi: `KẾT QUẢ CŨ lúc ${hhmm(m.cached.checkedAt)} ${new Date(m.cached.checkedAt).toLocaleDateString('vi-VN')}: ${badge(m.cached.outcome)} (mã ${m.cached.code}).`,
          en: `EARLIER RESULT at ${hhmm(m.cached.checkedAt)} ${new Date(m.cached.checkedAt).toLocaleDateString('vi-VN')}: ${badge(m.cached.outcome)} (code ${m.cached.code}).`,
        })
      : t({ vi: 'Chưa có kết quả cũ cho thẻ này.', en: 'No earlier result for this card.' });
    const retry = m.nextRetryAt ? t({ vi: `Tự tra cứu lại lúc ${hhmm(m.nextRetryAt)}.`, en: `Retrying at ${hhmm(m.nextRetryAt)}.` }) : '';
    setEligibility(
      'unverified',
      t({ vi: 'Chưa xác minh — chờ cổng BHXH', en: 'Unverified — waiting for the gateway' }),
      `${t(m)}. ${cached}`,
      t(m.action),
      `${retry}${sim}`,
    );
    $('eligibility').dataset['cached'] = m.cached ? 'yes' : 'no';
    return;
  }
  $('eligibility').dataset['cached'] = 'no';
  const card = m.card?.maTheMoi
    ? t({ vi: ` Mã thẻ mới: ${m.card.maTheMoi}.`, en: ` New card code: ${m.card.maTheMoi}.` })
    : m.card?.gtTheDen
      ? t({ vi: ` Hạn thẻ đến ${m.card.gtTheDen}.`, en: ` Valid until ${m.card.gtTheDen}.` })
      : '';
  const mismatch = m.mismatch
    ? t({ vi: ` Thẻ ghi "${m.mismatch.sent}", BHXH ghi "${m.mismatch.gateway}".`, en: ` Card says "${m.mismatch.sent}", BHXH says "${m.mismatch.gateway}".` })
    : '';
  const late =
    m.verification === 'deferred'
      ? t({ vi: ' (xác minh lại sau khi cổng BHXH hoạt động)', en: ' (verified after the gateway came back)' })
      : m.fromCache
        ? t({ vi: ' — kết quả dùng lại, không gọi cổng BHXH lần nữa', en: ' — answer reused, the gateway was not asked again' })
        : '';
  const code = t({ vi: 'mã', en: 'code' });
  setEligibility(
    m.verification === 'unanswered' ? 'unanswered' : m.outcome,
    badge(m.verification === 'unanswered' ? 'unanswered' : m.outcome),
    `${t(m)} (${code} ${m.code}).${card}${mismatch}`,
    t(m.action),
    `${t({ vi: 'Tra cứu lúc', en: 'Checked at' })} ${hhmm(m.checkedAt)}${late}${sim}`,
  );
}

/** A result that arrived after the desk moved on to the next patient. @param {EligibilityMessage} m */
function showLateResult(m) {
  const li = document.createElement('li');
  li.dataset['outcome'] = m.outcome;
  li.textContent = `#${m.eventId} (${hhmm(m.checkedAt)}): ${badge(m.outcome)} — ${t(m)}`;
  $('late-results').prepend(li);
  $('late-box').hidden = false;
}

/** @param {DeviceView[]} devices */
function showDevices(devices) {
  $('devices-line').textContent = devices
    .filter((d) => d.desk === DESK)
    .map(
      (d) =>
        `${d.id}${d.simulated ? t({ vi: ' (mô phỏng)', en: ' (simulated)' }) : ''}: ${d.power === 'online' ? t({ vi: 'sẵn sàng', en: 'ready' }) : t({ vi: 'mất kết nối', en: 'disconnected' })}`,
    )
    .join(' · ');
}

/** @param {{simulated: {scanners: string[], gateway: boolean}}} h */
function showHealth(h) {
  const parts = [];
  if (h.simulated.scanners.length) parts.push(`máy quét mô phỏng: ${h.simulated.scanners.join(', ')}`);
  if (h.simulated.gateway) parts.push('cổng BHXH mô phỏng');
  const banner = $('sim-banner');
  banner.hidden = parts.length === 0;
  banner.textContent = `CHẾ ĐỘ MÔ PHỎNG / SIMULATED — ${parts.join(' · ')}. Kết quả BHYT không phải dữ liệu thật / not real insurance data.`;
}

$('desk-label').textContent = DESK;
const register = setupRegister();
setupQueueDesk(DESK);
setupLangToggle(render);
setupSearch({ desk: DESK, onResult: showScan, onError: () => beep('error') });
setupCamera({ desk: DESK, onResult: showScan });
setupSound();
setupChipConsent();

const socket = connect({ view: 'reception', desk: DESK });
socket.on('scan', showScan);
socket.on('eligibility', showEligibility);
socket.on('history', (/** @type {import('../daemon/src/api/contract.ts').HistoryNotice} */ m) => historyArrived(m, currentEventId));
setupHistory();
socket.on('devices', showDevices);
socket.on('health', showHealth);
socket.on('health', showStorageAlarm);
showWaitingReads(socket, DESK);
// A check-in the BHXH gateway refused: the receptionist sees the ticket and the gateway's own words.
socket.on('checkin', (/** @type {import('../daemon/src/api/contract.ts').CheckInNotice} */ m) => {
  const box = $('checkin-alert');
  if (m.checkIn.state !== 'rejected') return;
  box.hidden = false;
  box.textContent = `${t({ vi: 'Cổng BHXH từ chối check-in phiếu', en: 'The BHXH gateway refused the check-in of ticket' })} ${m.ticket}: ${m.checkIn.message ?? m.checkIn.code ?? ''}`;
});
