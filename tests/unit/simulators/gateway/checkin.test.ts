// The simulated gateway's check-in desk (XML0, QĐ 4750; docs/research/checkin-xml0.md §2–4): what it
// accepts and what it refuses, in the gateway's answer shape. A clinic's IT person tests its check-ins
// against it before the real portal, so it must refuse what BHXH would: a document out of the table's
// order or shape, an unsigned one, one signed with a certificate not registered on the portal, one
// changed after signing, and the same visit (MA_LK) twice; and it must keep every document received.

import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import t from 'tap';
import type { EligibilityCard, IdentityView } from '../../../../daemon/src/api/contract.ts';
import { signEnveloped } from '../../../../daemon/src/checkin/xml-signature.ts';
import { xml0Document, xml0Row } from '../../../../daemon/src/checkin/xml0-document.ts';
import { checkInAccepted } from '../../../../protocols/bhxh-gateway/check-in.ts';
import { CheckinDesk } from '../../../../simulators/src/gateway/checkin.ts';

/** A key and its self-signed certificate (1024-bit: the same signature profile, made quicker). */
function selfSigned(cn: string): { key: KeyObject; certPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  c.serialNumber = '01';
  c.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  c.validity.notAfter = new Date('2028-01-01T00:00:00Z');
  c.setSubject([{ name: 'commonName', value: cn }]);
  c.setIssuer([{ name: 'commonName', value: cn }]);
  c.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  return { key: privateKey, certPem: forge.pki.certificateToPem(c) };
}

const FACILITY = selfSigned('bv-01001');
const OTHER = selfSigned('bv-79001');
const NOW = Date.parse('2026-12-01T02:05:00Z'); // 09:05 in Vietnam

const identity: IdentityView = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
  issueDate: '2021-04-20',
};
const card = { maThe: 'DN4010112345678', gtTheTu: '01/01/2026', gtTheDen: '31/12/2026', maDKBD: '01001' } as EligibilityCard;

/** An unsigned XML0 document as the daemon writes it. */
const xml0 = (maLk: string): string =>
  xml0Document(
    xml0Row({
      maLk,
      patientId: 42,
      identity,
      card,
      registeredAt: new Date(NOW),
      facilityCode: '01001',
      department: { serviceCode: '02.1896', serviceName: 'Khám bệnh Nội', visitCategory: '1', careType: '01' },
    }),
  );
const signed = (xml: string, who = FACILITY): string => signEnveloped(xml, who.certPem, (data) => sign('sha256', data, who.key));
const b64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

function desk(): CheckinDesk {
  const d = new CheckinDesk(() => NOW);
  d.registerCertificate(FACILITY.certPem);
  return d;
}

t.test('a signed, well-formed XML0 from a registered certificate is received, with a transaction id and the time', async (t) => {
  const d = desk();
  const doc = signed(xml0('01001.20261201.1'));
  const a = await d.receive(b64(doc));
  t.match(a, { maKetQua: '200', thongDiep: 'Tiếp nhận thành công', thoiGianTiepNhan: '20261201090500' });
  t.match(a.maGiaoDich, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a transaction id to keep for reconciliation');
  t.ok(checkInAccepted(a.maKetQua, a.thongDiep), 'the client reads it as accepted');
  t.same(
    d.records,
    [{ maGiaoDich: a.maGiaoDich, receivedAt: '2026-12-01T02:05:00.000Z', maKetQua: '200', thongDiep: 'Tiếp nhận thành công', xml: doc }],
    'kept, decoded',
  );
  const again = await d.receive(b64(signed(xml0('01001.20261201.2'))));
  t.not(again.maGiaoDich, a.maGiaoDich, 'each check-in its own transaction id');
});

t.test('the same visit (MA_LK) twice: the second is refused in a 200, and keeps no transaction id', async (t) => {
  const d = desk();
  const doc = b64(signed(xml0('01001.20261201.7')));
  t.equal((await d.receive(doc)).maKetQua, '200');
  const second = await d.receive(doc);
  t.same(
    { ...second, thoiGianTiepNhan: undefined },
    { maKetQua: '200', maGiaoDich: '', thoiGianTiepNhan: undefined, thongDiep: 'MA_LK 01001.20261201.7 đã tồn tại trên hệ thống' },
  );
  t.notOk(checkInAccepted(second.maKetQua, second.thongDiep), 'the client reads it as refused');
  t.equal(d.records.length, 2, 'both kept');
});

t.test('signature refusals: unsigned, unregistered certificate, changed after signing, another key', async (t) => {
  const d = desk();
  const cases: Array<[string, string, string, string]> = [
    ['no signature in CHUKYDONVI', xml0('01001.20261201.10'), '200', 'Hồ sơ chưa được ký số (CHUKYDONVI)'],
    [
      'a signature outside CHUKYDONVI',
      signed(xml0('01001.20261201.11'))
        // moved out to sit after CHUKYDONVI, still inside the root
        .replace(/<CHUKYDONVI>(<Signature[\s\S]*<\/Signature>)<\/CHUKYDONVI>/, '<CHUKYDONVI></CHUKYDONVI>$1'),
      '200',
      'Hồ sơ chưa được ký số (CHUKYDONVI)',
    ],
    ['a certificate not registered on the portal', signed(xml0('01001.20261201.12'), OTHER), '403', 'Chứng thư số chưa được đăng ký trên Cổng tiếp nhận'],
    ['the patient name changed after signing', signed(xml0('01001.20261201.13')).replace('Nguyễn Văn An', 'Nguyễn Văn Ân'), '200', 'Chữ ký số không hợp lệ'],
    [
      "another key under the facility's certificate",
      signEnveloped(xml0('01001.20261201.14'), FACILITY.certPem, (data) => sign('sha256', data, OTHER.key)),
      '200',
      'Chữ ký số không hợp lệ',
    ],
    [
      'a signature value that is not base64 of anything',
      signed(xml0('01001.20261201.15')).replace(/<SignatureValue>[^<]*/, '<SignatureValue>!!'),
      '200',
      'Chữ ký số không hợp lệ',
    ],
  ];
  for (const [what, xml, code, text] of cases) {
    const a = await d.receive(b64(xml));
    t.same([a.maKetQua, a.thongDiep, a.maGiaoDich], [code, text, ''], what);
    t.notOk(checkInAccepted(a.maKetQua, a.thongDiep), `${what}: refused for the client`);
  }
});

t.test('a certificate registered later is accepted from then on; a refused visit can be sent again', async (t) => {
  const d = new CheckinDesk(() => NOW);
  const doc = b64(signed(xml0('01001.20261201.20'), OTHER));
  t.equal((await d.receive(doc)).maKetQua, '403', 'before registration');
  d.registerCertificate(OTHER.certPem);
  t.match(await d.receive(doc), { maKetQua: '200', thongDiep: 'Tiếp nhận thành công' }, 'the same document, the MA_LK not used up by the refusal');
});

t.test('structure and field refusals (400), before the signature is even looked at', async (t) => {
  const d = desk();
  const base = xml0('01001.20261201.30');
  const field = (name: string, value: string): string => base.replace(new RegExp(`<${name}>[^<]*</${name}>`), `<${name}>${value}</${name}>`);
  const cases: Array<[string, string, string]> = [
    ['not XML at all', 'xin chào', 'Tệp hồ sơ không phải XML hợp lệ'],
    ['an empty file', '', 'Tệp hồ sơ không phải XML hợp lệ'],
    ['XML cut off in the middle', base.slice(0, 200), 'Tệp hồ sơ không phải XML hợp lệ'],
    ['the XML1–15 envelope instead of XML0', '<GIAMDINHHS><THONGTINDONVI/></GIAMDINHHS>', 'Sai cấu trúc bảng chỉ tiêu XML0'],
    ['the right root without a row', '<CHI_TIEU_TRANG_THAI_KCB><DSACH_TRANG_THAI_KCB/></CHI_TIEU_TRANG_THAI_KCB>', 'Sai cấu trúc bảng chỉ tiêu XML0'],
    ['a field missing', base.replace(/<SO_CCCD>[^<]*<\/SO_CCCD>/, ''), 'Thiếu hoặc sai thứ tự trường SO_CCCD'],
    ['two fields swapped', base.replace(/(<HO_TEN>[^<]*<\/HO_TEN>)(<SO_CCCD>[^<]*<\/SO_CCCD>)/, '$2$1'), 'Thiếu hoặc sai thứ tự trường HO_TEN'],
    ['the last field missing', base.replace('<DU_PHONG></DU_PHONG>', ''), 'Thiếu hoặc sai thứ tự trường DU_PHONG'],
    ['a date of birth without the time', field('NGAY_SINH', '19890315'), 'Trường NGAY_SINH không đúng định dạng'],
    ['sex written as a word', field('GIOI_TINH', 'Nam'), 'Trường GIOI_TINH không đúng định dạng'],
    ['sex 0', field('GIOI_TINH', '0'), 'Trường GIOI_TINH không đúng định dạng'],
    ['the old 9-digit ID in SO_CCCD', field('SO_CCCD', '013456789'), 'Trường SO_CCCD không đúng định dạng'],
    ['a card date as dd/MM/yyyy', field('GT_THE_TU', '01/01/2026'), 'Trường GT_THE_TU không đúng định dạng'],
    ['no facility code', field('MA_CSKCB', ''), 'Trường MA_CSKCB không đúng định dạng'],
    ['a 6-character facility code', field('MA_CSKCB', '010011'), 'Trường MA_CSKCB không đúng định dạng'],
    ['a name of 256 characters', field('HO_TEN', 'A'.repeat(256)), 'Trường HO_TEN không đúng định dạng'],
    ['a card code of 16 characters', field('MA_THE_BHYT', 'DN40101123456789'), 'Trường MA_THE_BHYT không đúng định dạng'],
  ];
  for (const [what, xml, text] of cases) {
    const a = await d.receive(b64(xml));
    t.same([a.maKetQua, a.thongDiep, a.maGiaoDich], ['400', text, ''], what);
  }
  t.same((await d.receive(undefined)).thongDiep, 'Tệp hồ sơ không phải XML hợp lệ', 'no fileHSBase64 at all');
  t.equal(d.records.length, cases.length + 1, 'every refused document is kept too');
});

t.test('fields that may be empty or at their limit pass on to the signature check', async (t) => {
  const d = desk();
  let n = 40;
  const field = (name: string, value: string, base = xml0(`01001.20261201.${n++}`)): string =>
    base.replace(new RegExp(`<${name}>[^<]*</${name}>`), `<${name}>${value}</${name}>`);
  const cases: Array<[string, string]> = [
    ['an uninsured patient: no card code, no card dates', field('GT_THE_DEN', '', field('GT_THE_TU', '', field('MA_THE_BHYT', '')))],
    ['no CCCD (a patient without a chip card)', field('SO_CCCD', '')],
    ['sex 3 (not determined)', field('GIOI_TINH', '3')],
    ['a name of exactly 255 characters', field('HO_TEN', 'A'.repeat(255))],
    ['a date of birth with unknown day and month', field('NGAY_SINH', '198900000000')],
  ];
  for (const [what, xml] of cases) {
    const a = await d.receive(b64(signed(xml)));
    t.same([a.maKetQua, a.thongDiep], ['200', 'Tiếp nhận thành công'], what);
  }
});
