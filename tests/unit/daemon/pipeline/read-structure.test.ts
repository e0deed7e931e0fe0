// What a technician sees of a rejected read: the number of fields, each field's length and classes of
// characters, the invalid UTF-8 count and the failed rule. Enough to tell a scanner set to the wrong
// code page from a truncated read, and never a patient's name, ID number or address.

import t from 'tap';
import { describeStructure, readStructure, type CharClass } from '../../../../daemon/src/pipeline/read-structure.ts';

const PAYLOAD = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('a whole card payload: one shape per field, lengths in characters, bytes in bytes', async (t) => {
  const bytes = Buffer.from(PAYLOAD, 'utf8');
  const s = readStructure(bytes, 'CCCD_DOB');
  t.equal(s.bytes, bytes.length, 'the byte count (Vietnamese letters take several bytes each)');
  t.ok(s.bytes > PAYLOAD.length, 'bytes, not characters');
  t.same(s.fields, [
    { length: 12, classes: ['digit'] },
    { length: 9, classes: ['digit'] },
    { length: 13, classes: ['latin', 'vietnamese', 'space'] },
    { length: 8, classes: ['digit'] },
    { length: 3, classes: ['latin'] },
    { length: 37, classes: ['latin', 'vietnamese', 'space', 'punct'] },
    { length: 8, classes: ['digit'] },
  ]);
  t.equal(s.invalidUtf8, 0);
  t.equal(s.rule, 'CCCD_DOB', 'the failed rule is passed through');
});

t.test('the structure never holds the content of the read', async (t) => {
  const s = readStructure(Buffer.from(PAYLOAD, 'utf8'), 'X');
  const shown = JSON.stringify(s) + describeStructure(s);
  for (const secret of ['001089012345', '013456789', 'Nguyễn', 'Văn An', '15031989', 'Thụy Khuê', 'Tây Hồ']) t.notMatch(shown, secret, `no "${secret}"`);
});

const CLASSES: Array<[string, string | Buffer, CharClass[]]> = [
  ['ASCII digits', '0123', ['digit']],
  ['plain Latin letters', 'Nam', ['latin']],
  ['Vietnamese letters alone', 'ễđưở', ['vietnamese']],
  ['capital Đ and Ư', 'ĐƯ', ['vietnamese']],
  ['spaces, tabs and line ends are space', ' \t\r\n', ['space']],
  ['ASCII punctuation and symbols', ',./-+', ['punct']],
  ['a scanner’s group separator is a control character', '\x1d', ['control']],
  ['a zero-width space (format character) is control', '\u200b', ['control']],
  ['CJK is other', '漢字', ['other']],
  ['classes come in a fixed order whatever the order in the field', '.ễ a1\x1d漢', ['digit', 'latin', 'vietnamese', 'space', 'punct', 'control', 'other']],
  ['a lone Latin-1 byte is invalid UTF-8', Buffer.from([0x4e, 0xe9, 0x6e]), ['latin', 'invalidUtf8']],
];

t.test('character classes of a field', async (t) => {
  for (const [what, input, classes] of CLASSES) {
    const s = readStructure(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, 'R');
    t.same(s.fields[0]?.classes, classes, what);
  }
});

t.test('a read in the wrong code page: every stray byte counted as invalid UTF-8', async (t) => {
  // "Nguyễn" as Windows-1258 (ễ is ê followed by a combining tilde, 0xEA 0xDE there): two bytes that are not UTF-8.
  const bytes = Buffer.concat([Buffer.from('001089012345|', 'latin1'), Buffer.from([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e])]);
  const s = readStructure(bytes, 'CCCD_FIELDS');
  t.equal(s.invalidUtf8, 2);
  t.same(s.fields[1], { length: 7, classes: ['latin', 'invalidUtf8'] });
  t.equal(describeStructure(s), '2 fields: 12 digit | 7 latin+invalidUtf8 (2 invalid UTF-8)');
});

t.test('a truncated read: fewer fields, empty ones shown as empty', async (t) => {
  const s = readStructure(Buffer.from('001089012345||Nguy', 'utf8'), 'CCCD_FIELDS');
  t.same(s.fields, [
    { length: 12, classes: ['digit'] },
    { length: 0, classes: [] },
    { length: 4, classes: ['latin'] },
  ]);
  t.equal(describeStructure(s), '3 fields: 12 digit | empty | 4 latin');
});

t.test('one line for the technician page: singular for one field, no invalid note when there is none', async (t) => {
  t.equal(describeStructure(readStructure(Buffer.from('001089012345', 'utf8'), 'R')), '1 field: 12 digit');
  t.equal(describeStructure(readStructure(Buffer.alloc(0), 'EMPTY')), '1 field: empty', 'an empty read is one empty field');
  t.equal(readStructure(Buffer.alloc(0), 'EMPTY').bytes, 0);
});
