// XML0 for one registration (docs/research/checkin-xml0.md §2): the row built from what reception
// knows (the card's identity, the card check's answer, the department, the time), with dates in
// Vietnam time and the formats of the table, the new card used when the gateway issued one (003/004),
// and the document in which every field comes back exactly as written (a name with "&" or quotes
// included) with an empty CHUKYDONVI waiting for the signature.

import { DOMParser } from '@xmldom/xmldom';
import t from 'tap';
import type { EligibilityCard, IdentityView } from '../../../../daemon/src/api/contract.ts';
import { birthDateTime, cardDate, vnDateTime, xml0Document, xml0Row, type Xml0Input } from '../../../../daemon/src/checkin/xml0-document.ts';
import { XML0_FIELDS, xml0Problems } from '../../../../daemon/src/checkin/xml0-table.ts';

const AN: IdentityView = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
  issueDate: '2021-04-20',
};
const CARD: EligibilityCard = {
  maThe: 'DN4010123456789',
  gtTheTu: '01/01/2026',
  gtTheDen: '31/12/2026',
  maDKBD: '01001',
  maSoBHXH: '0123456789',
  ngayDu5Nam: null,
  maKV: null,
  maTheMoi: null,
  gtTheTuMoi: null,
  gtTheDenMoi: null,
  maDKBDMoi: null,
  tenDKBDMoi: null,
};
const INPUT: Xml0Input = {
  maLk: '01001.20261201.7',
  patientId: 42,
  identity: AN,
  card: CARD,
  registeredAt: new Date('2026-12-01T02:05:00Z'),
  facilityCode: '01001',
  department: { serviceCode: '02.1896', serviceName: 'Khám bệnh Nội', visitCategory: '1', careType: '01' },
};

t.test('times are written yyyymmddHHMM in Vietnam time (UTC+7), across midnight and new year', async (t) => {
  const cases: Array<[string, string]> = [
    ['2026-12-01T02:05:00Z', '202612010905'],
    ['2026-12-01T16:59:00Z', '202612012359'],
    ['2026-12-01T17:00:00Z', '202612020000'],
    ['2026-12-31T17:30:00Z', '202701010030'],
    ['2028-02-28T17:00:00Z', '202802290000'],
  ];
  for (const [utc, vn] of cases) t.equal(vnDateTime(new Date(utc)), vn, utc);
});

t.test('a birth date with unknown parts written as zeros', async (t) => {
  const cases: Array<[string, string]> = [
    ['1989-03-15', '198903150000'],
    ['1989-03', '198903000000'],
    ['1989', '198900000000'],
  ];
  for (const [dob, want] of cases) t.equal(birthDateTime(dob), want, dob);
});

t.test("the gateway's dd/MM/yyyy card dates as yyyymmdd; anything else as empty", async (t) => {
  const cases: Array<[string | null, string]> = [
    ['01/01/2026', '20260101'],
    ['31/12/2026', '20261231'],
    [null, ''],
    ['', ''],
    ['1/1/2026', ''],
    ['2026-01-01', ''],
    ['01/01/26', ''],
  ];
  for (const [input, want] of cases) t.equal(cardDate(input), want, String(input));
});

t.test('the row from a registration: identity, card, department and time', async (t) => {
  const row = xml0Row(INPUT);
  t.same(
    Object.keys(row),
    XML0_FIELDS.map((f) => f.name),
    "every field of the table, in the table's order",
  );
  t.same(row, {
    MA_LK: '01001.20261201.7',
    STT: 1,
    MA_BN: 'BN42',
    HO_TEN: 'Nguyễn Văn An',
    SO_CCCD: '001089012345',
    NGAY_SINH: '198903150000',
    GIOI_TINH: 1,
    MA_THE_BHYT: 'DN4010123456789',
    MA_DKBD: '01001',
    GT_THE_TU: '20260101',
    GT_THE_DEN: '20261231',
    MA_DOITUONG_KCB: '1',
    NGAY_VAO: '202612010905',
    NGAY_VAO_NOI_TRU: '',
    LY_DO_VNT: '',
    MA_LY_DO_VNT: '',
    MA_LOAI_KCB: '01',
    MA_CSKCB: '01001',
    MA_DICH_VU: '02.1896',
    TEN_DICH_VU: 'Khám bệnh Nội',
    MA_THUOC: '',
    TEN_THUOC: '',
    MA_VAT_TU: '',
    TEN_VAT_TU: '',
    NGAY_YL: '202612010905',
    DU_PHONG: '',
  });
  t.same(xml0Problems(row), [], 'a valid row');
});

t.test('sex, a patient not yet in the index, an ID card without a CCCD number', async (t) => {
  t.equal(xml0Row({ ...INPUT, identity: { ...AN, sex: 'F' } }).GIOI_TINH, 2, 'Nữ is 2');
  t.equal(xml0Row({ ...INPUT, patientId: null }).MA_BN, '', 'no patient code: empty');
  t.equal(xml0Row({ ...INPUT, identity: { ...AN, id: null } }).SO_CCCD, '');
  t.equal(xml0Row({ ...INPUT, identity: { ...AN, dob: '1989' } }).NGAY_SINH, '198900000000', 'a card with the birth year only');
});

t.test('a new card issued (003/004): its code, validity and primary facility are checked in, not the old ones', async (t) => {
  const card = { ...CARD, maTheMoi: 'DN4010999999999', gtTheTuMoi: '01/07/2026', gtTheDenMoi: '30/06/2027', maDKBDMoi: '01002' };
  t.match(xml0Row({ ...INPUT, card }), { MA_THE_BHYT: 'DN4010999999999', MA_DKBD: '01002', GT_THE_TU: '20260701', GT_THE_DEN: '20270630' });
  t.match(xml0Row({ ...INPUT, card: { ...CARD, maTheMoi: '' } }), { MA_THE_BHYT: 'DN4010123456789' }, 'an empty maTheMoi is no new card');
});

t.test('a patient without insurance: the card fields are empty', async (t) => {
  const empty = Object.fromEntries(Object.keys(CARD).map((k) => [k, null])) as unknown as EligibilityCard;
  t.match(xml0Row({ ...INPUT, card: empty }), { MA_THE_BHYT: '', MA_DKBD: '', GT_THE_TU: '', GT_THE_DEN: '' });
  t.match(xml0Row({ ...INPUT, card: {} as EligibilityCard }), { MA_THE_BHYT: '', MA_DKBD: '', GT_THE_TU: '', GT_THE_DEN: '' }, 'no card at all');
});

t.test('the document: declaration, the one row in the table order, an empty CHUKYDONVI', async (t) => {
  const xml = xml0Document(xml0Row(INPUT));
  t.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<CHI_TIEU_TRANG_THAI_KCB><DSACH_TRANG_THAI_KCB><TRANG_THAI_KCB><MA_LK>'));
  t.ok(xml.endsWith('</TRANG_THAI_KCB></DSACH_TRANG_THAI_KCB><CHUKYDONVI></CHUKYDONVI></CHI_TIEU_TRANG_THAI_KCB>'));
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement!;
  t.equal(root.nodeName, 'CHI_TIEU_TRANG_THAI_KCB');
  t.same(
    Array.from(root.childNodes).map((n) => n.nodeName),
    ['DSACH_TRANG_THAI_KCB', 'CHUKYDONVI'],
  );
  const rows = doc.getElementsByTagName('TRANG_THAI_KCB');
  t.equal(rows.length, 1);
  t.same(
    Array.from(rows[0]!.childNodes).map((n) => n.nodeName),
    XML0_FIELDS.map((f) => f.name),
  );
  t.equal(doc.getElementsByTagName('STT')[0]?.textContent, '1');
  t.equal(doc.getElementsByTagName('CHUKYDONVI')[0]?.childNodes.length, 0);
  t.equal(xml0Document(xml0Row(INPUT), { declaration: false }).slice(0, 25), '<CHI_TIEU_TRANG_THAI_KCB>', 'without the declaration (open question 6)');
});

t.test('text comes back exactly as written: XML characters escaped, Vietnamese intact', async (t) => {
  const name = `Nguyễn Thị "Bé" <Tí> & O'Hoà`;
  const xml = xml0Document(xml0Row({ ...INPUT, identity: { ...AN, name }, department: { ...INPUT.department, serviceName: 'Khám <Nội> & "Ngoại"' } }));
  t.match(xml, '<HO_TEN>Nguyễn Thị &quot;Bé&quot; &lt;Tí&gt; &amp; O&apos;Hoà</HO_TEN>');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  t.equal(doc.getElementsByTagName('HO_TEN')[0]?.textContent, name);
  t.equal(doc.getElementsByTagName('TEN_DICH_VU')[0]?.textContent, 'Khám <Nội> & "Ngoại"');
});
