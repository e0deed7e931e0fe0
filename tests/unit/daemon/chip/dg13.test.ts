// The DG13 parser reads the Vietnamese identity file by walking its TLV, so a long address (whose
// length needs the long form), a missing field or an unknown field number does not shift the others
// — the failure mode of the public parsers that match one sample card's byte prefixes
// (docs/research/chip-readers.md §2). The bytes here are hand-made by a TLV helper of the test's own,
// independent of the encoder the parser uses.

import t from 'tap';
import { dg13Date, parseDg13 } from '../../../../daemon/src/chip/dg13.ts';

/** DER length: short form under 128, else 81 xx / 82 xx xx. */
function tlv(tag: number[], content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from(tag), Buffer.from(length), content]);
}
const seq = (...parts: Buffer[]) => tlv([0x30], Buffer.concat(parts));
const int = (n: number) => tlv([0x02], Buffer.from([n]));
const printable = (s: string) => tlv([0x13], Buffer.from(s, 'latin1'));
const utf8 = (s: string) => tlv([0x0c], Buffer.from(s, 'utf8'));
const dg13 = (...entries: Buffer[]) => tlv([0x6d], Buffer.concat(entries));
const field = (n: number, value: Buffer) => seq(int(n), value);

// 130 bytes of UTF-8: its SEQUENCE and UTF8String lengths go long-form (81 xx), and the file's to 82 xx xx.
const ADDRESS = 'Số 12 ngõ 34 đường Thụy Khuê, Phường Thụy Khuê, Quận Tây Hồ, Thành phố Hà Nội, tổ dân phố số 7';
const ADDRESS_130 = ADDRESS + 'x'.repeat(130 - Buffer.byteLength(ADDRESS, 'utf8'));

function sampleCard(): Buffer {
  return dg13(
    field(1, printable('001089012345')),
    field(2, utf8('Nguyễn Văn An')),
    field(3, printable('15/03/1989')),
    field(4, utf8('Nam')),
    field(5, utf8('Việt Nam')),
    field(6, utf8('Kinh')),
    // 7 (religion) left out
    field(8, utf8('Xã Đông Hải, Quảng Xương, Thanh Hóa')),
    field(9, utf8(ADDRESS_130)),
    field(10, utf8('Nốt ruồi C:2cm trên sau đầu mày trái')),
    field(11, printable('20/04/2021')),
    field(12, utf8('15/03/2029')),
    seq(int(13), seq(utf8('Nguyễn Văn Bình')), seq(utf8('Lê Thị Cúc'))),
    seq(int(14)),
    field(15, printable('013456789')),
    field(16, printable('9876543210123456')),
  );
}

t.test('a whole DG13 with a 130-byte address reads every field, long-form lengths included', async (t) => {
  const bytes = sampleCard();
  t.equal(Buffer.byteLength(ADDRESS_130, 'utf8'), 130);
  t.equal(bytes[1], 0x82, 'the file length is long-form on two bytes');
  const result = parseDg13(bytes);
  t.same(result, {
    ok: true,
    fields: {
      id: '001089012345',
      name: 'Nguyễn Văn An',
      dob: '15/03/1989',
      sex: 'Nam',
      nationality: 'Việt Nam',
      ethnicity: 'Kinh',
      origin: 'Xã Đông Hải, Quảng Xương, Thanh Hóa',
      residence: ADDRESS_130,
      marks: 'Nốt ruồi C:2cm trên sau đầu mày trái',
      issueDate: '20/04/2021',
      expiryDate: '15/03/2029',
      father: 'Nguyễn Văn Bình',
      mother: 'Lê Thị Cúc',
      oldId: '013456789',
    },
  });
});

t.test('a missing field is absent, an empty spouse (14 with no value) is absent, and 16 is not taken for the old ID', async (t) => {
  const result = parseDg13(dg13(field(1, printable('001089012345')), seq(int(14)), field(16, printable('9876543210123456'))));
  t.ok(result.ok);
  if (!result.ok) return;
  t.same(result.fields, { id: '001089012345' });
  t.notOk('religion' in result.fields);
  t.notOk('spouse' in result.fields);
  t.notOk('oldId' in result.fields, '16 is unknown: the old ID is 15');
});

t.test('a name stored with decomposed Vietnamese letters comes out NFC, trimmed', async (t) => {
  const decomposed = '  Nguyễn Thị Hường '.normalize('NFD');
  t.not(decomposed.trim(), 'Nguyễn Thị Hường', 'the input really is decomposed');
  const result = parseDg13(dg13(field(2, utf8(decomposed))));
  t.same(result, { ok: true, fields: { name: 'Nguyễn Thị Hường' } });
});

t.test('the parents read in either layout: each in its own SEQUENCE, or both in one', async (t) => {
  const flat = parseDg13(dg13(seq(int(13), seq(utf8('Trần Văn Cha'), utf8('Phạm Thị Mẹ')))));
  t.same(flat, { ok: true, fields: { father: 'Trần Văn Cha', mother: 'Phạm Thị Mẹ' } });
  const motherOnly = parseDg13(dg13(seq(int(13), seq(utf8('')), seq(utf8('Phạm Thị Mẹ')))));
  t.same(motherOnly, { ok: true, fields: { mother: 'Phạm Thị Mẹ' } }, 'an empty father is absent, the mother stays the mother');
});

t.test('other string types are read too', async (t) => {
  const ia5 = tlv([0x16], Buffer.from('Kinh', 'latin1'));
  const bmp = tlv([0x1e], Buffer.from([0x00, 0x4e, 0x00, 0x61, 0x00, 0x6d]));
  t.same(parseDg13(dg13(field(6, ia5), field(4, bmp))), { ok: true, fields: { ethnicity: 'Kinh', sex: 'Nam' } });
  const sloppy = tlv([0x13], Buffer.from('Hà Nội', 'utf8'));
  t.same(parseDg13(dg13(field(9, sloppy))), { ok: true, fields: { residence: 'Hà Nội' } }, 'UTF-8 bytes in a PrintableString read as UTF-8, not Latin-1');
});

t.test('what is not a DG13 is refused with a reason that quotes no card data', async (t) => {
  const card = sampleCard();
  const cases: Array<[string, Buffer]> = [
    ['empty', Buffer.alloc(0)],
    ['random garbage', Buffer.from('not a card at all, just text')],
    ['truncated', card.subarray(0, card.length - 10)],
    ['another tag (DG11, 6B)', Buffer.concat([Buffer.from([0x6b]), card.subarray(1)])],
    ['trailing bytes', Buffer.concat([card, Buffer.from([0x01, 0x02])])],
    ['an entry that is not a SEQUENCE', dg13(utf8('Nguyễn Văn An'))],
    ['an entry without its number', dg13(seq(utf8('Nguyễn Văn An')))],
    ['a field number twice', dg13(field(1, printable('001089012345')), field(1, printable('001089099999')))],
  ];
  for (const [what, bytes] of cases) {
    const result = parseDg13(bytes);
    t.equal(result.ok, false, what);
    if (result.ok) continue;
    t.match(result.reason, /^DG13 [A-Za-z0-9 ]+$/, `${what}: a code-like reason (${result.reason})`);
    t.notMatch(result.reason, /001089|Nguy/, `${what}: no card data in the reason`);
  }
});

t.test('dg13Date turns the chip date forms into ISO and refuses what is not a date', async (t) => {
  t.equal(dg13Date('15/03/1989'), '1989-03-15');
  t.equal(dg13Date(' 29/02/2024 '), '2024-02-29', 'a leap day, with spaces around');
  t.equal(dg13Date('1989-03-15'), '1989-03-15');
  t.equal(dg13Date('15031989'), '1989-03-15');
  t.equal(dg13Date('29/02/2023'), null, 'no 29 February in 2023');
  t.equal(dg13Date('31/04/2021'), null, 'April has 30 days');
  t.equal(dg13Date('00/01/2021'), null);
  t.equal(dg13Date('15/13/1989'), null);
  t.equal(dg13Date('Không thời hạn'), null, 'the no-expiry text is no date');
  t.equal(dg13Date('15/3/1989'), null, 'one-digit month: not a chip form');
  t.equal(dg13Date(''), null);
});
