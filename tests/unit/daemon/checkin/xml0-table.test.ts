// The XML0 table (QĐ 4750, docs/research/checkin-xml0.md §2) and the check of a row before it is
// signed: a field too long, of the wrong shape or missing never leaves the facility, and the problems
// are listed by field for the technician who has to fix the configuration or the data.

import t from 'tap';
import { XML0_FIELDS, xml0Problems, type Xml0Row } from '../../../../daemon/src/checkin/xml0-table.ts';

// §2, in document order, with the maximum lengths of the QĐ 4750 table (STT and GIOI_TINH: digits).
// DU_PHONG has no length there: 1024 is the project's own limit.
const TABLE: Array<[string, 'string' | 'number', number]> = [
  ['MA_LK', 'string', 100],
  ['STT', 'number', 10],
  ['MA_BN', 'string', 100],
  ['HO_TEN', 'string', 255],
  ['SO_CCCD', 'string', 15],
  ['NGAY_SINH', 'string', 12],
  ['GIOI_TINH', 'number', 1],
  ['MA_THE_BHYT', 'string', 15],
  ['MA_DKBD', 'string', 5],
  ['GT_THE_TU', 'string', 8],
  ['GT_THE_DEN', 'string', 8],
  ['MA_DOITUONG_KCB', 'string', 4],
  ['NGAY_VAO', 'string', 12],
  ['NGAY_VAO_NOI_TRU', 'string', 12],
  ['LY_DO_VNT', 'string', 1024],
  ['MA_LY_DO_VNT', 'string', 5],
  ['MA_LOAI_KCB', 'string', 2],
  ['MA_CSKCB', 'string', 5],
  ['MA_DICH_VU', 'string', 50],
  ['TEN_DICH_VU', 'string', 1024],
  ['MA_THUOC', 'string', 255],
  ['TEN_THUOC', 'string', 1024],
  ['MA_VAT_TU', 'string', 255],
  ['TEN_VAT_TU', 'string', 1024],
  ['NGAY_YL', 'string', 12],
  ['DU_PHONG', 'string', 1024],
];

const ROW: Xml0Row = {
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
  TEN_DICH_VU: 'Khám Nội',
  MA_THUOC: '',
  TEN_THUOC: '',
  MA_VAT_TU: '',
  TEN_VAT_TU: '',
  NGAY_YL: '202612010905',
  DU_PHONG: '',
};

t.test("the fields of TRANG_THAI_KCB in the table's order, with their types and lengths", async (t) => {
  t.same(
    XML0_FIELDS.map((f) => [f.name, f.type, f.max]),
    TABLE,
  );
});

t.test('a complete row has no problem; optional fields may be empty', async (t) => {
  t.same(xml0Problems(ROW), []);
  t.same(
    xml0Problems({ ...ROW, MA_BN: '', SO_CCCD: '', MA_THE_BHYT: '', MA_DKBD: '', GT_THE_TU: '', GT_THE_DEN: '' }),
    [],
    'a patient without insurance or CCCD',
  );
  t.same(xml0Problems({ ...ROW, HO_TEN: 'Ễ'.repeat(255) }), [], '255 Vietnamese letters fit (characters, not bytes)');
  t.same(xml0Problems({ ...ROW, SO_CCCD: '001089012345678' }), [], 'up to 15 digits');
});

const BAD: Array<[string, Partial<Xml0Row>, string[]]> = [
  ['a name too long', { HO_TEN: 'A'.repeat(256) }, ['HO_TEN: must NOT have more than 255 characters']],
  ['a 17-character card code', { MA_THE_BHYT: 'DN40101234567890X' }, ['MA_THE_BHYT: must NOT have more than 15 characters']],
  ['a facility code too long', { MA_CSKCB: '0100199' }, ['MA_CSKCB: must NOT have more than 5 characters']],
  ['a birth date as dd/MM/yyyy', { NGAY_SINH: '15/03/1989' }, ['NGAY_SINH: must match pattern "^(?:\\d{12})?$"']],
  [
    'a card date with the time',
    { GT_THE_DEN: '202612312359' },
    ['GT_THE_DEN: must NOT have more than 8 characters', 'GT_THE_DEN: must match pattern "^(?:\\d{8})?$"'],
  ],
  ['an arrival time without minutes', { NGAY_VAO: '2026120109' }, ['NGAY_VAO: must match pattern "^(?:\\d{12})?$"']],
  ['letters in the CCCD', { SO_CCCD: '00108901234X' }, ['SO_CCCD: must match pattern "^(?:\\d+)?$"']],
  ['sex as text', { GIOI_TINH: 'Nam' }, ['GIOI_TINH: must be integer']],
  ['sex with two digits', { GIOI_TINH: 10 }, ['GIOI_TINH: must be <= 9']],
  ['a fractional row number', { STT: 1.5 }, ['STT: must be integer']],
  ['a negative row number', { STT: -1 }, ['STT: must be >= 0']],
  ['a number where text belongs', { MA_DICH_VU: 21896 }, ['MA_DICH_VU: must be string']],
];

t.test('each problem is named by its field', async (t) => {
  for (const [what, change, problems] of BAD) t.same(xml0Problems({ ...ROW, ...change } as Xml0Row), problems, what);
});

t.test('a missing field is named; every problem of a row is listed at once', async (t) => {
  const { MA_THE_BHYT: _card, MA_CSKCB: _facility, ...rest } = ROW;
  t.same(xml0Problems(rest), ["MA_THE_BHYT: must have required property 'MA_THE_BHYT'", "MA_CSKCB: must have required property 'MA_CSKCB'"]);
  t.equal(xml0Problems({ ...ROW, HO_TEN: 'A'.repeat(300), NGAY_SINH: 'x', GIOI_TINH: 'Nữ' }).length, 3, 'three problems, three lines');
});

t.test('a field outside the table is refused', async (t) => {
  const problems = xml0Problems({ ...ROW, GHI_CHU: 'x' });
  t.equal(problems.length, 1);
  t.match(problems[0], /must NOT have additional properties/);
});

t.test('checking does not change the row', async (t) => {
  const row = { ...ROW, HO_TEN: 'A'.repeat(256) };
  const copy = structuredClone(row);
  xml0Problems(row);
  t.same(row, copy);
});
