// XML0 (QĐ 4750) from a registration: fields in the table's order and formats, validated before
// signing; the signature (every signer: PEM files, .pfx, a PKCS#11 token) verified by an independent
// implementation (xmlsec1); the simulated gateway refusing what the real one would.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { EligibilityCard, IdentityView } from '../../daemon/src/api/contract.ts';
import { createSigner, type Xml0Signer } from '../../daemon/src/checkin/signers.ts';
import { birthDateTime, xml0Document, xml0Row, type Xml0Input } from '../../daemon/src/checkin/xml0-document.ts';
import { XML0_FIELDS, xml0Problems } from '../../daemon/src/checkin/xml0-table.ts';
import { CheckinDesk } from '../../simulators/src/gateway/checkin.ts';
import { makeCertificate, SOFTHSM_MODULE, softhsmRequirement, softhsmToken, xmlsecRequirement, xmlsecVerify } from '../helpers/signing.ts';

const identity: IdentityView = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: null,
  name: 'Nguyễn Thị Hoà & Co',
  dob: '1989-03-05',
  sex: 'F',
  address: 'Hà Nội',
  issueDate: null,
};
const card = { maThe: 'DN4010123456789', gtTheTu: '01/01/2026', gtTheDen: '31/12/2026', maDKBD: '01001' } as EligibilityCard;
const input: Xml0Input = {
  maLk: '01001.20261201.7',
  patientId: 42,
  identity,
  card,
  registeredAt: new Date('2026-12-01T02:05:00Z'),
  facilityCode: '01001',
  department: { serviceCode: '02.1896', serviceName: 'Khám Nội', visitCategory: '1', careType: '01' },
};

async function dir(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'tiepnhan-xml0-'));
  t.teardown(() => rm(d, { recursive: true, force: true }));
  return d;
}

t.test("the row: the table's fields, dates as yyyymmddHHMM / yyyymmdd, CCCD with its leading zeros", async (t) => {
  const row = xml0Row(input);
  t.same(
    Object.keys(row),
    XML0_FIELDS.map((f) => f.name),
    "every field, in the table's order",
  );
  t.match(row, {
    SO_CCCD: '001089012345',
    NGAY_SINH: '198903050000',
    GIOI_TINH: 2,
    MA_THE_BHYT: 'DN4010123456789',
    GT_THE_TU: '20260101',
    GT_THE_DEN: '20261231',
    NGAY_VAO: '202612010905',
    MA_CSKCB: '01001',
    MA_DICH_VU: '02.1896',
    MA_DOITUONG_KCB: '1',
  });
  t.equal(birthDateTime('1989'), '198900000000', 'a year only: unknown month and day are 00');
  t.same(xml0Problems(row), []);
  t.match(
    xml0Problems({ ...row, NGAY_SINH: '05/03/1989', MA_CSKCB: '0100199' }),
    ['NGAY_SINH: must match pattern "^\\d{12}$"', 'MA_CSKCB: must NOT have more than 5 characters'].map((m) => new RegExp(m.split(':')[0]!)),
  );
  const newCard = xml0Row({
    ...input,
    card: { ...card, maTheMoi: 'DN4010999999999', gtTheTuMoi: '01/07/2026', gtTheDenMoi: '30/06/2027', maDKBDMoi: '01002' },
  });
  t.match(newCard, { MA_THE_BHYT: 'DN4010999999999', GT_THE_TU: '20260701', MA_DKBD: '01002' }, 'a new card (003/004) is the one checked in');
  const doc = xml0Document(row);
  t.match(
    doc,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<CHI_TIEU_TRANG_THAI_KCB><DSACH_TRANG_THAI_KCB><TRANG_THAI_KCB><MA_LK>01001.20261201.7<\/MA_LK><STT>1<\/STT>/,
  );
  t.match(doc, '<HO_TEN>Nguyễn Thị Hoà &amp; Co</HO_TEN>', 'text is escaped, Vietnamese intact');
  t.match(doc, /<\/DSACH_TRANG_THAI_KCB><CHUKYDONVI><\/CHUKYDONVI><\/CHI_TIEU_TRANG_THAI_KCB>$/);
  t.notMatch(xml0Document(row, { declaration: false }), '<?xml', 'the declaration is configuration (open question 6)');
});

async function signedBy(signer: Xml0Signer): Promise<string> {
  try {
    return await signer.sign(xml0Document(xml0Row(input)));
  } finally {
    await signer.close();
  }
}

t.test('PEM and .pfx signers: xmlsec1 verifies the enveloped RSA-SHA256 signature inside CHUKYDONVI', xmlsecRequirement(), async (t) => {
  const d = await dir(t);
  const c = makeCertificate(d, 'bv', { passphrase: 'matkhau-2026' });
  const pem = await signedBy(await createSigner({ keyPem: c.key, certPem: c.cert }));
  t.match(pem, /<CHUKYDONVI><Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">/, 'the Signature is inside CHUKYDONVI');
  for (const alg of [
    'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
    'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    'http://www.w3.org/2001/04/xmlenc#sha256',
    'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  ])
    t.match(pem, alg);
  t.match(pem, '<Reference URI="">');
  t.match(pem, '<X509Certificate>', 'the certificate is in KeyInfo');
  const verdict = xmlsecVerify(d, pem, c.cert);
  t.ok(verdict.ok, `xmlsec1 verifies it: ${verdict.output.trim()}`);
  t.notOk(xmlsecVerify(d, pem.replace('Hoà', 'Hòa'), c.cert).ok, 'xmlsec1 refuses a changed name');

  const pfx = await signedBy(await createSigner({ pfx: c.pfx }, { TIEPNHAN_CHECKIN_PASSPHRASE: 'matkhau-2026' }));
  t.ok(xmlsecVerify(d, pfx, c.cert).ok, 'the .pfx signer too');
  const wrong = (await createSigner({ pfx: c.pfx, passphrase: 'sai-mat-khau' }).catch((e: unknown) => e)) as Error;
  t.match(wrong.message, /wrong passphrase/);
  t.notMatch(wrong.message, 'sai-mat-khau', 'the passphrase never appears in the error');
});

t.test('PKCS#11 (SoftHSM2): the key never leaves the token, the signature verifies', softhsmRequirement(), async (t) => {
  const d = await dir(t);
  const c = makeCertificate(d, 'token');
  const env = softhsmToken(d, c.key, { tokenLabel: 'tiepnhan', keyLabel: 'bv-ky-so', pin: '246810' });
  // SoftHSM2 reads its configuration from the environment when the module initialises.
  process.env['SOFTHSM2_CONF'] = env['SOFTHSM2_CONF'];
  const signer = await createSigner(
    { pkcs11: { module: SOFTHSM_MODULE!, tokenLabel: 'tiepnhan', keyLabel: 'bv-ky-so', pinEnv: 'TOKEN_PIN' }, certPem: c.cert },
    { TOKEN_PIN: '246810' },
  );
  t.equal(signer.kind, 'pkcs11');
  const xml = await signedBy(signer);
  if (!xmlsecRequirement().skip) t.ok(xmlsecVerify(d, xml, c.cert).ok, "xmlsec1 verifies the token's signature");
  const desk = new CheckinDesk(Date.now);
  desk.registerCertificate(await readFile(c.cert, 'utf8'));
  t.match(await desk.receive(Buffer.from(xml).toString('base64')), { maKetQua: '200', thongDiep: 'Tiếp nhận thành công' }, 'and so does the simulated gateway');
  await t.rejects(
    createSigner({ pkcs11: { module: SOFTHSM_MODULE!, tokenLabel: 'tiepnhan', keyLabel: 'bv-ky-so', pinEnv: 'NO_SUCH_PIN' } }, {}),
    /export NO_SUCH_PIN/,
    'a missing PIN says which variable to set',
  );
});

t.test('an external signing service (as HIS use with USB tokens): the document goes out unsigned and comes back signed', xmlsecRequirement(), async (t) => {
  const d = await dir(t);
  const c = makeCertificate(d, 'service');
  // The service on this PC: it holds the key and signs what it is sent (here with tiepnhan's own signer).
  const inner = await createSigner({ keyPem: c.key, certPem: c.cert });
  const received: string[] = [];
  const service = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push(`${req.headers['content-type']}|${body}`);
      void inner.sign(body).then((signed) => res.writeHead(200, { 'content-type': 'application/xml' }).end(signed));
    });
  });
  await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise((r) => service.close(r)));
  const { port } = service.address() as AddressInfo;
  const signer = await createSigner({ external: { url: `http://127.0.0.1:${port}/sign` }, certPem: c.cert });
  t.equal(signer.kind, 'external');
  t.match(signer.certificatePem(), 'BEGIN CERTIFICATE', 'its certificate is known for health and expiry');
  const xml = await signedBy(signer);
  t.match(received[0], /^application\/xml; charset=utf-8\|<\?xml[^]*<CHUKYDONVI><\/CHUKYDONVI>/, 'the service got the unsigned XML0');
  t.ok(xmlsecVerify(d, xml, c.cert).ok, 'what came back verifies');
  const down = await createSigner({ external: { url: 'http://127.0.0.1:9/sign' } });
  await t.rejects(down.sign('<x/>'), 'a signing service that is down is an error, never an unsigned check-in');
});

t.test('the simulated gateway refuses what the real one would', async (t) => {
  const d = await dir(t);
  const c = makeCertificate(d, 'registered');
  const other = makeCertificate(d, 'stranger');
  const desk = new CheckinDesk(() => Date.parse('2026-12-01T02:05:00Z'));
  desk.registerCertificate(await readFile(c.cert, 'utf8'));
  const send = (xml: string) => desk.receive(Buffer.from(xml).toString('base64'));
  const sign = async (key: { key: string; cert: string }, xml = xml0Document(xml0Row(input))) =>
    (await createSigner({ keyPem: key.key, certPem: key.cert })).sign(xml);

  const good = await sign(c);
  t.match(await send(good), { maKetQua: '200', thongDiep: 'Tiếp nhận thành công', maGiaoDich: /^[0-9a-f-]{36}$/, thoiGianTiepNhan: '20261201090500' });
  t.match(await send(good), { maKetQua: '200', maGiaoDich: '', thongDiep: /MA_LK 01001.20261201.7 đã tồn tại/ }, 'one MA_LK is checked in once');
  const tampered = (await sign(c, xml0Document(xml0Row({ ...input, maLk: 'x.2' })))).replace('<MA_CSKCB>01001', '<MA_CSKCB>01002');
  t.match(await send(tampered), { maKetQua: '200', maGiaoDich: '', thongDiep: 'Chữ ký số không hợp lệ' }, 'a changed document is refused');
  t.match(
    await send(await sign(other, xml0Document(xml0Row({ ...input, maLk: 'x.3' })))),
    { maKetQua: '403', thongDiep: /chưa được đăng ký/ },
    'an unregistered certificate is refused',
  );
  const badDate = xml0Document({ ...xml0Row({ ...input, maLk: 'x.4' }), NGAY_SINH: '05/03/1989' });
  t.match(await send(await sign(c, badDate)), { maKetQua: '400', thongDiep: 'Trường NGAY_SINH không đúng định dạng' }, 'a malformed field is refused');
  t.match(await send(xml0Document(xml0Row({ ...input, maLk: 'x.5' }))), { thongDiep: /chưa được ký số/ }, 'an unsigned one is refused');
  t.equal(desk.records.length, 6, 'every check-in is on record with its decoded XML');
  t.match(desk.records[0]!.xml, '<HO_TEN>Nguyễn Thị Hoà &amp; Co</HO_TEN>');
});
