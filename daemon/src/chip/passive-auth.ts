// ICAO 9303-11 passive authentication of the files a chip reader's service sent
// (docs/research/chip-readers.md §3): each data group's hash against the SOD's LDSSecurityObject, the
// signed messageDigest against the LDSSecurityObject, the Document Signer's signature over the signed
// attributes, and, when the operator installed CSCA certificates, the DS chaining to one of them.
//
// What a result may be claimed as: `integrity` means the data is what some signer signed (the DS comes
// from the chip, so anyone can make one); only `issuer` means an installed issuing authority signed it.
// Neither says the chip is not a copy: that needs active or chip authentication, which the HN212 does
// not report.
//
// Signatures are verified with node:crypto, not pkijs's WebCrypto engine: Vietnamese DS keys are said
// to be brainpoolP384r1, which WebCrypto rejects and OpenSSL accepts.

import { X509Certificate, constants, createHash, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { ChipRawFiles } from '../../../drivers/src/chip/chip-transport.ts';
import type { CscaStore } from './csca-store.ts';

/** `dg13Format` is the desk's own check after these (chip-identity.ts): a DG13 the signature covers
 *  but that does not hold a readable identity. */
export type ChipCheck = 'sodFormat' | 'dgNotListed' | 'dgHash' | 'messageDigest' | 'signature' | 'issuer' | 'dg13Format';

export type ChipVerification =
  { readonly level: 'none' } | { readonly level: 'integrity' } | { readonly level: 'issuer' } | { readonly level: 'failed'; readonly check: ChipCheck };

export type ChipFilesToVerify = Pick<ChipRawFiles, 'dg2' | 'dg13' | 'dg14' | 'dg15' | 'sod'>;

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  ldsSecurityObject: '2.23.136.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

/** Digest algorithm OID → node:crypto hash name. */
const HASHES: ReadonlyMap<string, string> = new Map([
  ['1.3.14.3.2.26', 'sha1'],
  ['2.16.840.1.101.3.4.2.4', 'sha224'],
  ['2.16.840.1.101.3.4.2.1', 'sha256'],
  ['2.16.840.1.101.3.4.2.2', 'sha384'],
  ['2.16.840.1.101.3.4.2.3', 'sha512'],
]);

/** Signature algorithms that name their hash: sha*WithRSAEncryption (PKCS#1 v1.5) and ecdsa-with-SHA*. */
const SIGNATURE_HASHES: ReadonlyMap<string, string> = new Map([
  ['1.2.840.113549.1.1.5', 'sha1'],
  ['1.2.840.113549.1.1.14', 'sha224'],
  ['1.2.840.113549.1.1.11', 'sha256'],
  ['1.2.840.113549.1.1.12', 'sha384'],
  ['1.2.840.113549.1.1.13', 'sha512'],
  ['1.2.840.10045.4.1', 'sha1'],
  ['1.2.840.10045.4.3.1', 'sha224'],
  ['1.2.840.10045.4.3.2', 'sha256'],
  ['1.2.840.10045.4.3.3', 'sha384'],
  ['1.2.840.10045.4.3.4', 'sha512'],
]);

/** The data groups a reader's service sends, by their number in the LDSSecurityObject. */
const GROUP_NUMBERS = [
  ['dg2', 2],
  ['dg13', 13],
  ['dg14', 14],
  ['dg15', 15],
] as const;

interface Sod {
  readonly ldsHash: string;
  readonly groupHashes: ReadonlyMap<number, Buffer>;
  readonly eContent: Buffer;
  readonly eContentType: string;
  readonly signerInfo: pkijs.SignerInfo;
  /** The SignedData's certificates as the exact DER bytes they were sent as. */
  readonly certificates: readonly Buffer[];
}

/** A step that ran to its end and found the data wrong. */
class CheckFailed extends Error {
  constructor(readonly check: ChipCheck) {
    super(check);
  }
}

/** Never throws: whatever goes wrong is the check that was running. */
export function verifyChip(files: ChipFilesToVerify, cscas: CscaStore | null): ChipVerification {
  if (!files.sod || !files.dg13) return { level: 'none' };
  let running: ChipCheck = 'sodFormat';
  try {
    const sod = parseSod(files.sod);
    running = 'dgHash';
    checkGroupHashes(files, sod);
    running = 'messageDigest';
    checkMessageDigest(sod);
    running = 'signature';
    const ds = checkSignature(sod);
    if (cscas === null) return { level: 'integrity' };
    running = 'issuer';
    return cscas.issuerOf(ds) ? { level: 'issuer' } : { level: 'failed', check: 'issuer' };
  } catch (error) {
    return { level: 'failed', check: error instanceof CheckFailed ? error.check : running };
  }
}

function decodeWhole(bytes: Uint8Array): asn1js.AsnType {
  // A copy: pkijs re-tags bytes it holds views on, and the caller's buffers are not ours to change.
  const decoded = asn1js.fromBER(new Uint8Array(bytes));
  if (decoded.offset === -1 || decoded.offset !== bytes.length) throw new CheckFailed('sodFormat');
  return decoded.result;
}

function parseSod(bytes: Buffer): Sod {
  const contentInfoAsn = unwrap77(decodeWhole(bytes));
  const contentInfo = new pkijs.ContentInfo({ schema: contentInfoAsn });
  if (contentInfo.contentType !== OID.signedData) throw new CheckFailed('sodFormat');
  const certificates = certificateDers(contentInfo.content);
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const { eContentType, eContent } = signedData.encapContentInfo;
  if (eContentType !== OID.ldsSecurityObject || !(eContent instanceof asn1js.OctetString)) throw new CheckFailed('sodFormat');
  // ICAO 9303-10: exactly one signer; a second would leave open which one vouches for the data.
  const [signerInfo, ...others] = signedData.signerInfos;
  if (!signerInfo || others.length > 0) throw new CheckFailed('sodFormat');
  const content = Buffer.from(eContent.getValue());
  return { ...parseLds(content), eContent: content, eContentType, signerInfo, certificates };
}

// The EF.SOD file is the ContentInfo inside an application tag 23 (byte 77); some services send the
// ContentInfo alone (the research note's JS verifier accepts both), so both are read.
function unwrap77(root: asn1js.AsnType): asn1js.AsnType {
  const { tagClass, tagNumber } = root.idBlock;
  if (tagClass !== 2 || tagNumber !== 23) return root;
  if (!(root instanceof asn1js.Constructed) || root.valueBlock.value.length !== 1) throw new CheckFailed('sodFormat');
  return root.valueBlock.value[0] as asn1js.AsnType;
}

// The DER of each certificate as sent, taken from the parsed tree before pkijs re-models it: the DS
// key is read by node:crypto from those very bytes, never from a re-encoding.
function certificateDers(signedData: unknown): Buffer[] {
  if (!(signedData instanceof asn1js.Sequence)) throw new CheckFailed('sodFormat');
  const set = signedData.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0);
  if (!(set instanceof asn1js.Constructed)) return [];
  return set.valueBlock.value.filter((b) => b instanceof asn1js.Sequence).map((b) => Buffer.from(b.valueBeforeDecodeView));
}

/** LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm AlgorithmIdentifier, dataGroupHashValues SEQUENCE OF DataGroupHash, … } */
function parseLds(bytes: Buffer): Pick<Sod, 'ldsHash' | 'groupHashes'> {
  const lds = decodeWhole(bytes);
  if (!(lds instanceof asn1js.Sequence)) throw new CheckFailed('sodFormat');
  const [version, algorithm, list] = lds.valueBlock.value;
  if (!(version instanceof asn1js.Integer) || !(list instanceof asn1js.Sequence)) throw new CheckFailed('sodFormat');
  const ldsHash = hashOf(new pkijs.AlgorithmIdentifier({ schema: algorithm }), 'sodFormat');
  const groupHashes = new Map<number, Buffer>();
  for (const entry of list.valueBlock.value) {
    const [number, value] = entry instanceof asn1js.Sequence ? entry.valueBlock.value : [];
    if (!(number instanceof asn1js.Integer) || !(value instanceof asn1js.OctetString)) throw new CheckFailed('sodFormat');
    const n = Number(number.toBigInt());
    if (groupHashes.has(n)) throw new CheckFailed('sodFormat');
    groupHashes.set(n, Buffer.from(value.getValue()));
  }
  return { ldsHash, groupHashes };
}

function hashOf(algorithm: pkijs.AlgorithmIdentifier, check: ChipCheck): string {
  const hash = HASHES.get(algorithm.algorithmId);
  if (hash === undefined) throw new CheckFailed(check);
  return hash;
}

function digest(hash: string, data: Uint8Array): Buffer {
  return createHash(hash).update(data).digest();
}

// Each file is hashed whole, tag and length included. A group listed but not sent is fine: the
// HN212 sends no DG1 although the SOD lists it; a group sent but not listed was never signed.
function checkGroupHashes(files: ChipFilesToVerify, sod: Sod): void {
  for (const [key, n] of GROUP_NUMBERS) {
    const file = files[key];
    if (file === undefined) continue;
    const expected = sod.groupHashes.get(n);
    if (expected === undefined) throw new CheckFailed('dgNotListed');
    if (!digest(sod.ldsHash, file).equals(expected)) throw new CheckFailed('dgHash');
  }
}

function signedAttribute(sod: Sod, type: string): asn1js.AsnType | undefined {
  const attributes = sod.signerInfo.signedAttrs?.attributes ?? [];
  const matching = attributes.filter((a) => a.type === type);
  // CMS (RFC 5652 §11): one attribute of each type, one value each; anything else is not trusted.
  if (matching.length > 1 || (matching[0] && matching[0].values.length !== 1)) throw new CheckFailed('messageDigest');
  return matching[0]?.values[0] as asn1js.AsnType | undefined;
}

// The signature covers the signed attributes, not the LDSSecurityObject: without this check a
// forger could rewrite the hashes under an untouched signature.
function checkMessageDigest(sod: Sod): void {
  const messageDigest = signedAttribute(sod, OID.messageDigest);
  if (!(messageDigest instanceof asn1js.OctetString)) throw new CheckFailed('messageDigest');
  const expected = digest(hashOf(sod.signerInfo.digestAlgorithm, 'messageDigest'), sod.eContent);
  if (!expected.equals(Buffer.from(messageDigest.getValue()))) throw new CheckFailed('messageDigest');
  const contentType = signedAttribute(sod, OID.contentType);
  if (contentType !== undefined && (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.getValue() !== sod.eContentType)) {
    throw new CheckFailed('messageDigest');
  }
}

/** Verifies the DS signature; returns the DS certificate for the chain check. */
function checkSignature(sod: Sod): X509Certificate {
  const signedAttrs = sod.signerInfo.signedAttrs;
  if (!signedAttrs) throw new CheckFailed('signature');
  const ds = signerCertificate(sod);
  // RFC 5652 §5.4: the signature is over the attributes DER-encoded as a SET (tag 31), not as the
  // [0] IMPLICIT (tag A0) they are sent in. Set here explicitly, whatever the parser kept.
  const signedBytes = Buffer.from(signedAttrs.encodedValue);
  signedBytes[0] = 0x31;
  const signature = Buffer.from(sod.signerInfo.signature.getValue());
  if (!verifyWith(ds.publicKey, sod.signerInfo, signedBytes, signature)) throw new CheckFailed('signature');
  return ds;
}

function signerCertificate(sod: Sod): X509Certificate {
  const sid: unknown = sod.signerInfo.sid;
  for (const der of sod.certificates) {
    const certificate = new pkijs.Certificate({ schema: asn1js.fromBER(new Uint8Array(der)).result });
    if (sid instanceof pkijs.IssuerAndSerialNumber ? matchesIssuerSerial(certificate, sid) : matchesKeyId(certificate, sid)) {
      return new X509Certificate(der);
    }
  }
  throw new CheckFailed('signature');
}

function matchesIssuerSerial(certificate: pkijs.Certificate, sid: pkijs.IssuerAndSerialNumber): boolean {
  return certificate.issuer.isEqual(sid.issuer) && certificate.serialNumber.isEqual(sid.serialNumber);
}

/** sid [0] SubjectKeyIdentifier: an IMPLICIT OCTET STRING (primitive), or wrapped by lax encoders. */
function matchesKeyId(certificate: pkijs.Certificate, sid: unknown): boolean {
  let keyId: Uint8Array | undefined;
  if (sid instanceof asn1js.Constructed && sid.valueBlock.value[0] instanceof asn1js.OctetString) keyId = sid.valueBlock.value[0].valueBlock.valueHexView;
  else if (sid instanceof asn1js.Primitive) keyId = sid.valueBlock.valueHexView;
  const extension = certificate.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  if (!keyId || !extension) return false;
  const inner = asn1js.fromBER(new Uint8Array(extension.extnValue.getValue())).result;
  return inner instanceof asn1js.OctetString && Buffer.from(inner.getValue()).equals(keyId);
}

function verifyWith(key: KeyObject, signerInfo: pkijs.SignerInfo, data: Buffer, signature: Buffer): boolean {
  const algorithm = signerInfo.signatureAlgorithm;
  const named = SIGNATURE_HASHES.get(algorithm.algorithmId);
  if (named !== undefined) return verify(named, data, key, signature);
  // rsaEncryption and id-ecPublicKey name only the key: the hash is the signer's digestAlgorithm.
  // ECDSA signatures are DER-encoded (node's default dsaEncoding), on any curve OpenSSL knows.
  if (algorithm.algorithmId === OID.rsaEncryption || algorithm.algorithmId === OID.ecPublicKey) {
    return verify(hashOf(signerInfo.digestAlgorithm, 'signature'), data, key, signature);
  }
  if (algorithm.algorithmId === OID.rsaPss) return verifyPss(key, algorithm, data, signature);
  return false;
}

function verifyPss(key: KeyObject, algorithm: pkijs.AlgorithmIdentifier, data: Buffer, signature: Buffer): boolean {
  // RFC 4055 defaults (SHA-1, MGF1 with SHA-1, salt 20) apply to fields left out.
  const params =
    algorithm.algorithmParams instanceof asn1js.Sequence ? new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams }) : new pkijs.RSASSAPSSParams();
  const hash = hashOf(params.hashAlgorithm, 'signature');
  const mgf = params.maskGenAlgorithm;
  const mgfHash = mgf.algorithmParams ? hashOf(new pkijs.AlgorithmIdentifier({ schema: mgf.algorithmParams }), 'signature') : 'sha1';
  // node:crypto uses the message hash for MGF1 too: a signer that chose another cannot be checked.
  if (mgf.algorithmId !== OID.mgf1 || mgfHash !== hash || params.trailerField !== 1) return false;
  return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature);
}
