// The 26 official `maKetQua` codes of KQNhanLichSuKCB2024 (CV 1923/BHXH-CNTT, Phụ lục 03) plus 500,
// each mapped to what reception should do. Source: docs/research/eligibility-gateway.md §4.1.

import type { EligibilityOutcome } from '../api/contract.ts';
import type { Message } from '../parse/messages.ts';

export type { EligibilityOutcome };

export interface ResultCodeInfo extends Message {
  readonly outcome: EligibilityOutcome;
  readonly action: Message;
}

const act = (vi: string, en: string): Message => ({ vi, en });
const REGISTER = act('Đăng ký khám BHYT bình thường.', 'Register for insured care as usual.');
const CHECK_PAPERS = act('Kiểm tra thẻ BHYT và giấy tờ tùy thân trực tiếp, rồi đăng ký.', 'Check the insurance card and ID papers by hand, then register.');
// 001/002: the card belongs to the Ministry of Defence / Public Security funds, whose registers the
// portal does not hold (docs/research/eligibility-gateway.md §4.1 "VALID-MANUAL"): the desk checks by hand and registers.
const DEFENCE_FUND = act(
  'Thẻ của BHXH Bộ Quốc phòng: cổng BHXH không xác minh được. Đối chiếu thẻ BHYT (bản giấy hoặc trên ứng dụng) với giấy tờ tùy thân; nếu khớp, đăng ký khám BHYT và ghi chú "thẻ BQP".',
  'A Ministry of Defence fund card: the BHXH gateway cannot verify it. Compare the insurance card (paper or in the app) with the ID papers; if they match, register for insured care and note "Defence card".',
);
const POLICE_FUND = act(
  'Thẻ của BHXH Bộ Công an: cổng BHXH không xác minh được. Đối chiếu thẻ BHYT (bản giấy hoặc trên ứng dụng) với giấy tờ tùy thân; nếu khớp, đăng ký khám BHYT và ghi chú "thẻ BCA".',
  'A Ministry of Public Security fund card: the BHXH gateway cannot verify it. Compare the insurance card (paper or in the app) with the ID papers; if they match, register for insured care and note "Public Security card".',
);
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
    vi: 'Thẻ BHYT do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra thẻ BHYT và thông tin giấy tờ tùy thân',
    en: 'Card managed by the Ministry of Defence social security; check the insurance card and the ID papers',
    action: DEFENCE_FUND,
  },
  '002': {
    outcome: 'eligible',
    vi: 'Thẻ BHYT do BHXH Bộ Công an quản lý, đề nghị kiểm tra thẻ BHYT và thông tin giấy tờ tùy thân',
    en: 'Card managed by the Ministry of Public Security social security; check the insurance card and the ID papers',
    action: POLICE_FUND,
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
  '052': {
    outcome: 'inputError',
    vi: 'Mã tỉnh cấp thẻ BHYT (ký tự thứ 4,5) của thẻ BHYT không đúng',
    en: 'Wrong province code (characters 4–5)',
    action: CHECK_INPUT,
  },
  '053': {
    outcome: 'inputError',
    vi: 'Mã quyền lợi BHYT (ký tự thứ 3) của thẻ BHYT không đúng',
    en: 'Wrong benefit-level code (character 3)',
    action: CHECK_INPUT,
  },
  '054': {
    outcome: 'inputError',
    vi: 'Số CCCD của cán bộ thực hiện tra cứu không tồn tại trong danh sách người sử dụng do CSKCB đăng ký',
    en: "Officer's ID number is not in the facility's user list",
    action: FIX_OFFICER,
  },
  '055': {
    outcome: 'inputError',
    vi: 'Họ và tên của cán bộ thực hiện tra cứu không khớp với số CCCD',
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

/** Answers that are not a maKetQua: the transport failed, the gateway refused our request or our
 *  account, or the daemon itself held the call back. */
export type GatewayStateCode =
  'timeout' | 'network' | 'http' | 'malformed' | 'rejected' | 'accountRestricted' | 'credentials' | 'circuitOpen' | 'accountHalted' | 'unanswered';

const CALL_BHXH = act(
  'Báo quản trị viên: liên hệ BHXH (bộ phận CNTT tỉnh) để gỡ hạn chế tài khoản tra cứu, rồi bấm "Tiếp tục tra cứu" trên trang kỹ thuật. Trong lúc chờ: đăng ký tạm (chưa xác minh), các lượt tra cứu được giữ lại.',
  'Tell the administrator: contact BHXH (the provincial IT desk) to lift the lookup restriction on the account, then press "Resume lookups" on the technician page. Meanwhile register provisionally (unverified); lookups are kept.',
);
const FIX_CREDENTIALS = act(
  'Báo quản trị viên: tên đăng nhập / mật khẩu cổng BHXH trong cấu hình (gateway.username, gateway.password) bị từ chối; sửa rồi khởi động lại. Trong lúc chờ: đăng ký tạm (chưa xác minh).',
  'Tell the administrator: the BHXH gateway refused the configured username / password (gateway.username, gateway.password); fix them and restart. Meanwhile register provisionally (unverified).',
);
const FIX_REQUEST = act(
  'Cổng BHXH từ chối yêu cầu (HTTP 400): kiểm tra mã thẻ / ngày sinh đã nhập; nếu lặp lại, báo bộ phận CNTT.',
  'The BHXH gateway refused the request (HTTP 400): check the card code / date of birth; if it happens again, tell IT.',
);

export const GATEWAY_STATE_TEXT: Readonly<Record<GatewayStateCode, ResultCodeInfo>> = {
  timeout: { outcome: 'unavailable', vi: 'Cổng BHXH không trả lời kịp', en: 'The BHXH gateway did not answer in time', action: RETRY_LATER },
  network: { outcome: 'unavailable', vi: 'Không kết nối được cổng BHXH', en: 'Cannot reach the BHXH gateway', action: RETRY_LATER },
  http: { outcome: 'unavailable', vi: 'Cổng BHXH trả lỗi máy chủ', en: 'The BHXH gateway returned a server error', action: RETRY_LATER },
  malformed: { outcome: 'unavailable', vi: 'Cổng BHXH trả dữ liệu không đọc được', en: 'The BHXH gateway returned an unreadable answer', action: RETRY_LATER },
  rejected: { outcome: 'inputError', vi: 'Cổng BHXH từ chối yêu cầu tra cứu', en: 'The BHXH gateway refused the lookup request', action: FIX_REQUEST },
  accountRestricted: {
    outcome: 'unavailable',
    vi: 'Tài khoản tra cứu của cơ sở đang bị BHXH hạn chế ("Có lỗi xảy ra trong quá trình tra cứu!"): đã ngừng mọi lượt tra cứu',
    en: 'BHXH has restricted the facility\'s lookup account ("Có lỗi xảy ra trong quá trình tra cứu!"): all lookups stopped',
    action: CALL_BHXH,
  },
  credentials: {
    outcome: 'unavailable',
    vi: 'Cổng BHXH từ chối tài khoản (sai tên đăng nhập hoặc mật khẩu): đã ngừng tra cứu',
    en: 'The BHXH gateway refused the account (wrong username or password): lookups stopped',
    action: FIX_CREDENTIALS,
  },
  circuitOpen: {
    outcome: 'unavailable',
    vi: 'Cổng BHXH đang lỗi liên tục; tạm ngừng tra cứu, sẽ thử lại sau',
    en: 'The BHXH gateway keeps failing; lookups paused and retried later',
    action: RETRY_LATER,
  },
  unanswered: {
    outcome: 'unavailable',
    vi: 'Cổng BHXH không trả lời trong thời gian chờ: lượt tra cứu đã dừng, cần kiểm tra thẻ thủ công',
    en: 'The BHXH gateway never answered within the waiting time: the lookup was stopped; check the card by hand',
    action: act(
      'Kiểm tra thẻ BHYT trên cổng BHXH bằng tay nếu người bệnh còn ở cơ sở.',
      'Check the card on the BHXH portal by hand if the patient is still here.',
    ),
  },
  accountHalted: {
    outcome: 'unavailable',
    vi: 'Tra cứu đang tạm ngừng chờ quản trị viên xử lý tài khoản BHXH; lượt tra cứu được giữ lại',
    en: 'Lookups are on hold until the administrator sorts out the BHXH account; this lookup is kept',
    action: RETRY_LATER,
  },
};
