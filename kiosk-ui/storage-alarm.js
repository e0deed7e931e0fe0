// @ts-check
// The storage alarm where people look: the reception page, the kiosk and /tech show a banner while
// reads cannot be stored (a full disk, a locked database: what happened, what to do, and that the
// reads are waiting, so nobody scans again), and a warning while the data folder's disk is nearly
// full, before anything fails. From the `health` message every page already receives.

import { t } from './common.js';

/** @typedef {import('../daemon/src/api/contract.ts').HealthReport} HealthReport */

/** @param {Pick<HealthReport, 'storage' | 'disk'>} h */
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
}
