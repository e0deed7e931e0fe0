// The key a name is searched by: the card face prints capitals, the QR title case, a receptionist
// types either, perhaps in NFD (macOS, Unikey "tổ hợp") and with stray spaces; all must find the same
// patient (docs/research/qr-formats.md §1.5, §4.4). Diacritics are kept: "An" and "Ân" are different
// names.

import t from 'tap';
import { nameKey } from '../../../../daemon/src/parse/name-key.ts';

const SAME: Array<[string, string]> = [
  ['title case, as in the QR', 'Nguyễn Văn An'],
  ['capitals, as on the card face', 'NGUYỄN VĂN AN'],
  ['NFD', 'Nguyễn Văn An'.normalize('NFD')],
  ['NFD capitals', 'NGUYỄN VĂN AN'.normalize('NFD')],
  ['spaces around and between', '  Nguyễn   Văn\tAn \n'],
  ['mixed case', 'nGuYễN vĂn aN'],
];

t.test('the same name written in every way a desk meets it has one key', async (t) => {
  for (const [what, name] of SAME) t.equal(nameKey(name), 'nguyễn văn an', what);
});

t.test('the key is NFC: precomposed letters, so SQLite compares it byte for byte', async (t) => {
  const k = nameKey('TRẦN THỊ NGỌC ÁNH'.normalize('NFD'));
  t.equal(k, 'trần thị ngọc ánh');
  t.equal(k, k.normalize('NFC'));
  t.equal(nameKey('ĐỖ ĐỨC ĐẠT'), 'đỗ đức đạt', 'Đ lower-cases to đ, which ASCII NOCASE would not do');
});

t.test('names that differ in a diacritic or a letter keep different keys', async (t) => {
  t.not(nameKey('Nguyễn Văn An'), nameKey('Nguyen Van An'));
  t.not(nameKey('Nguyễn Văn An'), nameKey('Nguyễn Văn Ân'));
  t.not(nameKey('Lê Thị Hường'), nameKey('Lê Thị Hương'));
});
