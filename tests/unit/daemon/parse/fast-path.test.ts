// The byte-level fast path answers the common read (a clean 2021 or 2024 card) without decoding
// text, and hands everything unusual to the general parser, which alone warns and refuses. A
// receptionist must get the same patient from both, and never a patient the general parser would
// warn about, repair or refuse (docs/research/qr-formats.md §1.5, §1.9). The randomised agreement
// check is in card-payload.fuzz.test.ts.

import t from 'tap';
import { parsePayloadGeneral } from '../../../../daemon/src/parse/card-payload.ts';
import { fastParse } from '../../../../daemon/src/parse/fast-path.ts';

const TODAY = '2026-11-23';
const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const ANH = '079305001234||Trần Thị Ngọc Ánh|02112005|Nữ|Tổ 5, Khu phố 3, Phường Tân Phong, Quận 7, TP Hồ Chí Minh|15082021';
const HUONG_2024 = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';
const KHOI_2024 = '036212004321||Phạm Minh Khôi|09072012|Nam|Xóm 2, Xã Hải Minh, Huyện Hải Hậu, Nam Định|05122024||||';

const bytes = (s: string | Buffer): Buffer => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s);
const fast = (s: string | Buffer) => fastParse(bytes(s), TODAY);
const general = (s: string | Buffer) => parsePayloadGeneral(bytes(s), TODAY);

t.test('clean cards are answered at once, identical to the general parser', async (t) => {
  for (const [what, payload] of [
    ['2021 card with old CMND', AN],
    ['2021 card, woman born 2005, no CMND', ANH],
    ['2024 card with old CMND', HUONG_2024],
    ['2024 card, child, no CMND', KHOI_2024],
  ] as const) {
    const r = fast(payload);
    t.ok(r, `${what}: answered`);
    t.same(r, general(payload), `${what}: same identity as the general parser`);
  }
  t.match(fast(AN), {
    ok: true,
    kind: 'cccd2021',
    id: '001089012345',
    oldId: '013456789',
    name: 'Nguyễn Văn An',
    dob: '1989-03-15',
    sex: 'M',
    address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
    issueDate: '2021-04-20',
    extra: [],
    warnings: [],
  });
  t.match(fast(HUONG_2024), { kind: 'cccd2024', sex: 'F', extra: ['', '', '', ''] });
});

// What the fast path declines, and what the general parser makes of it: an error code, a warning, or
// a field stored differently from its bytes.
const DECLINED: Array<[string, string | Buffer, { error?: string; warning?: string; name?: string; address?: string; oldId?: string }]> = [
  ['an unknown province code', AN.replace('001089', '003089'), { warning: 'unknownProvince' }],
  ['no address', AN.replace('|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|', '||'), { warning: 'addressMissing' }],
  ['a filled extra field of a 2024 card', HUONG_2024.replace(/\|\|\|\|$/, '|039196001111|||'), { warning: 'extraFieldsPresent' }],
  ['an old ID of 12 digits', AN.replace('013456789', '001089099999'), { warning: 'oldIdUnusual', oldId: '001089099999' }],
  ['double spaces in the name', AN.replace('Văn An', 'Văn  An'), { name: 'Nguyễn Văn An' }],
  ['a space before a separator', AN.replace('Hà Nội|', 'Hà Nội |'), { address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội' }],
  ['an NFD name (macOS, Unikey "tổ hợp")', AN.replace('Nguyễn Văn An', 'Nguyễn Văn An'.normalize('NFD')), { name: 'Nguyễn Văn An' }],
  ['a tab inside the address', AN.replace('Quận Tây Hồ', 'Quận\tTây Hồ'), { address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội' }],
  [
    'mojibake (UTF-8 read as Windows-1252)',
    Buffer.from(Buffer.from(AN, 'utf8').toString('latin1'), 'utf8'),
    { warning: 'encodingRepaired', name: 'Nguyễn Văn An' },
  ],
  ['bytes that are not UTF-8', Buffer.from(AN.replace('Nguyễn Văn An', 'Nguyen V\xe3n An'), 'latin1'), { error: 'encoding' }],
  ['a read cut inside a letter', bytes(AN).subarray(0, bytes(AN).indexOf(bytes('ễ')) + 2), { error: 'truncated' }],
  ['an ID that disagrees with the sex', AN.replace('|Nam|', '|Nữ|'), { error: 'idMismatch' }],
  ['an ID that disagrees with the birth year', AN.replace('001089', '001088'), { error: 'idMismatch' }],
  ['31 February', AN.replace('15031989', '31021989'), { error: 'dateInvalid' }],
  ['an issue date after today', AN.replace('20042021', '24112026'), { error: 'dateOrder' }],
  ['an issue date before birth', AN.replace('20042021', '20041980'), { error: 'dateOrder' }],
  ['a digit in the name', AN.replace('Văn', 'V4n'), { error: 'nameInvalid' }],
  ['8 fields', `${AN}|`, { error: 'truncated' }],
  ['12 fields', `${HUONG_2024}|`, { error: 'fieldCount' }],
  ['an 11-digit ID', AN.replace('001089012345', '00108901234'), { error: 'idFormat' }],
  ['a letter in the old ID', AN.replace('013456789', '01345678X'), { error: 'oldIdFormat' }],
  ['the re-encoded 6-field form', '094083765432|Trịnh Văn Bảy|21/03/1983|Nam|Ấp Tân Hòa, Xã Long Phú, Sóc Trăng|06/04/2021', { error: 'reencoded' }],
];

t.test('anything unusual is left to the general parser, which refuses, warns or repairs', async (t) => {
  for (const [what, payload, expect] of DECLINED) {
    t.equal(fast(payload), null, `${what}: declined`);
    const g = general(payload);
    if (expect.error) t.match(g, { ok: false, error: { code: expect.error } }, `${what}: the general parser refuses it`);
    else {
      t.match(g, { ok: true }, `${what}: the general parser accepts it`);
      if (g.ok && g.kind !== 'bhytCard') {
        if (expect.warning)
          t.ok(
            g.warnings.some((w) => w.code === expect.warning),
            `${what}: with the ${expect.warning} warning`,
          );
        if (expect.name) t.equal(g.name, expect.name, `${what}: the name as it should be stored`);
        if (expect.address) t.equal(g.address, expect.address, `${what}: the address as it should be stored`);
        if (expect.oldId) t.equal(g.oldId, expect.oldId);
      }
    }
  }
});

t.test('reads the fast path never starts on: too short, too long, not a card', async (t) => {
  t.equal(fast('001089012345|||01011989|Nam||20042021'), null, 'under 40 bytes');
  t.equal(fast(AN.replace('Hà Nội', 'Hà Nội'.padEnd(1000, 'i'))), null, 'over 1024 bytes');
  t.equal(fast('https://vneid.gov.vn/qr?c=Xy12345678901234567890123456789'), null, 'a link');
  t.equal(fast(''), null, 'empty');
});
