// The signing certificate as /api/health and the start log show it: whose it is (its subject on one
// line), when it expires, and how many whole days are left, so the technician is warned 30 days ahead
// and a certificate already expired shows a negative count.

import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import t from 'tap';
import { certificateInfo } from '../../../../daemon/src/checkin/certificate-info.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });

/** A self-signed certificate valid until `notAfter`, for a subject with a Vietnamese organisation name. */
function certificate(notAfter: string): string {
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  c.serialNumber = '0a';
  c.validity.notBefore = new Date('2025-01-01T00:00:00Z');
  c.validity.notAfter = new Date(notAfter);
  const subject = [
    { name: 'commonName', value: 'bv-01001' },
    { name: 'organizationName', value: 'Trung tâm Y tế quận Tây Hồ', valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
    { name: 'countryName', value: 'VN' },
  ];
  c.setSubject(subject);
  c.setIssuer(subject);
  c.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  return forge.pki.certificateToPem(c);
}

t.test('subject on one line, expiry as an ISO time', async (t) => {
  const info = certificateInfo(certificate('2027-03-31T16:59:59Z'), new Date('2026-12-01T00:00:00Z'));
  t.equal(info.subject, 'CN=bv-01001, O=Trung tâm Y tế quận Tây Hồ, C=VN', 'each part of the subject, Vietnamese intact');
  t.equal(info.validTo, '2027-03-31T16:59:59.000Z');
});

t.test('whole days left, counted down to a negative number once expired', async (t) => {
  const pem = certificate('2027-01-01T00:00:00Z');
  const cases: Array<[string, number]> = [
    ['2026-12-01T00:00:00Z', 31],
    ['2026-12-02T00:00:00Z', 30],
    ['2026-12-02T00:00:01Z', 29],
    ['2026-12-31T12:00:00Z', 0],
    ['2027-01-01T00:00:00Z', 0],
    ['2027-01-01T00:00:01Z', -1],
    ['2027-01-31T00:00:00Z', -30],
  ];
  for (const [now, days] of cases) t.equal(certificateInfo(pem, new Date(now)).daysLeft, days, `at ${now}: ${days}`);
});

t.test('something that is not a certificate is an error, not a silent "no expiry"', async (t) => {
  t.throws(() => certificateInfo('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', new Date()));
  t.throws(() => certificateInfo('', new Date()));
});
