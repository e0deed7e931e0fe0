// The test PKI stands in for Vietnam's CSCA and Document Signers: its certificates must be ones
// OpenSSL (node's X509Certificate) reads and chains exactly like real ones, for each key type, or the
// passive-authentication tests would prove nothing about real cards.

import { X509Certificate } from 'node:crypto';
import t from 'tap';
import { makeCsca, makeDocumentSigner, makeSelfSigned, type TestKeyType } from '../../../../simulators/src/chip/test-pki.ts';

const CURVES: Record<TestKeyType, { type: string; curve?: string }> = {
  rsa: { type: 'rsa' },
  p256: { type: 'ec', curve: 'prime256v1' },
  brainpoolP384r1: { type: 'ec', curve: 'brainpoolP384r1' },
};

t.test('CSCA → DS chains for every key type, with the key type asked for', async (t) => {
  for (const keyType of Object.keys(CURVES) as TestKeyType[]) {
    const csca = makeCsca({ keyType, name: `CSCA ${keyType}` });
    const ds = makeDocumentSigner(csca, { keyType, name: `DS ${keyType}` });
    const cscaCert = new X509Certificate(csca.certificate);
    const dsCert = new X509Certificate(ds.pem);
    t.ok(cscaCert.ca, `${keyType}: the CSCA is a CA`);
    t.notOk(dsCert.ca, `${keyType}: the DS is not`);
    t.ok(cscaCert.checkIssued(cscaCert) && cscaCert.verify(cscaCert.publicKey), `${keyType}: the CSCA is self-signed`);
    t.ok(dsCert.checkIssued(cscaCert), `${keyType}: the DS names the CSCA as issuer`);
    t.ok(dsCert.verify(cscaCert.publicKey), `${keyType}: the DS signature verifies under the CSCA key`);
    t.match(dsCert.subject, new RegExp(`CN=DS ${keyType}`));
    t.match(dsCert.issuer, new RegExp(`CN=CSCA ${keyType}`));
    t.equal(dsCert.publicKey.asymmetricKeyType, CURVES[keyType].type);
    t.equal(dsCert.publicKey.asymmetricKeyDetails?.namedCurve, CURVES[keyType].curve);
    t.ok(dsCert.raw.equals(ds.certificate), 'the PEM and the DER are the same certificate');
  }
});

t.test('a DS of one CSCA does not verify under another, even a mixed key type', async (t) => {
  const a = makeCsca({ keyType: 'rsa', name: 'CSCA A' });
  const b = makeCsca({ keyType: 'p256', name: 'CSCA B' });
  const ds = new X509Certificate(makeDocumentSigner(a, { keyType: 'brainpoolP384r1', name: 'DS' }).certificate);
  t.ok(ds.verify(new X509Certificate(a.certificate).publicKey), 'an RSA CSCA signs a brainpool DS');
  t.notOk(ds.checkIssued(new X509Certificate(b.certificate)));
  t.notOk(ds.verify(new X509Certificate(b.certificate).publicKey));
});

t.test('a self-signed signer verifies itself and chains to no CSCA', async (t) => {
  const csca = makeCsca({ keyType: 'p256', name: 'CSCA' });
  const forged = new X509Certificate(makeSelfSigned({ keyType: 'p256', name: 'CSCA' }).certificate);
  t.ok(forged.verify(forged.publicKey));
  t.notOk(forged.ca);
  t.notOk(forged.verify(new X509Certificate(csca.certificate).publicKey), 'the same name does not make it the CSCA’s');
});

t.test('the validity dates asked for are the certificate’s, and serials differ', async (t) => {
  const csca = makeCsca({ keyType: 'p256', name: 'CSCA' });
  const ds = makeDocumentSigner(csca, { keyType: 'p256', name: 'DS', notBefore: new Date('2019-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
  const cert = new X509Certificate(ds.certificate);
  t.equal(new Date(cert.validFrom).toISOString(), '2019-01-01T00:00:00.000Z');
  t.equal(new Date(cert.validTo).toISOString(), '2021-01-01T00:00:00.000Z');
  const other = new X509Certificate(makeDocumentSigner(csca, { keyType: 'p256', name: 'DS' }).certificate);
  t.not(other.serialNumber, cert.serialNumber);
});
