// A test PKI made in memory: a Country Signing CA, Document Signers it issues, and self-signed
// certificates for forgers, with the key types a chip may carry (docs/research/chip-readers.md §3:
// Vietnam's DS keys are said to be brainpoolP384r1). Certificates are built with pkijs structures and
// signed with node:crypto, because WebCrypto (pkijs's engine) does not know brainpool curves.

import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export type TestKeyType = 'rsa' | 'p256' | 'brainpoolP384r1';

export interface TestCertificate {
  /** DER. */
  readonly certificate: Buffer;
  readonly pem: string;
  readonly privateKey: KeyObject;
  readonly keyType: TestKeyType;
  /** The subject's common name. */
  readonly name: string;
  readonly subjectKeyId: Buffer;
}

export interface TestCertificateOptions {
  readonly keyType: TestKeyType;
  /** The common name (CN); the country is always VN. */
  readonly name: string;
  /** Defaults: a day ago, and ten years from now. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

const OID = {
  country: '2.5.4.6',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
} as const;

/** The hash and the certificate signature algorithm each key type signs with. */
const SIGNING: Readonly<Record<TestKeyType, { hash: string; algorithm: string; nullParams: boolean }>> = {
  rsa: { hash: 'sha256', algorithm: '1.2.840.113549.1.1.11', nullParams: true }, // sha256WithRSAEncryption
  p256: { hash: 'sha256', algorithm: '1.2.840.10045.4.3.2', nullParams: false }, // ecdsa-with-SHA256
  brainpoolP384r1: { hash: 'sha384', algorithm: '1.2.840.10045.4.3.3', nullParams: false }, // ecdsa-with-SHA384
};

const DAY_MS = 86_400_000;

// RSA 2048, the smallest size OpenSSL's default security level accepts: fast enough for a test.
function generateKey(keyType: TestKeyType): { publicKey: KeyObject; privateKey: KeyObject } {
  if (keyType === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ec', { namedCurve: keyType === 'p256' ? 'prime256v1' : 'brainpoolP384r1' });
}

/** The hash and signature algorithm a key type signs with, for the chip builder's SignerInfo too. */
export function signingOf(keyType: TestKeyType): { readonly hash: string; readonly algorithm: string; readonly nullParams: boolean } {
  return SIGNING[keyType];
}

function algorithmIdentifier(keyType: TestKeyType): pkijs.AlgorithmIdentifier {
  const { algorithm, nullParams } = SIGNING[keyType];
  // RSA algorithms carry an explicit NULL; ECDSA ones carry no parameters (RFC 4055, RFC 5758).
  return new pkijs.AlgorithmIdentifier(nullParams ? { algorithmId: algorithm, algorithmParams: new asn1js.Null() } : { algorithmId: algorithm });
}

function distinguishedName(name: string): pkijs.RelativeDistinguishedNames {
  const attribute = (type: string, value: asn1js.PrintableString | asn1js.Utf8String) => new pkijs.AttributeTypeAndValue({ type, value });
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      attribute(OID.country, new asn1js.PrintableString({ value: 'VN' })),
      attribute(OID.organization, new asn1js.Utf8String({ value: 'tiepnhan test PKI' })),
      attribute(OID.commonName, new asn1js.Utf8String({ value: name })),
    ],
  });
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdOf(spki: pkijs.PublicKeyInfo): Buffer {
  return createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
}

interface Issuer {
  readonly name: string;
  readonly privateKey: KeyObject;
  readonly keyType: TestKeyType;
  readonly subjectKeyId: Buffer;
}

interface Profile {
  readonly ca: boolean;
  readonly issuer: Issuer | null;
}

function extensionsFor(profile: Profile, subjectKeyId: Buffer): pkijs.Extension[] {
  // keyUsage bits: digitalSignature is bit 0; keyCertSign bit 5 and cRLSign bit 6.
  const keyUsage = profile.ca
    ? new asn1js.BitString({ valueHex: new Uint8Array([0x06]), unusedBits: 1 })
    : new asn1js.BitString({ valueHex: new Uint8Array([0x80]), unusedBits: 7 });
  const extensions = [extension(OID.keyUsage, true, keyUsage), extension(OID.subjectKeyId, false, new asn1js.OctetString({ valueHex: subjectKeyId }))];
  if (profile.ca) extensions.unshift(extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 }).toSchema()));
  if (profile.issuer) {
    const aki = new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: profile.issuer.subjectKeyId }) });
    extensions.push(extension(OID.authorityKeyId, false, aki.toSchema()));
  }
  return extensions;
}

function makeCertificate(options: TestCertificateOptions, profile: Profile): TestCertificate {
  const keys = generateKey(options.keyType);
  const signer = profile.issuer ?? { name: options.name, privateKey: keys.privateKey, keyType: options.keyType, subjectKeyId: Buffer.alloc(0) };
  const spki = new pkijs.PublicKeyInfo({ schema: asn1js.fromBER(keys.publicKey.export({ type: 'spki', format: 'der' })).result });
  const subjectKeyId = keyIdOf(spki);
  const certificate = new pkijs.Certificate();
  certificate.version = 2; // v3
  // A positive serial: the top bit cleared so the INTEGER needs no sign byte.
  const serial = randomBytes(8);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial });
  certificate.signature = algorithmIdentifier(signer.keyType);
  certificate.issuer = distinguishedName(signer.name);
  certificate.subject = distinguishedName(options.name);
  certificate.notBefore.value = options.notBefore ?? new Date(Date.now() - DAY_MS);
  certificate.notAfter.value = options.notAfter ?? new Date(Date.now() + 3650 * DAY_MS);
  certificate.subjectPublicKeyInfo = spki;
  certificate.extensions = extensionsFor(profile, subjectKeyId);
  const tbs = certificate.encodeTBS().toBER(false);
  certificate.tbsView = new Uint8Array(tbs);
  certificate.signatureAlgorithm = algorithmIdentifier(signer.keyType);
  // ECDSA signatures come out DER-encoded (node's default), as X.509 wants them.
  const signature = sign(SIGNING[signer.keyType].hash, new Uint8Array(tbs), signer.privateKey);
  certificate.signatureValue = new asn1js.BitString({ valueHex: signature });
  const der = Buffer.from(certificate.toSchema(false).toBER(false));
  return { certificate: der, pem: toPem(der), privateKey: keys.privateKey, keyType: options.keyType, name: options.name, subjectKeyId };
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** A Country Signing CA: self-signed, CA:true, keyCertSign. */
export function makeCsca(options: TestCertificateOptions): TestCertificate {
  return makeCertificate(options, { ca: true, issuer: null });
}

/** A Document Signer issued by `csca`: the certificate a genuine chip carries in its SOD. */
export function makeDocumentSigner(csca: TestCertificate, options: TestCertificateOptions): TestCertificate {
  return makeCertificate(options, { ca: false, issuer: csca });
}

/** A self-signed signer certificate: what a forger who has no CSCA key puts on his chip. */
export function makeSelfSigned(options: TestCertificateOptions): TestCertificate {
  return makeCertificate(options, { ca: false, issuer: null });
}
