// The 12-digit personal ID PPP S YY RRRRRR: digit 4 gives century and sex, digits 5–6 the birth year
// (docs/research/qr-formats.md §2.1). There is no check digit, so this decoding is the only thing that
// catches a misread digit against the date of birth and sex beside it; and the sex word of the QR
// ("Nam" / "Nữ") must be read however it was composed.

import t from 'tap';
import { idFacts, parseSexWord } from '../../../../daemon/src/parse/personal-id.ts';

t.test('digit 4: century and sex, for every value', async (t) => {
  const cases: Array<[string, number, 'M' | 'F']> = [
    ['0', 1989, 'M'],
    ['1', 1989, 'F'],
    ['2', 2089, 'M'],
    ['3', 2089, 'F'],
    ['4', 2189, 'M'],
    ['5', 2189, 'F'],
    ['6', 2289, 'M'],
    ['7', 2289, 'F'],
    ['8', 2389, 'M'],
    ['9', 2389, 'F'],
  ];
  for (const [d, birthYear, sex] of cases) {
    const f = idFacts(`001${d}89012345`);
    t.same([f.birthYear, f.sex], [birthYear, sex], `digit 4 = ${d}`);
  }
});

t.test('the example IDs decode as the research note says (§1.8)', async (t) => {
  t.same(idFacts('001089012345'), { province: 'Hà Nội', birthYear: 1989, sex: 'M' });
  t.same(idFacts('079305001234'), { province: 'TP Hồ Chí Minh', birthYear: 2005, sex: 'F' });
  t.same(idFacts('038196007654'), { province: 'Thanh Hóa', birthYear: 1996, sex: 'F' });
  t.same(idFacts('036212004321'), { province: 'Nam Định', birthYear: 2012, sex: 'M' });
  t.same(idFacts('094083765432'), { province: 'Sóc Trăng', birthYear: 1983, sex: 'M' });
});

t.test('a year 00 is the first year of the century', async (t) => {
  t.equal(idFacts('001200012345').birthYear, 2000);
  t.equal(idFacts('001000012345').birthYear, 1900);
});

t.test('unknown or foreign province codes do not stop the decoding', async (t) => {
  t.same(idFacts('003089012345'), { province: null, birthYear: 1989, sex: 'M' });
  t.same(idFacts('175089012345'), { province: 'nước ngoài (mã 175)', birthYear: 1989, sex: 'M' });
});

t.test('the sex word, in any case and composition', async (t) => {
  const cases: Array<[string, 'M' | 'F' | null]> = [
    ['Nam', 'M'],
    ['Nữ', 'F'],
    ['NAM', 'M'],
    ['nam', 'M'],
    ['NỮ', 'F'],
    ['nữ', 'F'],
    ['Nữ'.normalize('NFD'), 'F'],
    [' Nam ', 'M'],
    ['Nu', null],
    ['M', null],
    ['F', null],
    ['1', null],
    ['Khác', null],
    ['', null],
  ];
  for (const [word, sex] of cases) t.equal(parseSexWord(word), sex, JSON.stringify(word));
});
