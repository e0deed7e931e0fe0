// The 26 official `maKetQua` codes of KQNhanLichSuKCB2024 (CV 1923/BHXH-CNTT, Phụ lục 03) plus 500,
// each mapped to what reception should do. Source: ../shared/research/eligibility-api.md §4.1.

import type { Message } from '../parse/messages.ts';

export type EligibilityOutcome = 'eligible' | 'eligibleNewCard' | 'ineligible' | 'identityMismatch' | 'inputError' | 'unavailable';

export interface ResultCodeInfo extends Message {
  readonly outcome: EligibilityOutcome;
  readonly action: Message;
}

const act = (vi: string, en: string): Message => ({ vi, en });
const REGISTER = act('Đăng ký khám BHYT bình thường.', 'Register for insured care as usual.');
const CHECK_PAPERS = act('Kiểm tra thẻ BHYT và giấy tờ tùy thân trực tiếp, rồi đăng ký.', 'Check the insurance card and ID papers by hand, then register.');
const USE_NEW = act('Dùng mã thẻ mới (maTheMoi) và nơi ĐKBĐ mới để đăng ký.', 'Register with the new card code (maTheMoi) and its new primary facility.');
const NOT_COVERED = act(
  'Thẻ không dùng được: báo người bệnh, đăng ký khám dịch vụ hoặc hướng dẫn liên hệ BHXH.',
  'The card cannot be used: tell the patient, register as self-pay, or refer them to BHXH.',
);
const CHECK_INPUT = act('Kiểm tra lại mã thẻ / số định danh đã nhập.', 'Check the card code / ID number entered.');
const CHECK_IDENTITY = act(
  'Đối chiếu họ tên, ngày sinh với giấy tờ; nếu thẻ đúng, hướng dẫn người bệnh cập nhật với BHXH.',
  'Compare name and date of birth with the papers; if the card is right, refer the patient to BHXH to correct it.',
);
const RETRY_LATER = act(
  'Cổng BHXH lỗi: đăng ký tạm (chưa xác minh), hệ thống sẽ tự kiểm tra lại.',
  'The BHXH gateway failed: register provisionally (unverified); the check is retried automatically.',
);
const FIX_OFFICER = act(
  'Báo bộ phận CNTT: tài khoản cán bộ tra cứu chưa đăng ký đúng với BHXH.',
  'Tell IT: the look-up officer is not registered correctly with BHXH.',
);

export const RESULT_CODES: Readonly<Record<string, ResultCodeInfo>> = {
  '000': { outcome: 'eligible', vi: 'Thông tin thẻ BHYT chính xác', en: 'Card information correct', action: REGISTER },
  '001': {
    outcome: 'eligible',
    vi: 'Thẻ do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra thẻ và giấy tờ tùy thân',
    en: 'Card managed by Ministry of Defence social security; check card and ID by hand',
    action: CHECK_PAPERS,
  },
  '002': {
    outcome: 'eligible',
    vi: 'Thẻ do BHXH Bộ Công an quản lý, đề nghị kiểm tra thẻ và giấy tờ tùy thân',
    en: 'Card managed by Ministry of Public Security social security; check card and ID by hand',
    action: CHECK_PAPERS,
  },
  '003': {
    outcome: 'eligibleNewCard',
    vi: 'Thẻ BHYT cũ hết giá trị sử dụng, được cấp thẻ mới',
    en: 'Old card expired; a new card was issued',
    action: USE_NEW,
  },
  '004': {
    outcome: 'eligibleNewCard',
    vi: 'Thẻ BHYT cũ còn giá trị sử dụng, được cấp thẻ mới',
    en: 'Old card still valid; a new card was issued',
    action: USE_NEW,
  },
  '010': { outcome: 'ineligible', vi: 'Thẻ BHYT hết giá trị sử dụng', en: 'Card expired', action: NOT_COVERED },
  '050': { outcome: 'ineligible', vi: 'Không có thông tin thẻ BHYT', en: 'No card information found', action: NOT_COVERED },
  '051': { outcome: 'inputError', vi: 'Mã thẻ BHYT không đúng', en: 'Wrong card code', action: CHECK_INPUT },
  '052': { outcome: 'inputError', vi: 'Mã tỉnh cấp thẻ BHYT (ký tự thứ 4,5) không đúng', en: 'Wrong province code (characters 4–5)', action: CHECK_INPUT },
  '053': { outcome: 'inputError', vi: 'Mã quyền lợi BHYT (ký tự thứ 3) không đúng', en: 'Wrong benefit-level code (character 3)', action: CHECK_INPUT },
  '054': {
    outcome: 'inputError',
    vi: 'Số CCCD của cán bộ tra cứu không có trong danh sách người sử dụng',
    en: "Officer's ID number is not in the facility's user list",
    action: FIX_OFFICER,
  },
  '055': {
    outcome: 'inputError',
    vi: 'Họ tên cán bộ tra cứu không khớp với số CCCD',
    en: "Officer's name does not match the officer's ID number",
    action: FIX_OFFICER,
  },
  '060': { outcome: 'identityMismatch', vi: 'Thẻ BHYT sai họ tên', en: 'Name does not match the card', action: CHECK_IDENTITY },
  '061': { outcome: 'identityMismatch', vi: 'Thẻ BHYT sai họ tên (đúng ký tự đầu)', en: 'Name does not match (first letter matches)', action: CHECK_IDENTITY },
  '070': { outcome: 'identityMismatch', vi: 'Thẻ BHYT sai ngày sinh', en: 'Date of birth does not match the card', action: CHECK_IDENTITY },
  '100': { outcome: 'unavailable', vi: 'Lỗi khi lấy dữ liệu sổ thẻ', en: 'Error retrieving card-register data', action: RETRY_LATER },
  '101': { outcome: 'unavailable', vi: 'Lỗi server', en: 'Gateway server error', action: RETRY_LATER },
  '110': { outcome: 'ineligible', vi: 'Thẻ BHYT đã thu hồi', en: 'Card withdrawn', action: NOT_COVERED },
  '120': { outcome: 'ineligible', vi: 'Thẻ BHYT đã báo giảm', en: 'Card reported reduced (terminated)', action: NOT_COVERED },
  '121': { outcome: 'ineligible', vi: 'Thẻ BHYT đã báo giảm chuyển ngoại tỉnh', en: 'Terminated: moved to another province', action: NOT_COVERED },
  '122': { outcome: 'ineligible', vi: 'Thẻ BHYT đã báo giảm chuyển nội tỉnh', en: 'Terminated: moved within the province', action: NOT_COVERED },
  '123': {
    outcome: 'ineligible',
    vi: 'Thẻ BHYT đã báo giảm do tăng lại cùng đơn vị',
    en: 'Terminated: re-enrolled at the same unit (a newer card likely exists)',
    action: NOT_COVERED,
  },
  '124': { outcome: 'ineligible', vi: 'Thẻ BHYT đã báo giảm ngừng tham gia', en: 'Terminated: stopped participating', action: NOT_COVERED },
  '130': { outcome: 'ineligible', vi: 'Trẻ em không xuất trình thẻ BHYT', en: 'Child did not present a BHYT card', action: CHECK_PAPERS },
  '205': { outcome: 'inputError', vi: 'Lỗi sai định dạng tham số', en: 'Parameter format error', action: CHECK_INPUT },
  '401': { outcome: 'unavailable', vi: 'Lỗi xác thực tài khoản', en: 'Account authentication error', action: RETRY_LATER },
  '500': { outcome: 'unavailable', vi: 'Lỗi máy chủ', en: 'Server error', action: RETRY_LATER },
};

/** The 26 codes of the official list (500 is seen in the wild but not in the list). */
export const OFFICIAL_CODES: readonly string[] = Object.keys(RESULT_CODES).filter((c) => c !== '500');

export function describeResultCode(code: string): ResultCodeInfo {
  return (
    RESULT_CODES[code] ?? {
      outcome: 'unavailable',
      vi: `Mã kết quả lạ từ cổng BHXH (${code})`,
      en: `Unknown result code from the BHXH gateway (${code})`,
      action: RETRY_LATER,
    }
  );
}
