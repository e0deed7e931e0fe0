// Phone-app QR codes shown instead of the card (VNeID, VssID, signed tokens) are recognised by their
// form, so the receptionist is told to ask for the card or type the number instead of a vague
// "not a card" (docs/research/qr-formats.md §1.7, open question 8). A card's own payload, and a code
// that merely copies it, must never be taken for an app code.

import t from 'tap';
import { appQrKind } from '../../../../daemon/src/parse/app-qr.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const HUONG_2024 = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';

const CASES: Array<[string, string, ReturnType<typeof appQrKind>]> = [
  ['a link to the VNeID site', 'https://vneid.gov.vn/qr?c=Xy12', 'vneidApp'],
  ['a VNeID deep link', 'vneid://identity/verify?t=abc', 'vneidApp'],
  ['a link to a Ministry of Public Security service', 'https://dichvucong.bocongan.gov.vn/x/y', 'vneidApp'],
  ['VNeID in capitals', 'VNEID:ABC123', 'vneidApp'],
  ['a link to VssID on the BHXH domain', 'https://vssid.baohiemxahoi.gov.vn/the-bhyt?ma=abc', 'vssidApp'],
  ['a link to the BHXH site itself', 'https://baohiemxahoi.gov.vn/tra-cuu', 'vssidApp'],
  ['a VssID deep link, with the whitespace a scanner adds', '  vssid:0112345678\r\n', 'vssidApp'],
  ['a text naming VssID between fields', 'VSSID|0112345678|abc', 'vssidApp'],
  ['a signed token (JWS, header starts {")', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlX2hlcmU', 'appToken'],
  ['an unsigned token (empty signature part)', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', 'appToken'],
  ['a 2021 card payload', AN, null],
  ['a 2024 card payload', HUONG_2024, null],
  ['an EAN barcode', '8934588012345', null],
  ['a link to another site', 'https://example.com/vneidx', null],
  ['a word that only contains the app name', 'myvneidcopy', null],
  ['a dotted text that is not a token', 'abc.def.ghi', null],
  ['a token-like text with two parts only', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0', null],
  ['an empty read', '', null],
];

t.test('app QR codes are recognised by form; card payloads and other codes are not', async (t) => {
  for (const [what, text, expected] of CASES) t.equal(appQrKind(text), expected, what);
});

t.test('VssID wins over VNeID when a code names both (its message lists the BHXH numbers to type)', async (t) => {
  t.equal(appQrKind('https://vssid.baohiemxahoi.gov.vn/?from=vneid'), 'vssidApp');
});
