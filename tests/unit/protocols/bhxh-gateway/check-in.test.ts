// The check-in's acceptance rule (docs/research/checkin-xml0.md §4): a visit's XML0 counts as
// received by BHXH only with maKetQua "200" AND an empty thongDiep or exactly "Tiếp nhận thành công".
// The gateway also answers 200 with a refusal in thongDiep (an unsigned file, a duplicate MA_LK), so
// reading the code alone would tell the receptionist a refused check-in went through.

import t from 'tap';
import { CHECKIN_ACCEPTED_TEXT, CHECKIN_PATHS, checkInAccepted } from '../../../../protocols/bhxh-gateway/check-in.ts';
import { CheckinDesk } from '../../../../simulators/src/gateway/checkin.ts';

t.test('accepted only with 200 and an empty or the acceptance text', async (t) => {
  const cases: Array<[string, string, boolean, string]> = [
    ['200', '', true, 'code 200, no message'],
    ['200', 'Tiếp nhận thành công', true, 'code 200 with the acceptance text'],
    ['200', 'Hồ sơ chưa được ký số (CHUKYDONVI)', false, 'code 200 with a refusal (unsigned)'],
    ['200', 'MA_LK 01001.20261201.1 đã tồn tại trên hệ thống', false, 'code 200 with a refusal (duplicate MA_LK)'],
    ['200', 'Chữ ký số không hợp lệ', false, 'code 200 with a refusal (bad signature)'],
    ['200', 'tiếp nhận thành công', false, 'the acceptance text in another letter case is not the acceptance text'],
    ['200', 'Tiếp nhận thành công!', false, 'nor with anything added'],
    ['200', ' ', false, 'a blank message is not an empty one'],
    ['401', '', false, 'not authenticated'],
    ['403', 'Tiếp nhận thành công', false, 'the text without the code'],
    ['400', 'Sai cấu trúc bảng chỉ tiêu XML0', false, 'malformed document'],
    ['000', '', false, "the card check's success code is not the check-in's"],
    ['', '', false, 'no code at all'],
  ];
  for (const [code, text, want, what] of cases) t.equal(checkInAccepted(code, text), want, what);
  t.equal(CHECKIN_ACCEPTED_TEXT, 'Tiếp nhận thành công');
});

t.test('both check-in resources are declared, the QĐ 4750 one first (the default)', async (t) => {
  t.same([...CHECKIN_PATHS], ['/api/qd130/checkInKcbQd4750', '/api/qd130/checkInKcbQd3176']);
});

t.test("the simulated gateway's 200 with a refusal text is read as refused", async (t) => {
  const desk = new CheckinDesk(() => Date.parse('2026-12-01T02:05:00Z'));
  // A well-formed XML0 row (every field, in the table's order) without a signature.
  const fields: Array<[string, string]> = [
    ['MA_LK', '01001.20261201.1'],
    ['STT', '1'],
    ['MA_BN', 'BN1'],
    ['HO_TEN', 'Nguyễn Văn An'],
    ['SO_CCCD', '001089012345'],
    ['NGAY_SINH', '198903150000'],
    ['GIOI_TINH', '1'],
    ['MA_THE_BHYT', 'DN4010112345678'],
    ['MA_DKBD', '01001'],
    ['GT_THE_TU', '20260101'],
    ['GT_THE_DEN', '20261231'],
    ['MA_DOITUONG_KCB', '1'],
    ['NGAY_VAO', '202612010905'],
    ['NGAY_VAO_NOI_TRU', ''],
    ['LY_DO_VNT', ''],
    ['MA_LY_DO_VNT', ''],
    ['MA_LOAI_KCB', '01'],
    ['MA_CSKCB', '01001'],
    ['MA_DICH_VU', '02.1896'],
    ['TEN_DICH_VU', 'Khám bệnh Nội'],
    ['MA_THUOC', ''],
    ['TEN_THUOC', ''],
    ['MA_VAT_TU', ''],
    ['TEN_VAT_TU', ''],
    ['NGAY_YL', '202612010905'],
    ['DU_PHONG', ''],
  ];
  const row = fields.map(([name, value]) => `<${name}>${value}</${name}>`).join('');
  const xml = `<CHI_TIEU_TRANG_THAI_KCB><DSACH_TRANG_THAI_KCB><TRANG_THAI_KCB>${row}</TRANG_THAI_KCB></DSACH_TRANG_THAI_KCB><CHUKYDONVI/></CHI_TIEU_TRANG_THAI_KCB>`;
  const answer = await desk.receive(Buffer.from(xml).toString('base64'));
  t.same([answer.maKetQua, answer.thongDiep], ['200', 'Hồ sơ chưa được ký số (CHUKYDONVI)'], 'the simulator answers 200 with a refusal ...');
  t.notOk(checkInAccepted(answer.maKetQua, answer.thongDiep), '... and the rule reads it as refused');
});
