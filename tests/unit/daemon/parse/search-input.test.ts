import t from 'tap';
import { parseSearchInput, type SearchResult } from '../../../../daemon/src/parse/index.ts';

const TODAY = '2026-11-23';
const s = (x: string): SearchResult => parseSearchInput(x, TODAY);
const code = (r: SearchResult): string => (r.ok ? r.kind : r.error.code);

t.test('a 12-digit ID typed with spaces, dots, dashes or full-width digits', async (t) => {
  for (const input of ['001089012345', '0010 8901 2345', '001.089.012.345', '001-089-012-345', '００１０８９０１２３４５', ' 001089012345 ']) {
    t.match(s(input), { ok: true, kind: 'cccd', value: '001089012345', province: 'Hà Nội', birthYear: 1989, sex: 'M' }, JSON.stringify(input));
  }
});

t.test('old CMND, BHXH number and BHYT code are told apart by shape', async (t) => {
  t.match(s('013456789'), { ok: true, kind: 'cmnd', value: '013456789' });
  t.match(s('01 1234 5678'), { ok: true, kind: 'bhxh', value: '0112345678' });
  t.match(s('dn4 01 0123456789'), {
    ok: true,
    kind: 'bhyt',
    value: 'DN4010123456789',
    explained: {
      group: { code: 'DN', known: true, vi: /doanh nghiệp/ },
      level: { digit: '4', en: /80%/ },
      province: { code: '01', name: 'Hà Nội' },
      bhxh: '0123456789',
    },
  });
});

t.test('name and date of birth in the usual forms', async (t) => {
  t.match(s('Nguyễn Văn An 15/03/1989'), { ok: true, kind: 'nameDob', name: 'Nguyễn Văn An', dob: '1989-03-15' });
  t.match(s('Nguyễn Văn An, 15-03-1989'), { ok: true, kind: 'nameDob', dob: '1989-03-15' });
  t.match(s('15031989 Nguyễn Văn An'), { ok: true, kind: 'nameDob', name: 'Nguyễn Văn An' });
  const yearOnly = s('Nguyễn Văn An 1989');
  t.match(yearOnly, { ok: true, kind: 'nameDob', dob: '1989' });
  t.ok(yearOnly.ok && yearOnly.warnings.some((w) => w.code === 'dobYearOnly'));
  t.match(s('Nguyễn Văn An 15/03/1989'.normalize('NFD')), { ok: true, name: 'Nguyễn Văn An' }, 'NFD typed by an IME');
});

t.test('precise errors, in Vietnamese and English', async (t) => {
  const wrong = s('00108901234');
  t.equal(code(wrong), 'searchDigitCount');
  t.ok(!wrong.ok && wrong.error.vi.includes('11 chữ số') && wrong.error.en.includes('11 digits'), 'says how many digits were typed');
  t.equal(code(s('')), 'searchEmpty');
  t.equal(code(s('   ')), 'searchEmpty');
  t.equal(code(s('001099912345')), 'cccd', 'digit 0 + 99 = born 1999: fine');
});

t.test('a future birth year inside the ID is refused', async (t) => {
  t.equal(code(s('001299012345')), 'idFutureYear', 'digit 2 + 99 = 2099');
  t.equal(code(s('001226012345')), 'cccd', '2026 is not in the future');
});

t.test('BHYT code problems are named', async (t) => {
  t.equal(code(s('DN6010123456789')), 'bhytLevel');
  t.equal(code(s('DN401012345')), 'bhytShape');
  const unknownGroup = s('QQ4010123456789');
  t.ok(unknownGroup.ok && unknownGroup.warnings.some((w) => w.code === 'bhytGroupUnknown'));
});

t.test('name searches need a date of birth', async (t) => {
  t.equal(code(s('Nguyễn Văn An')), 'nameNeedsDob');
  t.equal(code(s('Nguyễn Văn An 31/02/1989')), 'dobInvalid');
  t.equal(code(s('Nguyễn Văn An 15/03/2099')), 'dobInvalid', 'born in the future');
  t.equal(code(s('An 15/03/1989')), 'nameInvalid', 'one word is not a full name');
  t.equal(code(s('#$%')), 'searchUnrecognized');
});
