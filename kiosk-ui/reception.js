// @ts-check
// Reception screen: shows the latest read the moment the daemon announces it, then its eligibility.
// Plain ES module served as-is (no build step); message shapes are daemon/src/api/contract.ts.

/** @typedef {import('../daemon/src/api/contract.ts').ScanMessage} ScanMessage */
/** @typedef {import('../daemon/src/api/contract.ts').EligibilityMessage} EligibilityMessage */
/** @typedef {import('../daemon/src/api/contract.ts').DeviceView} DeviceView */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const KIND = { cccd2021: 'Căn cước công dân gắn chip (2021)', cccd2024: 'Thẻ căn cước (2024)', bhytCard: 'Thẻ BHYT giấy' };
const BADGE = {
  eligible: 'Đủ điều kiện BHYT',
  eligibleNewCard: 'Có thẻ mới — dùng mã thẻ mới',
  ineligible: 'Không hưởng BHYT',
  identityMismatch: 'Kiểm tra lại thông tin',
  inputError: 'Lỗi thông tin tra cứu',
  unavailable: 'Chưa xác minh — cổng BHXH lỗi',
};

/** @param {string} iso */
function dmy(iso) {
  return iso.length === 4 ? iso : `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Masked until the receptionist clicks it: the screen faces a public hall. @param {string} id */
function masked(id) {
  return id.length > 6 ? id.slice(0, 4) + '*'.repeat(id.length - 6) + id.slice(-2) : id;
}

let currentEventId = -1;

/** @param {ScanMessage} m */
function showScan(m) {
  currentEventId = m.eventId;
  const patient = $('patient');
  const list = /** @type {HTMLElement} */ (patient.querySelector('dl'));
  const placeholder = /** @type {HTMLElement} */ (patient.querySelector('.placeholder'));
  $('p-warnings').replaceChildren();
  $('scan-error').hidden = true;
  if (!m.ok || !m.identity) {
    patient.dataset['state'] = 'error';
    list.hidden = true;
    placeholder.hidden = true;
    $('scan-error').hidden = false;
    $('scan-error').textContent = `${m.error?.vi ?? ''} (${m.error?.code ?? ''})`;
    setEligibility('none', '—', '', '', '');
    return;
  }
  const p = m.identity;
  patient.dataset['state'] = 'shown';
  placeholder.hidden = true;
  list.hidden = false;
  $('p-name').textContent = p.name;
  $('p-dob').textContent = dmy(p.dob);
  $('p-sex').textContent = p.sex === 'M' ? 'Nam' : 'Nữ';
  const idText = p.id ?? p.cardCode ?? '';
  const idEl = $('p-id');
  idEl.textContent = masked(idText);
  idEl.title = 'Bấm để hiện đủ số / click to reveal';
  idEl.onclick = () => {
    idEl.textContent = idEl.textContent === idText ? masked(idText) : idText;
  };
  $('p-address').textContent = p.address;
  $('p-kind').textContent = KIND[/** @type {keyof typeof KIND} */ (p.kind)] ?? p.kind;
  for (const w of m.warnings) {
    const li = document.createElement('li');
    li.textContent = w.vi;
    li.dataset['code'] = w.code;
    $('p-warnings').append(li);
  }
  setEligibility('pending', 'Đang tra cứu BHYT…', 'Chờ cổng BHXH trả lời. Thông tin thẻ đã hiển thị ở trên.', '', '');
}

/** @param {string} outcome @param {string} badge @param {string} text @param {string} action @param {string} meta */
function setEligibility(outcome, badge, text, action, meta) {
  $('eligibility').dataset['outcome'] = outcome;
  $('e-badge').textContent = badge;
  $('e-text').textContent = text;
  $('e-action').textContent = action;
  $('e-meta').textContent = meta;
}

/** @param {string} iso */
function hhmm(iso) {
  return new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
}

/** @param {EligibilityMessage} m */
function showEligibility(m) {
  if (m.eventId !== currentEventId) {
    if (m.verification === 'deferred') showLateResult(m);
    return;
  }
  const sim = m.simulated ? ' · CỔNG BHXH MÔ PHỎNG (simulated gateway)' : '';
  if (m.verification === 'unverified') {
    const cached = m.cached
      ? `KẾT QUẢ CŨ lúc ${hhmm(m.cached.checkedAt)} ${new Date(m.cached.checkedAt).toLocaleDateString('vi-VN')}: ${BADGE[/** @type {keyof typeof BADGE} */ (m.cached.outcome)] ?? m.cached.outcome} (mã ${m.cached.code}).`
      : 'Chưa có kết quả cũ cho thẻ này.';
    const retry = m.nextRetryAt ? `Tự tra cứu lại lúc ${hhmm(m.nextRetryAt)}.` : '';
    setEligibility('unverified', 'Chưa xác minh — chờ cổng BHXH', `${m.vi}. ${cached}`, m.action.vi, `${retry}${sim}`);
    $('eligibility').dataset['cached'] = m.cached ? 'yes' : 'no';
    return;
  }
  $('eligibility').dataset['cached'] = 'no';
  const card = m.card?.maTheMoi ? ` Mã thẻ mới: ${m.card.maTheMoi}.` : m.card?.gtTheDen ? ` Hạn thẻ đến ${m.card.gtTheDen}.` : '';
  const mismatch = m.mismatch ? ` Thẻ ghi "${m.mismatch.sent}", BHXH ghi "${m.mismatch.gateway}".` : '';
  const late = m.verification === 'deferred' ? ' (xác minh lại sau khi cổng BHXH hoạt động)' : '';
  setEligibility(m.outcome, BADGE[/** @type {keyof typeof BADGE} */ (m.outcome)] ?? m.outcome, `${m.vi} (mã ${m.code}).${card}${mismatch}`, m.action.vi, `Tra cứu lúc ${hhmm(m.checkedAt)}${late}${sim}`);
}

/** A result that arrived after the desk moved on to the next patient. @param {EligibilityMessage} m */
function showLateResult(m) {
  const li = document.createElement('li');
  li.dataset['outcome'] = m.outcome;
  li.textContent = `Lượt #${m.eventId} (${hhmm(m.checkedAt)}): ${BADGE[/** @type {keyof typeof BADGE} */ (m.outcome)] ?? m.outcome} — ${m.vi}`;
  $('late-results').prepend(li);
  $('late-box').hidden = false;
}

/** @param {DeviceView[]} devices */
function showDevices(devices) {
  $('devices-line').textContent = devices.map((d) => `${d.id}${d.simulated ? ' (mô phỏng)' : ''}: ${d.power === 'online' ? 'sẵn sàng' : 'mất kết nối'}`).join(' · ');
}

/** @param {{simulated: {scanners: string[], gateway: boolean}}} h */
function showHealth(h) {
  const parts = [];
  if (h.simulated.scanners.length) parts.push(`máy quét mô phỏng: ${h.simulated.scanners.join(', ')}`);
  if (h.simulated.gateway) parts.push('cổng BHXH mô phỏng');
  const banner = $('sim-banner');
  banner.hidden = parts.length === 0;
  banner.textContent = `CHẾ ĐỘ MÔ PHỎNG / SIMULATED — ${parts.join(' · ')}. Kết quả BHYT không phải dữ liệu thật.`;
}

// @ts-ignore -- the socket.io client script defines a global `io`
const socket = /** @type {any} */ (window).io();
socket.on('connect', () => {
  $('conn').dataset['state'] = 'online';
  $('conn').textContent = 'Đã kết nối';
});
socket.on('disconnect', () => {
  $('conn').dataset['state'] = 'offline';
  $('conn').textContent = 'Mất kết nối với tiepnhan';
});
socket.on('scan', showScan);
socket.on('eligibility', showEligibility);
socket.on('devices', showDevices);
socket.on('health', showHealth);
