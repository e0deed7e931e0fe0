// Province codes of the 12-digit ID (TT 07/2016 Phụ lục 1) and of BHYT codes (the same numbers on two
// digits): the receptionist sees where an ID or a card was registered, and an unknown code (perhaps
// one issued after the 2025 merger) gives no name rather than a wrong one
// (docs/research/qr-formats.md §2.2, §3.1).

import t from 'tap';
import { PROVINCES, provinceOf, provinceOf2 } from '../../../../daemon/src/parse/province-codes.ts';

// The unused numbers between 001 and 096, as listed in docs/research/qr-formats.md §2.2.
const UNUSED = '003 005 007 009 013 016 018 021 023 028 029 032 039 041 043 047 050 053 055 057 059 061 063 065 069 071 073 076 078 081 085 088 090'.split(' ');

t.test('the 63 provinces before the 2025 merger, and exactly the unused numbers between them', async (t) => {
  t.equal(PROVINCES.size, 63);
  for (let n = 1; n <= 96; n++) {
    const code = String(n).padStart(3, '0');
    t.equal(PROVINCES.has(code), !UNUSED.includes(code), code);
  }
});

t.test('provinces by their ID prefix', async (t) => {
  const cases: Array<[string, string | null]> = [
    ['001', 'Hà Nội'],
    ['031', 'Hải Phòng'],
    ['048', 'Đà Nẵng'],
    ['079', 'TP Hồ Chí Minh'],
    ['092', 'Cần Thơ'],
    ['096', 'Cà Mau'],
    ['003', null],
    ['000', null],
    ['097', null],
    ['099', null],
    ['300', null],
    ['999', null],
  ];
  for (const [code, name] of cases) t.equal(provinceOf(code), name, code);
});

t.test('births registered abroad carry a country code, shown as such', async (t) => {
  t.equal(provinceOf('139'), 'nước ngoài (mã 139)');
  t.equal(provinceOf('232'), 'nước ngoài (mã 232)');
  t.equal(provinceOf('279'), 'nước ngoài (mã 279)');
});

t.test('BHYT codes: the same provinces on two digits', async (t) => {
  t.equal(provinceOf2('01'), 'Hà Nội');
  t.equal(provinceOf2('79'), 'TP Hồ Chí Minh');
  t.equal(provinceOf2('96'), 'Cà Mau');
  t.equal(provinceOf2('03'), null, 'unused');
  t.equal(provinceOf2('97'), null, 'Ministry of Defence cards: not confirmed (open question 5)');
  t.equal(provinceOf2('1'), null, 'one digit');
});
