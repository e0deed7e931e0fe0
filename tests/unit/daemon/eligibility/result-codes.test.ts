// What the receptionist is told for each answer of the card check: the official Vietnamese text of
// every maKetQua (docs/research/eligibility-gateway.md §4.1, verbatim from CV 1923 Phụ lục 03), an
// English one, the outcome the desk acts on, and an action in both languages. Also what is shown when
// no maKetQua came back at all (a timeout, a restricted account, refused credentials).

import t from 'tap';
import {
  describeResultCode,
  GATEWAY_STATE_TEXT,
  OFFICIAL_CODES,
  RESULT_CODES,
  type GatewayStateCode,
} from '../../../../daemon/src/eligibility/result-codes.ts';

// §4.1: code, class at reception, the official Vietnamese text.
const OFFICIAL: Array<[string, string, string]> = [
  ['000', 'eligible', 'Thông tin thẻ BHYT chính xác'],
  ['001', 'eligible', 'Thẻ BHYT do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra thẻ BHYT và thông tin giấy tờ tùy thân'],
  ['002', 'eligible', 'Thẻ BHYT do BHXH Bộ Công an quản lý, đề nghị kiểm tra thẻ BHYT và thông tin giấy tờ tùy thân'],
  ['003', 'eligibleNewCard', 'Thẻ BHYT cũ hết giá trị sử dụng, được cấp thẻ mới'],
  ['004', 'eligibleNewCard', 'Thẻ BHYT cũ còn giá trị sử dụng, được cấp thẻ mới'],
  ['010', 'ineligible', 'Thẻ BHYT hết giá trị sử dụng'],
  ['050', 'ineligible', 'Không có thông tin thẻ BHYT'],
  ['051', 'inputError', 'Mã thẻ BHYT không đúng'],
  ['052', 'inputError', 'Mã tỉnh cấp thẻ BHYT (ký tự thứ 4,5) của thẻ BHYT không đúng'],
  ['053', 'inputError', 'Mã quyền lợi BHYT (ký tự thứ 3) của thẻ BHYT không đúng'],
  ['054', 'inputError', 'Số CCCD của cán bộ thực hiện tra cứu không tồn tại trong danh sách người sử dụng do CSKCB đăng ký'],
  ['055', 'inputError', 'Họ và tên của cán bộ thực hiện tra cứu không khớp với số CCCD'],
  ['060', 'identityMismatch', 'Thẻ BHYT sai họ tên'],
  ['061', 'identityMismatch', 'Thẻ BHYT sai họ tên (đúng ký tự đầu)'],
  ['070', 'identityMismatch', 'Thẻ BHYT sai ngày sinh'],
  ['100', 'unavailable', 'Lỗi khi lấy dữ liệu sổ thẻ'],
  ['101', 'unavailable', 'Lỗi server'],
  ['110', 'ineligible', 'Thẻ BHYT đã thu hồi'],
  ['120', 'ineligible', 'Thẻ BHYT đã báo giảm'],
  ['121', 'ineligible', 'Thẻ BHYT đã báo giảm chuyển ngoại tỉnh'],
  ['122', 'ineligible', 'Thẻ BHYT đã báo giảm chuyển nội tỉnh'],
  ['123', 'ineligible', 'Thẻ BHYT đã báo giảm do tăng lại cùng đơn vị'],
  ['124', 'ineligible', 'Thẻ BHYT đã báo giảm ngừng tham gia'],
  ['130', 'ineligible', 'Trẻ em không xuất trình thẻ BHYT'],
  ['205', 'inputError', 'Lỗi sai định dạng tham số'],
  ['401', 'unavailable', 'Lỗi xác thực tài khoản'],
];

t.test('the official list: exactly the 26 codes of Phụ lục 03, 500 known but not among them', async (t) => {
  t.same([...OFFICIAL_CODES].sort(), OFFICIAL.map(([c]) => c).sort());
  t.notOk(OFFICIAL_CODES.includes('500'));
  t.ok(RESULT_CODES['500'], '500 (seen in vendor code) is still described');
});

t.test('each code: the official Vietnamese text and the outcome the desk acts on', async (t) => {
  for (const [code, outcome, vi] of OFFICIAL) {
    const info = describeResultCode(code);
    t.equal(info.outcome, outcome, `${code} is ${outcome}`);
    t.equal(info.vi, vi, `${code}: the official text`);
  }
  t.match(describeResultCode('500'), { outcome: 'unavailable', vi: 'Lỗi máy chủ' });
});

t.test('every code has an English text and an action in both languages', async (t) => {
  for (const [code, info] of Object.entries(RESULT_CODES)) {
    t.ok(info.en.trim().length > 0 && info.en !== info.vi, `${code}: English text`);
    t.ok(info.action.vi.trim().length > 0 && info.action.en.trim().length > 0, `${code}: action in Vietnamese and English`);
  }
});

t.test('the action says what to do at the desk', async (t) => {
  t.match(describeResultCode('000').action, { en: /Register for insured care/ });
  t.match(describeResultCode('001').action, { vi: /Bộ Quốc phòng/, en: /Ministry of Defence/ }, 'a defence-fund card: check by hand');
  t.match(describeResultCode('002').action, { vi: /Bộ Công an/, en: /Public Security/ }, 'a police-fund card: check by hand');
  for (const code of ['003', '004']) t.match(describeResultCode(code).action, { vi: /maTheMoi/, en: /new card code/ }, `${code}: register on the new card`);
  for (const code of ['054', '055']) t.match(describeResultCode(code).action, { vi: /CNTT/, en: /Tell IT/ }, `${code}: the officer's registration, for IT`);
  for (const code of ['051', '052', '053', '205']) t.match(describeResultCode(code).action, { en: /Check the card code/ }, `${code}: check what was typed`);
  for (const code of ['060', '061', '070'])
    t.match(describeResultCode(code).action, { en: /Compare name and date of birth/ }, `${code}: compare with the papers`);
  for (const code of ['100', '101', '401', '500'])
    t.match(describeResultCode(code).action, { vi: /đăng ký tạm/, en: /register provisionally.*retried automatically/ }, `${code}: never blocks reception`);
});

t.test('an unknown code is shown with its number and treated as unavailable (checked again later)', async (t) => {
  const info = describeResultCode('090');
  t.equal(info.outcome, 'unavailable');
  t.match(info.vi, '(090)');
  t.match(info.en, /Unknown result code.*\(090\)/);
  t.same(info.action, describeResultCode('101').action, 'the same action as a gateway error');
});

t.test('answers that are not a maKetQua: each in both languages with its action', async (t) => {
  const states: GatewayStateCode[] = [
    'timeout',
    'network',
    'http',
    'malformed',
    'rejected',
    'accountRestricted',
    'credentials',
    'circuitOpen',
    'accountHalted',
    'unanswered',
  ];
  t.same(Object.keys(GATEWAY_STATE_TEXT).sort(), [...states].sort(), 'every state has a text');
  for (const s of states) {
    const x = GATEWAY_STATE_TEXT[s];
    t.ok(x.vi && x.en && x.action.vi && x.action.en, `${s}: texts and action in both languages`);
    t.equal(x.outcome, s === 'rejected' ? 'inputError' : 'unavailable', `${s}: ${x.outcome}`);
  }
  t.match(
    GATEWAY_STATE_TEXT.accountRestricted,
    { en: /restricted/, action: { vi: /liên hệ BHXH/, en: /contact BHXH.*Resume lookups/ } },
    'a restricted account: call BHXH',
  );
  t.match(GATEWAY_STATE_TEXT.credentials.action, { en: /gateway\.username, gateway\.password/ }, 'refused credentials: which settings to fix');
  t.match(GATEWAY_STATE_TEXT.rejected.action, { en: /HTTP 400/ });
  t.match(GATEWAY_STATE_TEXT.unanswered.action, { en: /by hand/ });
});
