// The simulated gateway's card-check decision (KQNhanLichSuKCB2024; docs/research/eligibility-gateway.md
// §3.2–3.3, §4.1): which maKetQua a lookup gets and which card fields come with it. The desk's badge,
// the "wrong name / wrong date of birth" hint and the new-card notice are all built from this answer in
// simulation, so each rule a receptionist can run into is checked here: the officer fields (054/055),
// the three kinds of number, the card code's province and benefit digits, name matching that tells
// 060 from 061 and ignores case and spacing, and the date-of-birth formats.

import t from 'tap';
import { checkCard, type CardCheckRequest, type Officer } from '../../../../simulators/src/gateway/card-check.ts';
import { Population } from '../../../../simulators/src/gateway/population.ts';

const pop = new Population(1, 200);
const OFFICER: Officer = { name: 'Trần Thị Bình', cccd: '001190000002' };
const OFFICERS: readonly Officer[] = [{ name: 'Cán bộ tiếp đón', cccd: '001190000001' }, OFFICER];
// The README's demo person: DN4010112345678, BHXH number 0112345678, card valid through 2026.
const AN: CardCheckRequest = { maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989', hoTenCb: OFFICER.name, cccdCb: OFFICER.cccd };
const code = (req: CardCheckRequest): unknown => checkCard(req, pop, OFFICERS)['maKetQua'];
const without = (key: keyof CardCheckRequest): CardCheckRequest => Object.fromEntries(Object.entries(AN).filter(([k]) => k !== key));

t.test('the officer fields are checked first (205 "Null hoTenCb", 054, 055)', async (t) => {
  const cases: Array<[string, CardCheckRequest, string, string]> = [
    ['no officer name', without('hoTenCb'), '205', 'Null hoTenCb'],
    ['no officer name and nothing else either', { maThe: '' }, '205', 'Null hoTenCb'],
    ['an empty officer name', { ...AN, hoTenCb: '' }, '205', 'Null hoTenCb'],
    ['no officer CCCD', without('cccdCb'), '205', 'Lỗi sai định dạng tham số'],
    [
      'an officer CCCD not registered by the facility',
      { ...AN, cccdCb: '001190009999' },
      '054',
      'Số CCCD của cán bộ thực hiện tra cứu không tồn tại trong danh sách người sử dụng do CSKCB đăng ký',
    ],
    ["another officer's name", { ...AN, hoTenCb: 'Cán bộ tiếp đón' }, '055', 'Họ và tên của cán bộ thực hiện tra cứu không khớp với số CCCD'],
    ["an unknown officer even for a card that doesn't exist", { ...AN, maThe: '001099999990', cccdCb: '001190009999' }, '054', ''],
  ];
  for (const [what, req, want, note] of cases) {
    const a = checkCard(req, pop, OFFICERS);
    t.equal(a['maKetQua'], want, what);
    if (note) t.equal(a['ghiChu'], note, `${what}: its note`);
    t.notOk('hoTen' in a, `${what}: no card data`);
  }
  t.equal(code({ ...AN, hoTenCb: '  trần   THỊ bình ' }), '000', "the officer's name in another case and spacing still matches");
  t.equal(code({ ...AN, hoTenCb: OFFICER.name.normalize('NFD') }), '000', "the officer's name typed decomposed (NFD) still matches");
});

t.test('a missing lookup field is a parameter error (205)', async (t) => {
  for (const key of ['maThe', 'hoTen', 'ngaySinh'] as const) {
    t.same(checkCard(without(key), pop, OFFICERS), { maKetQua: '205', ghiChu: 'Lỗi sai định dạng tham số', dsLichSuKCB2018: null, dsLichSuKT2018: [] }, key);
  }
});

t.test('maThe: a 12-digit ID, a 10-digit BHXH number or a 15-character card code; a wrong code says which part is wrong', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['the ID number', '001089012345', '000'],
    ['the BHXH number', '0112345678', '000'],
    ['the card code', 'DN4010112345678', '000'],
    ['the card code in lower case with spaces around', '  dn4010112345678 ', '000'],
    ['an ID number nobody has', '001099999990', '050'],
    ['a BHXH number nobody has', '0199999999', '050'],
    ['a well-formed card code of an unknown number', 'DN4019999999999', '050'],
    ['the card code with the wrong province (characters 4–5)', 'DN4790112345678', '052'],
    ['the card code with the wrong benefit level (character 3)', 'DN5010112345678', '053'],
    ['the card code with the wrong group', 'HT4010112345678', '051'],
    ['a short code', 'ZZ1234', '051'],
    ['11 digits', '00108901234', '051'],
    ['a 17-character code', 'DN401011234567890', '051'],
  ];
  for (const [what, maThe, want] of cases) t.equal(code({ ...AN, maThe }), want, what);
});

t.test('the name: case, spacing and Unicode composition do not matter; the first character tells 060 from 061', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['as on the card', 'Nguyễn Văn An', '000'],
    ['in capitals, as the QR of an older card has it', 'NGUYỄN VĂN AN', '000'],
    ['with extra spaces', '  Nguyễn   Văn  An ', '000'],
    ['decomposed (NFD), as some keyboards type it', 'Nguyễn Văn An'.normalize('NFD'), '000'],
    ['a typo after the first letter', 'Nguyễn Văn Ân', '061'],
    ['without diacritics', 'Nguyen Van An', '061'],
    ['another first letter', 'Trần Văn An', '060'],
  ];
  for (const [what, hoTen, want] of cases) t.equal(code({ ...AN, hoTen }), want, what);
});

t.test('the date of birth: dd/MM/yyyy, ddMMyyyy, MM/yyyy or the year alone; anything else is 205', async (t) => {
  const cases: Array<[string, string]> = [
    ['15/03/1989', '000'],
    ['15031989', '000'],
    ['03/1989', '000'],
    ['1989', '000'],
    [' 1989 ', '000'],
    ['16/03/1989', '070'],
    ['04/1989', '070'],
    ['1990', '070'],
    ['15041989', '070'],
    ['1/2/3', '205'],
    ['15/3/1989', '205'],
    ['1989-03-15', '205'],
    ['89', '205'],
  ];
  for (const [ngaySinh, want] of cases) t.equal(code({ ...AN, ngaySinh }), want, ngaySinh);
});

t.test('which rule wins when several fail: the date format, then the name, then the date', async (t) => {
  t.equal(code({ ...AN, hoTen: 'Trần Văn An', ngaySinh: '1990' }), '060', 'a wrong name and a wrong year: the name');
  t.equal(code({ ...AN, hoTen: 'Trần Văn An', ngaySinh: '1989-03-15' }), '205', 'a wrong name and a malformed date: the format');
  t.equal(code({ ...AN, maThe: '001099999990', ngaySinh: '1989-03-15' }), '050', 'an unknown person and a malformed date: not found');
});

t.test('a valid card answers every field of §3.3 as strings, the history lists empty since CV 2746', async (t) => {
  const a = checkCard(AN, pop, OFFICERS);
  t.same(a, {
    maKetQua: '000',
    ghiChu: 'Thẻ còn giá trị sử dụng! Hạn thẻ: 01/01/2026 - 31/12/2026',
    maThe: 'DN4010112345678',
    hoTen: 'Nguyễn Văn An',
    ngaySinh: '15/03/1989',
    gioiTinh: 'Nam',
    diaChi: 'Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
    maDKBD: '01001',
    cqBHXH: 'Bảo hiểm Xã hội (mô phỏng)',
    gtTheTu: '01/01/2026',
    gtTheDen: '31/12/2026',
    maKV: '',
    ngayDu5Nam: '',
    maSoBHXH: '0112345678',
    maTheCu: '',
    maTheMoi: '',
    gtTheTuMoi: '',
    gtTheDenMoi: '',
    maDKBDMoi: '',
    tenDKBDMoi: '',
    dsLichSuKCB2018: null,
    dsLichSuKT2018: [],
  });
  t.equal(
    checkCard({ ...AN, maThe: '0112345678' }, pop, OFFICERS)['maThe'],
    'DN4010112345678',
    'looked up by BHXH number, the answer names the card code to store',
  );
});

t.test('a name or date mismatch comes with what the gateway holds; a refusal before finding the person carries nothing of anyone', async (t) => {
  t.match(checkCard({ ...AN, hoTen: 'Nguyễn Văn Ân' }, pop, OFFICERS), {
    maKetQua: '061',
    ghiChu: 'Thẻ BHYT sai họ tên (đúng ký tự đầu)',
    hoTen: 'Nguyễn Văn An',
  });
  t.match(checkCard({ ...AN, hoTen: 'Trần Văn An' }, pop, OFFICERS), { maKetQua: '060', ghiChu: 'Thẻ BHYT sai họ tên', hoTen: 'Nguyễn Văn An' });
  t.match(checkCard({ ...AN, ngaySinh: '1990' }, pop, OFFICERS), { maKetQua: '070', ghiChu: 'Thẻ BHYT sai ngày sinh', ngaySinh: '15/03/1989' });
  for (const maThe of ['001099999990', 'DN4790112345678', 'DN5010112345678', 'HT4010112345678']) {
    t.same(Object.keys(checkCard({ ...AN, maThe }, pop, OFFICERS)).sort(), ['dsLichSuKCB2018', 'dsLichSuKT2018', 'ghiChu', 'maKetQua'], maThe);
  }
});

t.test("a renewed card (003, 004): the new card's fields, and either card code finds the person", async (t) => {
  for (const [state, from, to] of [
    ['003', '01/01/2026', '31/12/2026'],
    ['004', '01/01/2027', '31/12/2027'],
  ] as const) {
    const p = pop.people.find((x) => x.state === state)!;
    const ask = (maThe: string) => checkCard({ maThe, hoTen: p.hoTen, ngaySinh: p.ngaySinh, hoTenCb: OFFICER.name, cccdCb: OFFICER.cccd }, pop, OFFICERS);
    t.match(
      ask(p.cccd),
      { maKetQua: state, maThe: p.maThe, maTheCu: p.maThe, maTheMoi: p.maTheMoi, gtTheTuMoi: from, gtTheDenMoi: to, maDKBDMoi: p.maDKBD, tenDKBDMoi: /\S/ },
      `${state}: the new card starts ${from}`,
    );
    t.equal(ask(p.maTheMoi)['maKetQua'], state, `${state}: by the new card code`);
    t.equal(ask(p.maThe)['maKetQua'], state, `${state}: by the old card code`);
  }
});

t.test("every card state is reported as the person's state", async (t) => {
  const states = new Set<string>();
  for (const p of pop.people.slice(0, 20)) {
    const a = checkCard({ maThe: p.cccd, hoTen: p.hoTen, ngaySinh: p.ngaySinh, hoTenCb: OFFICER.name, cccdCb: OFFICER.cccd }, pop, OFFICERS);
    t.equal(a['maKetQua'], p.state, `${p.state} by ID number`);
    t.equal(a['maThe'], p.maThe);
    states.add(p.state);
  }
  t.ok(states.size >= 15, 'all fifteen states were asked about');
});
