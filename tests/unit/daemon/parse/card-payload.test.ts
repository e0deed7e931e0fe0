import t from 'tap';
import { parsePayload, type ParseResult } from '../../../../daemon/src/parse/index.ts';

const TODAY = '2026-11-23';
const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const ANH = '079305001234||Trần Thị Ngọc Ánh|02112005|Nữ|Tổ 5, Khu phố 3, Phường Tân Phong, Quận 7, TP Hồ Chí Minh|15082021';
const HUONG_2024 = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';
const KHOI_2024 = '036212004321||Phạm Minh Khôi|09072012|Nam|Xóm 2, Xã Hải Minh, Huyện Hải Hậu, Nam Định|05122024||||';
const BHYT =
  'DN4010123456789|4e677579e1bb856e2056c4836e20416e|15/03/1989|1|48c3a0204ee1bb9969|01 - 001|01/01/2025|31/12/2025|02/01/2025|01234567890123|-|4|01/01/2020|0123abcd4567ef89-1234|$';

const parse = (s: string | Buffer): ParseResult => parsePayload(typeof s === 'string' ? Buffer.from(s, 'utf8') : s, { today: TODAY });
const code = (r: ParseResult): string => (r.ok ? 'ok' : r.error.code);

t.test('a 2021 card gives every field, with ISO dates and M/F', async (t) => {
  const r = parse(AN);
  t.match(r, {
    ok: true,
    kind: 'cccd2021',
    id: '001089012345',
    oldId: '013456789',
    name: 'Nguyễn Văn An',
    dob: '1989-03-15',
    sex: 'M',
    issueDate: '2021-04-20',
    extra: [],
    warnings: [],
  });
  t.equal(r.ok && r.address, 'Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội');
});

t.test('a woman born after 2000 (digit 3) with no old CMND', async (t) => {
  t.match(parse(ANH), { ok: true, kind: 'cccd2021', oldId: '', sex: 'F', dob: '2005-11-02' });
});

t.test('2024 cards with and without an old CMND keep the four extra fields raw', async (t) => {
  t.match(parse(HUONG_2024), { ok: true, kind: 'cccd2024', oldId: '173456789', sex: 'F', extra: ['', '', '', ''] });
  t.match(parse(KHOI_2024), { ok: true, kind: 'cccd2024', oldId: '', sex: 'M', dob: '2012-07-09' });
  const filled = parse(HUONG_2024.replace(/\|\|\|\|$/, '|039196001111|Lê Văn Cha|Nguyễn Thị Mẹ|'));
  t.match(filled, { ok: true, kind: 'cccd2024', extra: ['039196001111', 'Lê Văn Cha', 'Nguyễn Thị Mẹ', ''] });
  t.ok(filled.ok && filled.warnings.some((w) => w.code === 'extraFieldsPresent'));
});

t.test('terminators and wrappers around the payload are stripped, never the trailing pipes', async (t) => {
  for (const wrap of ['\r', '\n', '\r\n', '\t', '\x03', '\x00', '  ', '']) {
    t.equal(code(parse(AN + wrap)), 'ok', `suffix ${JSON.stringify(wrap)}`);
    const r = parse(HUONG_2024 + wrap);
    t.match(r, { ok: true, kind: 'cccd2024' }, `2024 card with suffix ${JSON.stringify(wrap)}`);
  }
  t.equal(code(parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(AN + '\r\n')]))), 'ok', 'leading BOM');
});

t.test('NFD input (macOS, Unikey "tổ hợp") comes out NFC', async (t) => {
  const r = parse(AN.normalize('NFD'));
  t.ok(r.ok);
  if (r.ok) {
    t.equal(r.name, 'Nguyễn Văn An');
    t.equal(r.name, r.name.normalize('NFC'));
  }
});

t.test('mojibake (UTF-8 read as Windows-1252 on the way) is repaired with a warning', async (t) => {
  const garbled = Buffer.from(Buffer.from(AN, 'utf8').toString('latin1'), 'utf8');
  t.ok(garbled.toString('utf8').includes('Nguyá»'), 'the input really is mojibake');
  const r = parse(garbled);
  t.match(r, { ok: true, name: 'Nguyễn Văn An' });
  t.ok(r.ok && r.warnings.some((w) => w.code === 'encodingRepaired'));
});

t.test('bytes that are not UTF-8 fail with encoding and keep the hex', async (t) => {
  const cp1258ish = Buffer.from('001089012345|013456789|Nguy\xd2n V\xe3n An|15031989|Nam|H\xe0 N\xf4i|20042021', 'latin1');
  const r = parse(cp1258ish);
  t.equal(code(r), 'encoding');
  t.equal(!r.ok && r.rawHex, cp1258ish.toString('hex'));
  t.ok(!r.ok && r.error.vi.length > 0 && r.error.en.length > 0);
});

t.test('a read cut inside a multi-byte letter or mid-field is truncated', async (t) => {
  const bytes = Buffer.from(AN, 'utf8');
  const cutInLetter = bytes.subarray(0, bytes.indexOf(Buffer.from('ễ')) + 1);
  t.equal(code(parse(cutInLetter)), 'truncated');
  t.equal(code(parse(AN.slice(0, AN.length - 3))), 'truncated', 'issue date cut');
  t.equal(code(parse(AN.slice(0, AN.lastIndexOf('|')))), 'truncated', 'issue date missing');
  t.equal(code(parse(HUONG_2024.slice(0, -2))), 'truncated', '2024 card missing two pipes');
  t.equal(code(parse(BHYT.slice(0, 60))), 'truncated', 'BHYT QR without its $');
});

t.test('the misread digit is caught by the century/sex/year cross-check', async (t) => {
  t.equal(code(parse(AN.replace('001089', '001189'))), 'idMismatch', 'digit 4 read as 1: female');
  t.equal(code(parse(AN.replace('001089', '001088'))), 'idMismatch', 'year digit misread');
  t.equal(code(parse(ANH.replace('079305', '079105'))), 'idMismatch', 'century misread');
  t.equal(code(parse(AN.replace('|Nam|', '|Nữ|'))), 'idMismatch', 'sex field disagrees');
});

t.test('every validation error has its own code', async (t) => {
  t.equal(code(parse(AN.replace('001089012345', '00108901234'))), 'idFormat');
  t.equal(code(parse(AN.replace('013456789', '01345678X'))), 'oldIdFormat');
  t.equal(code(parse(AN.replace('15031989', '31021989'))), 'dateInvalid', '31 February');
  t.equal(code(parse(AN.replace('20042021', '20042099'))), 'dateOrder', 'issued in the future');
  t.equal(code(parse(AN.replace('20042021', '20041980'))), 'dateOrder', 'issued before birth');
  t.equal(code(parse(AN.replace('|Nam|', '|M|'))), 'sexInvalid');
  t.equal(code(parse(AN.replace('Nguyễn Văn An', 'Nguyễn V4n An'))), 'nameInvalid');
  t.equal(code(parse('')), 'empty');
  t.equal(code(parse('\r\n')), 'empty');
  t.equal(code(parse('https://vneid.gov.vn/abc')), 'vneidApp', 'a link to VNeID');
  t.equal(code(parse('8934588012345')), 'notCccd', 'an EAN barcode');
  t.equal(code(parse(`${AN}|x|y|z|w|v`)), 'fieldCount');
  t.equal(code(parse('******509|NGUYEN VAN AN|1989-03-15|CCCD|abc|def')), 'covidQr');
  t.equal(code(parse('094083765432|Trịnh Văn Bảy|21/03/1983|Nam|Ấp Tân Hòa, Xã Long Phú, Sóc Trăng|06/04/2021')), 'reencoded');
  t.equal(code(parse('0'.repeat(5000))), 'tooLong');
  t.equal(code(parse(`${AN.slice(0, 40)}${'x'.repeat(1100)}|Nam|Hà Nội|20042021`)), 'tooLong');
});

t.test('QR codes of the VNeID and VssID apps: recognised by form, with what to do instead', async (t) => {
  for (const [payload, expected] of [
    ['https://vneid.gov.vn/qr?c=Xy12', 'vneidApp'],
    ['vneid://identity/verify?t=abc', 'vneidApp'],
    ['https://dichvucong.bocongan.gov.vn/x/y', 'vneidApp'],
    ['https://vssid.baohiemxahoi.gov.vn/the-bhyt?ma=abc', 'vssidApp'],
    ['VSSID|0112345678|abc', 'vssidApp'],
    ['eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIwMDEwODkwMTIzNDUifQ.c2lnbmF0dXJl', 'appToken'],
  ] as const) {
    const r = parse(payload);
    t.equal(code(r), expected, payload);
    if (!r.ok) {
      t.match(r.error.vi, /thẻ căn cước.*nhập số định danh 12 số/, `${expected}: asks for the card or the typed ID (vi)`);
      t.match(r.error.en, /ID card.*type the 12-digit ID number/, `${expected}: (en)`);
    }
  }
  t.match(parse('https://vneid.gov.vn/abc'), { ok: false, error: { vi: /chưa được xác nhận/, en: /unconfirmed/ } }, 'the message says the form is unconfirmed');
  t.match(parse(AN), { ok: true }, 'a screen that shows the card’s own 7 fields is read as the card');
  t.equal(code(parse('https://example.com/menu')), 'notCccd', 'any other link stays "not a CCCD"');
});

t.test('sex in any case or composition', async (t) => {
  for (const s of ['Nam', 'NAM', 'nam']) t.match(parse(AN.replace('|Nam|', `|${s}|`)), { ok: true, sex: 'M' });
  for (const s of ['Nữ', 'NỮ', 'nữ', 'Nữ'.normalize('NFD')]) t.match(parse(ANH.replace('|Nữ|', `|${s}|`)), { ok: true, sex: 'F' });
});

t.test('unknown province codes warn, never reject', async (t) => {
  const r = parse(AN.replace('001089012345', '003089012345'));
  t.ok(r.ok && r.warnings.some((w) => w.code === 'unknownProvince'));
});

t.test('spaces in name and address are collapsed', async (t) => {
  t.match(parse(AN.replace('Nguyễn Văn An', ' Nguyễn  Văn   An ').replace('Số 12 phố', 'Số 12   phố')), {
    ok: true,
    name: 'Nguyễn Văn An',
    address: /^Số 12 phố Hoàng/,
  });
});

t.test('the paper BHYT card QR: hex name and address decoded, codes kept', async (t) => {
  t.match(parse(BHYT), {
    ok: true,
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
  });
  t.equal(code(parse(BHYT.replace('4e677579', '4g677579'))), 'bhytFormat', 'bad hex in the name');
  t.equal(code(parse(BHYT.replace('|1|', '|3|'))), 'bhytFormat', 'sex code 3');
  t.match(parse(BHYT.replace('DN4010123456789', '0123456789')), { ok: true, cardCode: '0123456789' }, '10-digit card (2021+)');
});
