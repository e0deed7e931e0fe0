// The whole gateway answer, without a network: every card field of the §3.3 table of docs/research/eligibility-gateway.md
// reaches the wire message and FHIR Coverage; codes carry BHXH's own wording (S1 §4, as quoted in
// docs/research/eligibility-gateway.md §4.1); the defence/police fund cards get their own guidance.

import t from 'tap';
import type { IdentityView } from '../../../../daemon/src/api/contract.ts';
import { answerMessage } from '../../../../daemon/src/eligibility/answer-message.ts';
import { toCoverage } from '../../../../daemon/src/fhir/fhir.ts';
import { describeResultCode } from '../../../../daemon/src/eligibility/result-codes.ts';

const GATEWAY = {
  maKetQua: '004',
  maThe: 'DN4510112345678',
  gtTheTu: '01/01/2026',
  gtTheDen: '31/12/2026',
  maDKBD: '51001',
  maSoBHXH: '5112345678',
  ngayDu5Nam: '01/06/2021',
  maKV: 'K2',
  maTheCu: '',
  maTheMoi: 'HT3510112345678',
  gtTheTuMoi: '01/01/2027',
  gtTheDenMoi: '31/12/2027',
  maDKBDMoi: '51017',
  tenDKBDMoi: 'Trạm Y tế xã Tịnh Hà',
};
const identity: IdentityView = {
  kind: 'cccd2021',
  id: '051089012345',
  cardCode: null,
  oldId: null,
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: '',
  issueDate: null,
};

t.test('every card field reaches the message and FHIR Coverage', async (t) => {
  const info = describeResultCode('004');
  const m = answerMessage(
    { outcome: info.outcome, code: '004', vi: info.vi, en: info.en, action: info.action, checkedAt: '2026-12-01T03:00:00.000Z', card: GATEWAY, mismatch: null },
    { ref: { eventId: 7, deviceId: 'quay-1', desk: 'desk-1' }, simulated: false, verification: 'verified' },
  );
  const { maKetQua: _code, maTheCu: _old, ...fields } = GATEWAY;
  t.same(m.card, fields, 'all twelve fields, none dropped');
  const c = toCoverage('Patient/tiepnhan-1', m, identity)!;
  t.same(c['identifier'], [
    { use: 'official', system: 'urn:vn:bhyt:the', value: 'HT3510112345678' },
    { use: 'old', system: 'urn:vn:bhyt:the', value: 'DN4510112345678' },
    { use: 'secondary', system: 'urn:vn:bhxh:maso', value: '5112345678' },
  ]);
  t.same(c['period'], { start: '2027-01-01', end: '2027-12-31' }, 'the new card’s validity');
  t.same(c['extension'], [
    { url: 'urn:tiepnhan:fhir:bhyt:ngayDu5Nam', valueDate: '2021-06-01' },
    { url: 'urn:tiepnhan:fhir:bhyt:maKV', valueCode: 'K2' },
    { url: 'urn:tiepnhan:fhir:bhyt:maDKBD', valueIdentifier: { system: 'urn:vn:bhyt:cskcb', value: '51017' } },
    { url: 'urn:tiepnhan:fhir:bhyt:tenDKBD', valueString: 'Trạm Y tế xã Tịnh Hà' },
  ]);
  const empty = answerMessage(
    {
      outcome: 'eligible',
      code: '000',
      vi: '',
      en: '',
      action: { vi: '', en: '' },
      checkedAt: '',
      card: { maThe: 'DN4510112345678', maKV: '' },
      mismatch: null,
    },
    { ref: { eventId: 8, deviceId: 'q', desk: 'd' }, simulated: false, verification: 'verified' },
  );
  t.equal(empty.card?.maKV, null, 'an empty string from the gateway is null');
  t.notOk('extension' in toCoverage('Patient/x', empty, identity)!, 'no empty extension array');
});

t.test('codes in BHXH’s own words; the defence and police fund cards get their own guidance', async (t) => {
  // docs/research/eligibility-gateway.md §4.1 (S1): the texts that were shortened before.
  const S1: Record<string, string> = {
    '001': 'Thẻ BHYT do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra thẻ BHYT và thông tin giấy tờ tùy thân',
    '002': 'Thẻ BHYT do BHXH Bộ Công an quản lý, đề nghị kiểm tra thẻ BHYT và thông tin giấy tờ tùy thân',
    '052': 'Mã tỉnh cấp thẻ BHYT (ký tự thứ 4,5) của thẻ BHYT không đúng',
    '053': 'Mã quyền lợi BHYT (ký tự thứ 3) của thẻ BHYT không đúng',
    '054': 'Số CCCD của cán bộ thực hiện tra cứu không tồn tại trong danh sách người sử dụng do CSKCB đăng ký',
    '055': 'Họ và tên của cán bộ thực hiện tra cứu không khớp với số CCCD',
  };
  for (const [code, vi] of Object.entries(S1)) t.equal(describeResultCode(code).vi, vi, code);
  t.match(describeResultCode('001').action, { vi: /Bộ Quốc phòng.*không xác minh được/, en: /Ministry of Defence/ });
  t.match(describeResultCode('002').action, { vi: /Bộ Công an.*không xác minh được/, en: /Public Security/ });
  t.not(describeResultCode('001').action.vi, describeResultCode('000').action.vi);
});
