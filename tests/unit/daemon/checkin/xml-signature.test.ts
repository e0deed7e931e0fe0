// CHUKYDONVI, the facility's signature on XML0 (docs/research/checkin-xml0.md §3): an enveloped
// XML-DSig over the whole document (Reference URI="", enveloped-signature then inclusive C14N 1.0,
// RSA-SHA256, SHA-256 digest, the certificate in KeyInfo) inside <CHUKYDONVI>. Checked here without
// xmlsec1: the digest and the RSA signature recomputed with node:crypto, and the simulated gateway's
// verifier accepting it and refusing any change. The private key is only ever used by the signer's
// own function (a key file, a PKCS#11 token), never handed to the XML library.

import { createHash, generateKeyPairSync, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import t from 'tap';
import type { EligibilityCard, IdentityView } from '../../../../daemon/src/api/contract.ts';
import { C14N, RSA_SHA256, signEnveloped } from '../../../../daemon/src/checkin/xml-signature.ts';
import { xml0Document, xml0Row } from '../../../../daemon/src/checkin/xml0-document.ts';
import { CheckinDesk } from '../../../../simulators/src/gateway/checkin.ts';

/** A key and its self-signed certificate (1024-bit: the signature profile is the same, the test quicker). */
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
const card = { maThe: 'DN4010123456789', gtTheTu: '01/01/2026', gtTheDen: '31/12/2026', maDKBD: '01001' } as EligibilityCard;
const xml0 = (maLk: string, name = identity.name): string =>
  xml0Document(
    xml0Row({
      maLk,
      patientId: 42,
      identity: { ...identity, name },
      card,
      registeredAt: new Date('2026-12-01T02:05:00Z'),
      facilityCode: '01001',
      department: { serviceCode: '02.1896', serviceName: 'Khám bệnh Nội', visitCategory: '1', careType: '01' },
    }),
  );

/** Signs with the facility key the way a key-file signer does, recording what it was asked to sign. */
function signed(xml: string, who = FACILITY): { out: string; asked: Buffer[] } {
  const asked: Buffer[] = [];
  const out = signEnveloped(xml, who.certPem, (data) => (asked.push(data), sign('sha256', data, who.key)));
  return { out, asked };
}

const between = (s: string, open: string, close: string): string => s.slice(s.indexOf(open) + open.length, s.indexOf(close));

t.test('the Signature goes inside CHUKYDONVI with the profile of §3, the certificate in KeyInfo', async (t) => {
  const { out } = signed(xml0('01001.20261201.1'));
  t.match(out, /<\/DSACH_TRANG_THAI_KCB><CHUKYDONVI><Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">/);
  t.match(out, /<\/Signature><\/CHUKYDONVI><\/CHI_TIEU_TRANG_THAI_KCB>$/);
  t.match(out, `<CanonicalizationMethod Algorithm="${C14N}"/>`);
  t.match(out, `<SignatureMethod Algorithm="${RSA_SHA256}"/>`);
  t.match(out, '<Reference URI="">');
  t.match(
    out,
    '<Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/></Transforms>',
    'enveloped-signature, then inclusive C14N 1.0',
  );
  t.match(out, '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>');
  const der = between(out, '<X509Certificate>', '</X509Certificate>');
  t.ok(new X509Certificate(Buffer.from(der, 'base64')).raw.equals(new X509Certificate(FACILITY.certPem).raw), "the facility's certificate");
  t.ok(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<CHI_TIEU_TRANG_THAI_KCB>'), 'the document otherwise as it was');
  t.notMatch(out, 'held-by-the-signer', 'no stand-in key leaks into the document');
});

t.test('the digest is the SHA-256 of the canonical document without its signature', async (t) => {
  const doc = xml0('01001.20261201.2');
  const { out } = signed(doc);
  // For this document (no attributes, no namespaces, no characters C14N writes differently) the canonical form is the text after the declaration.
  const canonical = doc.slice(doc.indexOf('\n') + 1);
  t.equal(between(out, '<DigestValue>', '</DigestValue>'), createHash('sha256').update(canonical, 'utf8').digest('base64'));
});

t.test("the RSA signature is over the canonical SignedInfo, and the facility's public key verifies it", async (t) => {
  const { out, asked } = signed(xml0('01001.20261201.3'));
  t.equal(asked.length, 1, 'the signer is asked once');
  const canonical = `<SignedInfo xmlns="http://www.w3.org/2000/09/xmldsig#">${between(out, '<SignedInfo>', '</SignedInfo>')}</SignedInfo>`.replace(
    /<(\w+)([^<>]*)\/>/g,
    '<$1$2></$1>',
  );
  t.equal(asked[0]?.toString('utf8'), canonical, 'what the signer signs is the canonical SignedInfo');
  const value = Buffer.from(between(out, '<SignatureValue>', '</SignatureValue>'), 'base64');
  t.ok(verify('sha256', Buffer.from(canonical, 'utf8'), new X509Certificate(FACILITY.certPem).publicKey, value), 'RSASSA-PKCS1-v1_5 with SHA-256');
});

t.test("the simulated gateway's verifier accepts it and refuses any change", async (t) => {
  const desk = new CheckinDesk(() => Date.parse('2026-12-01T02:05:00Z'));
  desk.registerCertificate(FACILITY.certPem);
  const send = (xml: string) => desk.receive(Buffer.from(xml, 'utf8').toString('base64'));
  t.match(
    await send(signed(xml0('01001.20261201.4', `Nguyễn Thị "Bé" & O'Hoà`)).out),
    { maKetQua: '200', thongDiep: 'Tiếp nhận thành công' },
    'quotes and & included',
  );
  const changed = signed(xml0('01001.20261201.5')).out.replace('<MA_CSKCB>01001', '<MA_CSKCB>01002');
  t.match(await send(changed), { thongDiep: 'Chữ ký số không hợp lệ' }, 'a changed facility code');
  const renamed = signed(xml0('01001.20261201.6')).out.replace('Nguyễn Văn An', 'Nguyễn Văn Ân');
  t.match(await send(renamed), { thongDiep: 'Chữ ký số không hợp lệ' }, 'a changed name');
  const stranger = selfSigned('someone-else');
  const forged = signEnveloped(xml0('01001.20261201.7'), FACILITY.certPem, (data) => sign('sha256', data, stranger.key));
  t.match(await send(forged), { thongDiep: 'Chữ ký số không hợp lệ' }, "another key under the facility's certificate");
});

t.test('a signer that fails gives no document at all (never an unsigned check-in)', async (t) => {
  t.throws(
    () =>
      signEnveloped(xml0('01001.20261201.8'), FACILITY.certPem, () => {
        throw new Error('token removed');
      }),
    /token removed/,
  );
});
