// @ts-check
// A chip reader's read at the desk: the portrait beside the data (fetched from the daemon's memory,
// never cached), how far the chip's data was checked, in words that claim no more than the check (a
// failed check is a red warning), where the reader's text disagreed with the chip, and, where the
// facility asks for it, the patient's consent recorded with one key (Y) before the data is shown and
// looked up. A QR read later in the visit shows whether it matches the chip.

import { $, deskKey, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/contract.ts').ScanMessage} ScanMessage */

const FIELD = {
  id: { vi: 'số định danh', en: 'ID number' },
  oldId: { vi: 'số CMND cũ', en: 'old ID' },
  name: { vi: 'họ tên', en: 'name' },
  dob: { vi: 'ngày sinh', en: 'date of birth' },
  sex: { vi: 'giới tính', en: 'sex' },
  address: { vi: 'địa chỉ', en: 'address' },
  issueDate: { vi: 'ngày cấp', en: 'issue date' },
};
/** @param {string[]} fields */
const fieldList = (fields) => fields.map((f) => t(FIELD[/** @type {keyof typeof FIELD} */ (f)] ?? { vi: f, en: f })).join(', ');

/** The read whose consent is awaited. @type {{eventId: number} | null} */
let waiting = null;

/** Shows the chip part of a read (or hides it); returns false while the patient's consent is awaited
 *  (the daemon sends no identity until then, and announces the read again once it is given).
 *  @param {ScanMessage} m */
export function showChip(m) {
  const box = $('chip');
  const chip = m.source === 'chip' && m.ok ? m.chip : undefined;
  showComparison(m);
  waiting = null;
  $('chip-consent').hidden = true;
  if (!chip) {
    box.hidden = true;
    return true;
  }
  box.hidden = false;
  box.dataset['verification'] = chip.verification;
  $('chip-verification').textContent = t(chip.text);
  const differs = $('chip-differs');
  differs.hidden = chip.differs.length === 0;
  differs.textContent = t({
    vi: `Phần mềm đầu đọc ghi khác dữ liệu đã ký trên chip ở: ${fieldList(chip.differs)} (hiển thị theo chip).`,
    en: `The reader's software disagrees with the chip's signed data on: ${fieldList(chip.differs)} (the chip's is shown).`,
  });
  $('chip-unsigned-portrait').hidden = !chip.portrait || chip.portraitSigned || chip.consent === 'needed';
  const img = /** @type {HTMLImageElement} */ ($('chip-portrait'));
  img.hidden = !chip.portrait || chip.consent === 'needed';
  img.src = chip.portrait && chip.consent !== 'needed' ? `/api/chip/${m.eventId}/portrait` : '';
  if (chip.consent !== 'needed') return true;
  waiting = { eventId: m.eventId };
  $('chip-consent').hidden = false;
  return false;
}

/** @param {ScanMessage} m */
function showComparison(m) {
  const line = $('chip-compare');
  const c = m.chipComparison;
  line.hidden = !c;
  if (!c) return;
  line.dataset['matches'] = String(c.matches);
  line.textContent = c.matches
    ? t({ vi: 'Mã QR khớp dữ liệu chip đã đọc ở lượt này.', en: 'The QR matches the chip read earlier in this visit.' })
    : t({
        vi: `CẢNH BÁO: mã QR khác dữ liệu chip đã đọc ở lượt này (${fieldList(c.differs)}). Đối chiếu giấy tờ.`,
        en: `WARNING: the QR differs from the chip read earlier in this visit (${fieldList(c.differs)}). Check the card by hand.`,
      });
}

async function giveConsent() {
  const w = waiting;
  if (!w) return;
  const r = await json(`/api/chip/${w.eventId}/consent`, {});
  // The daemon announces the read again, with its identity: the page shows it from that message.
  if (r.status === 200 && waiting === w) $('chip-consent').hidden = true;
}

export function setupChipConsent() {
  $('chip-consent-button').addEventListener('click', () => void giveConsent());
  // An image the daemon no longer holds (the visit ended, a restart) is hidden, not shown broken.
  $('chip-portrait').addEventListener('error', () => ($('chip-portrait').hidden = true));
  document.addEventListener('keydown', (e) => {
    if (!waiting || !deskKey(e) || e.key.toLowerCase() !== 'y') return;
    e.preventDefault();
    void giveConsent();
  });
}
