// @ts-check
// The storage alarm where people look: the reception page, the kiosk and /tech show a banner while
// reads cannot be stored (a full disk, a locked database: what happened, what to do, and that the
// reads are waiting, so nobody scans again), and a warning while the data folder's disk is nearly
// full, before anything fails. From the `health` message every page already receives.

import { json, t } from './common.js';

/**
 * Reads of this desk received but not stored yet: how many, and when the last came, until their
 * `scan` messages arrive. No patient data (the read is not stored, nor shown).
 * @param {{on(event: string, listener: (m: any) => void): unknown}} socket @param {string} desk
 */
export function showWaitingReads(socket, desk) {
  const line = document.getElementById('waiting-read');
  if (!line) return;
  let waiting = 0;
  socket.on('waiting', (/** @type {import('../daemon/src/api/contract.ts').WaitingRead} */ m) => {
    if (m.desk !== desk) return;
    waiting++;
    line.dataset['level'] = 'warning';
    const at = new Date(m.at).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
    line.textContent = t({
      vi: `Đã nhận ${waiting} lượt đọc (lần cuối ${at}), đang chờ lưu vào máy: không cần quét lại.`,
      en: `${waiting} read(s) received (last at ${at}), waiting to be stored: no need to scan again.`,
    });
    line.hidden = false;
  });
  socket.on('scan', (/** @type {{desk: string}} */ m) => {
    if (m.desk !== desk || waiting === 0) return;
    waiting--;
    if (waiting === 0) line.hidden = true;
  });
  // A read that waited was given up: the card must be scanned again, and the page says so.
  socket.on('notStored', (/** @type {import('../daemon/src/api/contract.ts').WaitingRead} */ m) => {
    if (m.desk !== desk) return;
    waiting = Math.max(0, waiting - 1);
    const at = new Date(m.at).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
    line.textContent = t({
      vi: `Lượt đọc lúc ${at} không lưu được: xin quét lại thẻ.`,
      en: `The read at ${at} could not be stored: please scan the card again.`,
    });
    line.dataset['level'] = 'error';
    line.hidden = false;
  });
  // The daemon went away (a restart): a read still waiting may be lost.
  socket.on('disconnect', () => {
    if (waiting === 0) return;
    waiting = 0;
    line.textContent = t({
      vi: 'Mất kết nối khi lượt đọc còn chờ lưu: nếu người bệnh chưa hiện ra, xin quét lại thẻ.',
      en: 'Connection lost while reads were waiting: if the patient does not appear, scan the card again.',
    });
  });
}

/** @typedef {{storage: import('../daemon/src/api/contract.ts').HealthSummary['storage'] & {lost?: number}, disk: import('../daemon/src/api/contract.ts').HealthSummary['disk']}} StorageHealthView
 * What every page's `health` carries of storage (the summary; /tech's whole report adds `lost`). */

/** @param {StorageHealthView} h */
export function showStorageAlarm(h) {
  const box = document.getElementById('storage-alert');
  if (!box) return;
  /** @type {string[]} */
  const lines = [];
  if (!h.storage.ok)
    lines.push(
      `${t(h.storage)} ${t({ vi: 'Các lượt đọc đang chờ được lưu: không cần quét lại.', en: 'Reads are waiting to be stored: no need to scan again.' })}`,
    );
  if (h.disk && !h.disk.ok) lines.push(t(h.disk));
  box.hidden = lines.length === 0;
  box.textContent = lines.join(' ');
  box.dataset['level'] = h.storage.ok ? 'warning' : 'error';
  showLostReads(h);
}

/** On /tech only (the page that has the box): reads lost while the disk was full, until a technician
 *  acknowledges them (audited). The daemon's status is not ok while they stand.
 *  @param {StorageHealthView} h */
function showLostReads(h) {
  const box = document.getElementById('lost-reads');
  const text = document.getElementById('lost-reads-text');
  const ack = /** @type {HTMLButtonElement | null} */ (document.getElementById('lost-reads-ack'));
  if (!box || !text || !ack) return;
  const lost = h.storage.lost ?? 0;
  box.hidden = lost === 0;
  if (box.hidden) return;
  text.textContent = h.storage.ok ? t(h.storage) : t({ vi: `${lost} lượt đọc không lưu được.`, en: `${lost} read(s) could not be stored.` });
  ack.onclick = async () => {
    ack.disabled = true;
    /** @type {{status: number, body: {vi: string, en: string} & {error?: {vi: string, en: string}}}} */
    const r = await json('/api/storage/lost-reads/acknowledge', {});
    text.textContent = t(r.status === 200 ? r.body : (r.body.error ?? r.body));
    ack.disabled = false;
  };
}
