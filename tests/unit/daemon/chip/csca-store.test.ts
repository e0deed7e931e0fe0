// The operator's CSCA bundle: every certificate in it is a trust anchor, a block that is not one is
// refused by number (so the operator knows which paste went wrong), and a Document Signer chains to
// the CSCA that really signed it — never to another with the same name, never by dates alone.

import { X509Certificate } from 'node:crypto';
import t from 'tap';
import { loadCscaBundle } from '../../../../daemon/src/chip/csca-store.ts';
import { makeCsca, makeDocumentSigner } from '../../../../simulators/src/chip/test-pki.ts';

const cscaA = makeCsca({ keyType: 'p256', name: 'CSCA Việt Nam A' });
const cscaB = makeCsca({ keyType: 'rsa', name: 'CSCA Việt Nam B' });
const dsA = new X509Certificate(makeDocumentSigner(cscaA, { keyType: 'p256', name: 'DS A' }).certificate);
const dsB = new X509Certificate(makeDocumentSigner(cscaB, { keyType: 'p256', name: 'DS B' }).certificate);

t.test('a bundle of two certificates trusts both, each for the signers it issued', async (t) => {
  const store = loadCscaBundle(`# installed 2026-12\n${cscaA.pem}\n${cscaB.pem}`);
  t.equal(store.count, 2);
  t.equal(store.issuerOf(dsA)?.fingerprint256, new X509Certificate(cscaA.certificate).fingerprint256);
  t.equal(store.issuerOf(dsB)?.fingerprint256, new X509Certificate(cscaB.certificate).fingerprint256);
});

t.test('a DS of a CSCA not installed chains to none', async (t) => {
  t.equal(loadCscaBundle(cscaA.pem).issuerOf(dsB), null);
});

t.test('a CSCA with the same name but another key did not issue the DS', async (t) => {
  const impostor = makeCsca({ keyType: 'p256', name: 'CSCA Việt Nam A' });
  t.equal(loadCscaBundle(impostor.pem).issuerOf(dsA), null);
});

t.test('an expired DS still chains: a card outlives its signer’s signing period', async (t) => {
  const old = makeDocumentSigner(cscaA, { keyType: 'p256', name: 'DS 2019', notBefore: new Date('2019-01-01'), notAfter: new Date('2021-01-01') });
  const ds = new X509Certificate(old.certificate);
  t.ok(new Date(ds.validTo) < new Date(), 'the DS has expired');
  t.ok(loadCscaBundle(cscaA.pem).issuerOf(ds));
});

t.test('a block that is not a certificate is refused by its number', async (t) => {
  const garbage = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
  t.throws(() => loadCscaBundle(cscaA.pem + garbage), /block 2 is not a valid X\.509 certificate/);
  const key = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
  t.throws(() => loadCscaBundle(key + cscaA.pem), /block 1 is a PRIVATE KEY, not a CERTIFICATE/);
  const cut = cscaB.pem.slice(0, 200);
  t.throws(() => loadCscaBundle(cscaA.pem + cut), /block 2 has no matching -----END----- line/);
});

t.test('an empty bundle is an error, not a store that trusts nothing silently', async (t) => {
  t.throws(() => loadCscaBundle(''), /no certificate/);
  t.throws(() => loadCscaBundle('just some text\n'), /no certificate/);
});
