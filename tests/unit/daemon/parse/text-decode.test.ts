// The bytes of one scanner read become NFC text, or a precise refusal: a read cut off inside a letter
// (scan again) is told apart from a scanner set to a legacy code page (change its setting), and UTF-8
// that went through a Windows-1252 decoder on the way is repaired with a warning
// (docs/research/qr-formats.md §1.5). Terminators, padding and a BOM around the payload go; the
// trailing `|` of a 2024 card stays.

import t from 'tap';
import { decodeRead, repairMojibake, toHex, trimRead } from '../../../../daemon/src/parse/text-decode.ts';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const BOM = [0xef, 0xbb, 0xbf];
/** What a Windows-1252 decoder makes of UTF-8, encoded again as UTF-8. */
const viaCp1252 = (s: string): Buffer => utf8(new TextDecoder('windows-1252').decode(utf8(s)));

t.test('trimRead: control characters, spaces and a BOM go from the edges, nothing else', async (t) => {
  const cases: Array<[string, number[], string]> = [
    ['CR LF', [...utf8('A|B'), 0x0d, 0x0a], 'A|B'],
    ['TAB and ETX', [0x09, ...utf8('A|B'), 0x03], 'A|B'],
    ['NUL and DEL', [0x00, ...utf8('A|B'), 0x7f], 'A|B'],
    ['a leading BOM', [...BOM, ...utf8('A|B')], 'A|B'],
    ['a BOM after leading whitespace', [0x20, 0x0d, ...BOM, 0x0a, ...utf8('A|B')], 'A|B'],
    ['the empty fields of a 2024 card', [...utf8('A|B||||'), 0x0d], 'A|B||||'],
    ['spaces inside', utf8(' A B ').toJSON().data, 'A B'],
    ['a non-breaking space is text, not padding', utf8('\u00a0A').toJSON().data, '\u00a0A'],
  ];
  for (const [what, bytes, text] of cases) t.equal(Buffer.from(trimRead(Uint8Array.from(bytes))).toString('utf8'), text, what);
  t.equal(trimRead(Uint8Array.from([0x0d, 0x0a, 0x20])).length, 0, 'only whitespace: nothing left');
});

t.test('valid UTF-8 comes out as NFC text with its byte length', async (t) => {
  t.same(decodeRead(utf8('Nguyễn Văn An\r\n')), { ok: true, text: 'Nguyễn Văn An', byteLength: utf8('Nguyễn Văn An').length, warnings: [] });
  const nfd = decodeRead(utf8('Trần Thị Ngọc Ánh'.normalize('NFD')));
  t.match(nfd, { ok: true, text: 'Trần Thị Ngọc Ánh', warnings: [] }, 'NFD (macOS, Unikey "tổ hợp") is composed');
  t.equal(nfd.ok && nfd.text, 'Trần Thị Ngọc Ánh'.normalize('NFC'));
  t.match(decodeRead(Uint8Array.from([...BOM, ...utf8('Hà Nội')])), { ok: true, text: 'Hà Nội', byteLength: utf8('Hà Nội').length }, 'the BOM is not counted');
  t.match(decodeRead(utf8('Café')), { ok: true, text: 'Café', warnings: [] }, 'a Latin-1 letter alone is not mojibake');
});

t.test('nothing but padding is an empty read', async (t) => {
  for (const bytes of [[], [0x0d, 0x0a], [0x20, 0x20], BOM, [0x00]])
    t.same(decodeRead(Uint8Array.from(bytes)), { ok: false, code: 'empty' }, JSON.stringify(bytes));
});

t.test('a read cut inside a multi-byte letter is truncated; other invalid bytes are an encoding problem', async (t) => {
  const cases: Array<[string, number[], 'truncated' | 'encoding']> = [
    ['cut after the first byte of ễ', [...utf8('Nguy'), 0xe1], 'truncated'],
    ['cut after two bytes of ễ', [...utf8('Nguy'), 0xe1, 0xbb], 'truncated'],
    ['cut inside a 4-byte character', [0x41, 0xf0, 0x9f, 0x98], 'truncated'],
    ['cut inside a 2-byte letter', [...utf8('H'), 0xc3], 'truncated'],
    ['Latin-1 bytes (a legacy code page)', [...Buffer.from('Nguy\xd2n V\xe3n An', 'latin1')], 'encoding'],
    ['a lead byte followed by ASCII', [0x41, 0xc3, 0x28], 'encoding'],
    ['a lone continuation byte at the end', [0x41, 0x80], 'encoding'],
    ['an overlong encoding', [0x41, 0xc0, 0x80], 'encoding'],
    ['a UTF-16 surrogate written as UTF-8', [0x41, 0xed, 0xa0, 0x80], 'encoding'],
    ['an invalid byte before a cut letter', [0x41, 0xff, 0x42, 0xe1], 'encoding'],
  ];
  for (const [what, bytes, code] of cases) t.same(decodeRead(Uint8Array.from(bytes)), { ok: false, code }, what);
});

t.test('UTF-8 that went through a Windows-1252 decoder is repaired, with a warning', async (t) => {
  for (const text of ['Nguyễn Văn An', 'Đỗ Đức Đạt', 'Nữ', 'Phường Thụy Khuê', 'Trần Thị Ngọc Ánh', 'Lê Thị Hường']) {
    const garbled = viaCp1252(text);
    t.not(garbled.toString('utf8'), text, `${text}: the input really is garbled`);
    t.same(decodeRead(garbled), { ok: true, text, byteLength: garbled.length, warnings: ['encodingRepaired'] }, text);
  }
  const latin1 = Buffer.from(utf8('Nguyễn Văn An').toString('latin1'), 'utf8');
  t.match(decodeRead(latin1), { ok: true, text: 'Nguyễn Văn An', warnings: ['encodingRepaired'] }, 'through a Latin-1 decoder too');
});

t.test('text that merely looks like mojibake is left alone', async (t) => {
  t.same(decodeRead(utf8('NGUYỄN Ã‰')), { ok: true, text: 'NGUYỄN Ã‰', byteLength: 14, warnings: [] }, 'a real Vietnamese letter beside it');
  t.equal(repairMojibake('Nguyễn'), null, 'a letter outside Windows-1252');
  t.equal(repairMojibake('Café'), null, 'bytes that are not UTF-8 once undone');
  t.equal(repairMojibake('abc'), null, 'ASCII: nothing to repair');
  t.equal(repairMojibake('Ã©'), 'é');
});

t.test('toHex keeps exactly the bytes of the view it is given, for the technician', async (t) => {
  const whole = Uint8Array.from([0x00, 0x7c, 0xff, 0x41]);
  t.equal(toHex(whole), '007cff41');
  t.equal(toHex(whole.subarray(1, 3)), '7cff');
});
