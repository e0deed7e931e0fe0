// A small certificate authority of the facility's own, for `tiepnhan tls init`: a reception LAN has
// no public name a public CA would sign, and a self-signed server certificate would have to be
// trusted anew each time it is renewed. The CA is trusted once on each desk PC (certutil on Windows,
// update-ca-certificates on Linux); the server certificate it signs names the daemon's LAN name and
// addresses, and can be renewed without touching the desks. Keys are made by node:crypto; the
// certificates are built and signed by node-forge (node:crypto reads X.509 but cannot issue it).

import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface Issued {
  readonly keyPem: string;
  readonly certPem: string;
}

const DAY_MS = 86_400_000;
/** Ten years: the CA is installed once on every desk; replacing it means visiting each. */
const CA_DAYS = 3650;
/** 825 days, the longest lifetime Apple platforms accept for a server certificate of a private CA. */
export const SERVER_DAYS = 825;

function keyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey; keyPem: string } {
  const k = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(k.publicKey), privateKey: forge.pki.privateKeyFromPem(k.privateKey), keyPem: k.privateKey };
}

function blank(publicKey: forge.pki.rsa.PublicKey, now: Date, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial (the top bit clear), random: two CAs made on one day never share one.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - 3_600_000); // a desk clock a little behind
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
  return cert;
}

/** A CA named after the facility's daemon (`name`), valid ten years. */
export function makeCa(name: string, now: Date): Issued {
  const { publicKey, privateKey, keyPem } = keyPair();
  const cert = blank(publicKey, now, CA_DAYS);
  const subject = [
    { name: 'commonName', value: `tiepnhan local CA (${name})` },
    { name: 'organizationName', value: 'tiepnhan' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** A server certificate for `names` (host names and IP addresses), signed by `ca`. */
export function issueServer(ca: Issued, names: readonly string[], now: Date): Issued {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const { publicKey, keyPem } = keyPair();
  const cert = blank(publicKey, now, SERVER_DAYS);
  cert.setSubject([{ name: 'commonName', value: names[0] ?? 'tiepnhan' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // Browsers match the name only against these (not the common name): every name and address here.
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** The SHA-256 fingerprint a technician compares after installing the CA (certutil and browsers show it). */
export function fingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}
