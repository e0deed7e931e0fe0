// The QR on the paper BHYT card, which patients still bring: 15 `|` fields ending in `$`, name and
// address as hex of their UTF-8 bytes (docs/research/qr-formats.md §3.5). The receptionist must see
// the decoded name and dates; a malformed code is refused with the field it failed on, in both
// languages; the fields of unconfirmed meaning are kept verbatim.

import t from 'tap';
import { parseBhytQr, type BhytQrResult } from '../../../../daemon/src/parse/bhyt-qr.ts';

const TODAY = '2026-11-23';
const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

interface Fields {
  code: string;
  name: string;
  dob: string;
  sex: string;
  address: string;
  facility: string;
  from: string;
  to: string;
  issued: string;
}
const BASE: Fields = {
  code: 'DN4010123456789',
  name: hex('Nguyễn Văn An'),
  dob: '15/03/1989',
  sex: '1',
  address: hex('Hà Nội'),
  facility: '01 - 001',
  from: '01/01/2025',
  to: '31/12/2025',
  issued: '02/01/2025',
};
const TAIL = ['01234567890123', '-', '4', '01/01/2020', '0123abcd4567ef89-1234', '$'];
const qr = (over: Partial<Fields> = {}, tail: string[] = TAIL): string => {
  const f = { ...BASE, ...over };
  return [f.code, f.name, f.dob, f.sex, f.address, f.facility, f.from, f.to, f.issued, ...tail].join('|');
};
const parse = (text: string): BhytQrResult => parseBhytQr(text, TODAY);

t.test('the sample card: name and address decoded from hex, dates as ISO, facility code without its dash', async (t) => {
  t.same(parse(qr()), {
    ok: true,
    warnings: [],
    identity: {
      kind: 'bhytCard',
      cardCode: 'DN4010123456789',
      name: 'Nguyễn Văn An',
      dob: '1989-03-15',
      sex: 'M',
      address: 'Hà Nội',
      registeredFacility: '01001',
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
      issueDate: '2025-01-02',
      extra: ['01234567890123', '-', '4', '01/01/2020', '0123abcd4567ef89-1234'],
    },
  });
});

t.test('accepted variants', async (t) => {
  const cases: Array<[string, string, object, string[]]> = [
    ['a card from 04/2021 showing only the 10-digit BHXH number', qr({ code: '0123456789' }), { cardCode: '0123456789' }, []],
    ['a lower-case code is upper-cased', qr({ code: 'dn4010123456789' }), { cardCode: 'DN4010123456789' }, []],
    ['sex 2 is female', qr({ sex: '2' }), { sex: 'F' }, []],
    ['date of birth as ddmmyyyy', qr({ dob: '15031989' }), { dob: '1989-03-15' }, []],
    ['date of birth as the year alone, with a warning', qr({ dob: '1989' }), { dob: '1989' }, ['dobYearOnly']],
    [
      'letters in the number part, with a warning for the gateway to decide',
      qr({ code: 'DN40101234AB789' }),
      { cardCode: 'DN40101234AB789' },
      ['bhytCodeLoose'],
    ],
    ['validity dates left empty or "-"', qr({ from: '', to: '-', issued: ' ' }), { validFrom: null, validTo: null, issueDate: null }, []],
    ['an expired card is still read (the gateway answers 010)', qr({ from: '01/01/2020', to: '31/12/2020' }), { validTo: '2020-12-31' }, []],
    ['an NFD name comes out NFC, spaces collapsed', qr({ name: hex('  Nguyễn   Văn An '.normalize('NFD')) }), { name: 'Nguyễn Văn An' }, []],
    ['an empty address is kept empty', qr({ address: '' }), { address: '' }, []],
  ];
  for (const [what, text, identity, warnings] of cases) {
    const r = parse(text);
    t.match(r, { ok: true, identity }, what);
    t.same(r.ok && r.warnings, warnings, `${what}: warnings`);
  }
});

t.test('fields 9–13 (meaning unconfirmed) are kept verbatim, whatever they hold, without the final $', async (t) => {
  t.match(parse(qr({}, ['X', 'Y', '$'])), { ok: true, identity: { extra: ['X', 'Y'] } });
  t.match(parse(qr({}, ['$'])), { ok: true, identity: { extra: [] } });
});

t.test('a malformed card is refused, naming the field in both languages', async (t) => {
  const cases: Array<[string, string, string, string]> = [
    ['too few fields', 'DN4010123456789|4e|1989|$', 'chỉ có 4 trường', 'only 4 fields'],
    ['a 15-character code of the wrong shape', qr({ code: 'DN0010123456789' }), 'mã thẻ', 'card code'],
    ['a code of another length', qr({ code: 'DN401012345' }), 'mã thẻ', 'card code'],
    ['a name that is not hex', qr({ name: 'Nguyen Van An' }), 'họ tên', 'name'],
    ['a name of an odd number of hex digits', qr({ name: hex('An').slice(1) }), 'họ tên', 'name'],
    ['a name whose bytes are not UTF-8', qr({ name: 'c3' }), 'họ tên', 'name'],
    ['an empty name', qr({ name: '' }), 'họ tên', 'name'],
    ['an impossible date of birth', qr({ dob: '31/02/1989' }), 'ngày sinh', 'date of birth'],
    ['a date of birth in another form', qr({ dob: '1989-03-15' }), 'ngày sinh', 'date of birth'],
    ['sex written as a word', qr({ sex: 'Nam' }), 'giới tính', 'sex'],
    ['sex 0', qr({ sex: '0' }), 'giới tính', 'sex'],
    ['an address that is not hex', qr({ address: 'Hà Nội' }), 'địa chỉ', 'address'],
    ['an impossible validity date', qr({ to: '31/13/2025' }), 'ngày hiệu lực', 'validity dates'],
    ['an unreadable issue date', qr({ issued: 'hôm nay' }), 'ngày hiệu lực', 'validity dates'],
  ];
  for (const [what, text, vi, en] of cases) {
    const r = parse(text);
    t.match(r, { ok: false, code: 'bhytFormat', detail: { vi: `(${vi})`, en: `(${en})` } }, what);
  }
});

t.test('dates out of order are refused as such', async (t) => {
  t.same(parse(qr({ dob: '24/11/2026' })), { ok: false, code: 'dateOrder' }, 'born tomorrow');
  t.same(parse(qr({ dob: '2027' })), { ok: false, code: 'dateOrder' }, 'born next year (year only)');
  t.same(parse(qr({ from: '01/01/2026', to: '31/12/2025' })), { ok: false, code: 'dateOrder' }, 'valid to before valid from');
  t.match(parse(qr({ dob: '23/11/2026' })), { ok: true }, 'born today');
  t.match(parse(qr({ dob: '2026' })), { ok: true }, 'born this year (year only)');
});
