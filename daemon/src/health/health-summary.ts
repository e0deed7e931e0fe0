// What GET /api/health tells a caller who is not a technician or an admin (a PC on the LAN without a
// token, a desk): whether tiepnhan works, in one sentence, and what the reception page and the kiosk
// show from health (the storage alarm, the simulation banner: kiosk-ui/storage-alarm.js, reception.js).
// The full report named the gateway's and the hub's URLs, the hub's last error, the lookup account's
// state and token expiry and the files other users can read: a map for whoever probes the LAN
// (issue #32, "/api/health tells any LAN PC too much"). Who sees which is decided in http/access.ts.

import type { HealthReport, HealthSummary } from '../api/contract.ts';

interface Text {
  readonly vi: string;
  readonly en: string;
}

export const HEALTH_TEXT = {
  ok: { vi: 'tiepnhan hoạt động bình thường.', en: 'tiepnhan is working normally.' },
  degraded: {
    vi: 'tiepnhan cần được kiểm tra: kỹ thuật viên xem chi tiết ở trang /tech.',
    en: 'tiepnhan needs attention: a technician sees the details on the /tech page.',
  },
  diskOk: { vi: 'Đủ dung lượng trống.', en: 'Enough free space.' },
  // The full report's warning names the data folder; this one only says what to do.
  diskLow: (freeMb: number | null): Text => ({
    vi: `Ổ đĩa sắp đầy${freeMb === null ? '' : ` (còn ${freeMb} MB trống)`}. Giải phóng dung lượng trước khi không lưu được lượt quét.`,
    en: `The disk is nearly full${freeMb === null ? '' : ` (${freeMb} MB free)`}. Free some space before reads can no longer be stored.`,
  }),
} as const;

/** The report's one sentence: the storage alarm first (reads are waiting), then the disk, else whether all is well. */
export function healthText(r: HealthReport): Text {
  if (!r.storage.ok) return { vi: r.storage.vi, en: r.storage.en };
  if (!r.disk.ok) return HEALTH_TEXT.diskLow(r.disk.freeMb);
  return r.status === 'ok' ? HEALTH_TEXT.ok : HEALTH_TEXT.degraded;
}

/** The short answer: the fields of the full one that hold no address, account or file name. */
export function healthSummary(r: HealthReport): HealthSummary {
  const { ok, code, vi, en, since } = r.storage;
  return {
    status: r.status,
    ...healthText(r),
    // Storage texts say what happened and what to do; they name no file (storage/storage-messages.ts).
    storage: { ok, code, vi, en, since },
    disk: { ok: r.disk.ok, ...(r.disk.ok ? HEALTH_TEXT.diskOk : HEALTH_TEXT.diskLow(r.disk.freeMb)) },
    // The pages warn that nothing is real; the simulated scanners' names are what their banner shows.
    simulated: r.simulated,
  };
}
