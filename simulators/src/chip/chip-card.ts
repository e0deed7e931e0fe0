// A whole chip card as an HN212 reader's service would send it (docs/research/chip-readers.md §1-§3):
// the service's text fields, and the chip's DG2 (portrait), DG13 (Vietnamese identity data) and SOD
// (the Document Signer's CMS signature over their hashes). Forgeries are made by a fault option, or by
// passing a self-signed signer or one issued by another CSCA.

import { createHash, sign, constants } from 'node:crypto';
import * as asn1js from 'asn1js';
import jpeg from 'jpeg-js';
import * as pkijs from 'pkijs';
import type { ChipCard } from '../../../drivers/src/chip/chip-transport.ts';
import { signingOf, type TestCertificate } from './test-pki.ts';

export interface ChipIdentity {
  /** The 12-digit CCCD number. */
  readonly id: string;
  /** The 9-digit CMND number, when the holder had one. */
  readonly oldId?: string;
  readonly name: string;
  /** YYYY-MM-DD (written DD/MM/YYYY on the chip and by the service). */
  readonly dob: string;
  readonly sex: 'Nam' | 'Nữ';
  /** Default "Việt Nam". */
  readonly nationality?: string;
  /** Default "Kinh". */
  readonly ethnicity?: string;
  /** Default "Không". */
  readonly religion?: string;
  readonly origin?: string;
  readonly residence: string;
  readonly marks?: string;
  /** YYYY-MM-DD. */
  readonly issueDate: string;
  /** YYYY-MM-DD, or null for a card that does not expire ("Không thời hạn"). */
  readonly expiryDate: string | null;
  readonly father?: string;
  readonly mother?: string;
  readonly spouse?: string;
}

/** `alteredDg13`: one byte of the residence changed after signing. `rewrittenHashes`: that, and the
 *  DG13 hash in the LDSSecurityObject updated to match, the signed attributes and signature left as
 *  they were. `noRaw`: a service that sent no chip files. `signedAttrsA0`: signed over the
 *  attributes as tagged in the SOD (A0) instead of as a SET (31), a builder bug a verifier must catch.
 *  The text fields always stay the identity's: a fault is in the chip files only. */
export type ChipCardFault = 'alteredDg13' | 'rewrittenHashes' | 'noRaw' | 'signedAttrsA0';

export interface ChipCardOptions {
  readonly fault?: ChipCardFault;
  /** The SOD inside its 77 tag, as EF.SOD holds it (default true). */
  readonly wrap77?: boolean;
  /** An RSA signer signs with RSASSA-PSS instead of PKCS#1 v1.5. */
  readonly rsaPss?: boolean;
  /** The SignerInfo names its signer by subjectKeyIdentifier instead of issuer and serial. */
  readonly sidByKeyId?: boolean;
}

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  signedData: '1.2.840.113549.1.7.2',
  ldsSecurityObject: '2.23.136.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
} as const;
const NO_EXPIRY = 'Không thời hạn';

/** YYYY-MM-DD → DD/MM/YYYY, the form the chip and the service write. */
function dmy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** An 8×8 mid-grey JPEG: a real image any decoder opens, small enough for a test. */
export function tinyJpeg(): Buffer {
  const data = Buffer.alloc(8 * 8 * 4, 0x80);
  return Buffer.from(jpeg.encode({ data, width: 8, height: 8 }, 80).data);
}

function entry(n: number, ...values: asn1js.BaseBlock[]): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.Integer({ value: n }), ...values] });
}

const printable = (value: string) => new asn1js.PrintableString({ value });
const utf8 = (value: string) => new asn1js.Utf8String({ value: value.normalize('NFC') });

// Numbers and dates are PrintableString, text UTF8String; the expiry is a UTF8String (it may read
// "Không thời hạn"), and the parents sit each in their own SEQUENCE, as on the cards the public Java
// reader was written for (docs/research/chip-readers.md §2).
function dg13Entries(p: ChipIdentity): asn1js.Sequence[] {
  const text = (n: number, value: string | undefined) => (value === undefined ? [] : [entry(n, utf8(value))]);
  const parents = p.father !== undefined || p.mother !== undefined;
  return [
    entry(1, printable(p.id)),
    ...text(2, p.name),
    entry(3, printable(dmy(p.dob))),
    ...text(4, p.sex),
    ...text(5, p.nationality ?? 'Việt Nam'),
    ...text(6, p.ethnicity ?? 'Kinh'),
    ...text(7, p.religion ?? 'Không'),
    ...text(8, p.origin),
    ...text(9, p.residence),
    ...text(10, p.marks),
    entry(11, printable(dmy(p.issueDate))),
    entry(12, utf8(p.expiryDate === null ? NO_EXPIRY : dmy(p.expiryDate))),
    ...(parents ? [entry(13, new asn1js.Sequence({ value: [utf8(p.father ?? '')] }), new asn1js.Sequence({ value: [utf8(p.mother ?? '')] }))] : []),
    p.spouse === undefined ? entry(14) : entry(14, utf8(p.spouse)),
    ...(p.oldId === undefined ? [] : [entry(15, printable(p.oldId))]),
  ];
}

/** DG13: application tag 13 (6D) around the entries. */
export function encodeDg13(identity: ChipIdentity): Buffer {
  const dg13 = new asn1js.Constructed({ idBlock: { tagClass: 2, tagNumber: 13 }, value: dg13Entries(identity) });
  return Buffer.from(dg13.toBER(false));
}

// ISO/IEC 19794-5:2005 facial record with one face, no feature points, and the JPEG.
function facialRecord(image: Buffer, sex: ChipIdentity['sex']): Buffer {
  const info = Buffer.alloc(20 + 12);
  info.writeUInt32BE(info.length + image.length, 0); // this face's length, counted from here
  info.writeUInt16BE(0, 4); // feature points
  info.writeUInt8(sex === 'Nam' ? 1 : 2, 6); // gender: 1 male, 2 female
  info.writeUInt8(1, 20); // face image type: full frontal
  info.writeUInt8(0, 21); // image data type: JPEG
  info.writeUInt16BE(8, 22); // width
  info.writeUInt16BE(8, 24); // height
  const header = Buffer.alloc(14);
  header.write('FAC\x00010\x00', 0, 'latin1'); // format identifier and version 010
  header.writeUInt32BE(14 + info.length + image.length, 8);
  header.writeUInt16BE(1, 12); // number of faces
  return Buffer.concat([header, info, image]);
}

const appTag = (tagNumber: number, value: asn1js.BaseBlock[]) => new asn1js.Constructed({ idBlock: { tagClass: 2, tagNumber }, value });
const contextPrimitive = (tagNumber: number, bytes: number[]) => new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber }, valueHex: new Uint8Array(bytes) });

/** DG2 (75) → 7F61 (count, 7F60 → A1 header, 5F2E record). */
export function encodeDg2(image: Buffer, sex: ChipIdentity['sex']): Buffer {
  // Biometric header template: ICAO header version 1.1, biometric type 2 (face), format owner and type.
  const header = new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [contextPrimitive(0, [0x01, 0x01]), contextPrimitive(1, [0x02]), contextPrimitive(7, [0x01, 0x01]), contextPrimitive(8, [0x00, 0x08])],
  });
  const dataBlock = new asn1js.Primitive({ idBlock: { tagClass: 2, tagNumber: 0x2e }, valueHex: new Uint8Array(facialRecord(image, sex)) });
  const group = appTag(0x61, [new asn1js.Integer({ value: 1 }), appTag(0x60, [header, dataBlock])]);
  return Buffer.from(appTag(0x15, [group]).toBER(false));
}

/** LDSSecurityObject v0 with SHA-256 hashes, by group number. */
function ldsSecurityObject(groups: ReadonlyMap<number, Buffer>): Buffer {
  const hashes = [...groups].map(
    ([n, file]) =>
      new asn1js.Sequence({ value: [new asn1js.Integer({ value: n }), new asn1js.OctetString({ valueHex: createHash('sha256').update(file).digest() })] }),
  );
  const lds = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sha256 })] }),
      new asn1js.Sequence({ value: hashes }),
    ],
  });
  return Buffer.from(lds.toBER(false));
}

interface SignedLds {
  readonly signedAttrs: pkijs.SignedAndUnsignedAttributes;
  readonly signature: Buffer;
}

function digestAlgorithm(signer: TestCertificate): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: signingOf(signer.keyType).hash === 'sha384' ? OID.sha384 : OID.sha256 });
}

// DER orders a SET OF by its members' encodings; a verifier re-encodes nothing, but a real SOD is DER.
function signedAttributes(lds: Buffer, hash: string): pkijs.SignedAndUnsignedAttributes {
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.ldsSecurityObject })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: createHash(hash).update(lds).digest() })] }),
  ];
  const der = (a: pkijs.Attribute) => Buffer.from(a.toSchema().toBER(false));
  attributes.sort((a, b) => Buffer.compare(der(a), der(b)));
  return new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
}

/** The signed attributes over this LDSSecurityObject, and the signer's signature over them. */
function signLds(lds: Buffer, signer: TestCertificate, options: ChipCardOptions): SignedLds {
  const hash = signingOf(signer.keyType).hash;
  const signedAttrs = signedAttributes(lds, hash);
  const toSign = Buffer.from(signedAttrs.toSchema().toBER(false));
  // RFC 5652 §5.4: signed as a SET (31), though sent as [0] IMPLICIT (A0). The fault keeps A0.
  if (options.fault !== 'signedAttrsA0') toSign[0] = 0x31;
  const key =
    options.rsaPss && signer.keyType === 'rsa' ? { key: signer.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : signer.privateKey;
  return { signedAttrs, signature: sign(hash, toSign, key) };
}

function signatureAlgorithm(signer: TestCertificate, options: ChipCardOptions): pkijs.AlgorithmIdentifier {
  if (!(options.rsaPss && signer.keyType === 'rsa')) {
    const { algorithm, nullParams } = signingOf(signer.keyType);
    return new pkijs.AlgorithmIdentifier(nullParams ? { algorithmId: algorithm, algorithmParams: new asn1js.Null() } : { algorithmId: algorithm });
  }
  const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
  const params = new pkijs.RSASSAPSSParams({
    hashAlgorithm: sha256,
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.mgf1, algorithmParams: sha256.toSchema() }),
    saltLength: 32,
  });
  return new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaPss, algorithmParams: params.toSchema() });
}

function signerId(certificate: pkijs.Certificate, signer: TestCertificate, byKeyId: boolean): pkijs.IssuerAndSerialNumber | asn1js.Primitive {
  if (byKeyId) return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: new Uint8Array(signer.subjectKeyId) });
  return new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber });
}

/** The SOD: ContentInfo{SignedData} carrying `lds` as its eContent, in a 77 tag unless told not to. */
function assembleSod(lds: Buffer, signed: SignedLds, signer: TestCertificate, options: ChipCardOptions): Buffer {
  const certificate = new pkijs.Certificate({ schema: asn1js.fromBER(new Uint8Array(signer.certificate)).result });
  const signerInfo = new pkijs.SignerInfo({
    version: options.sidByKeyId ? 3 : 1,
    sid: signerId(certificate, signer, options.sidByKeyId === true),
    digestAlgorithm: digestAlgorithm(signer),
    signedAttrs: signed.signedAttrs,
    signatureAlgorithm: signatureAlgorithm(signer, options),
    signature: new asn1js.OctetString({ valueHex: signed.signature }),
  });
  const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.ldsSecurityObject });
  // Set after construction: given to the constructor, pkijs would split it into a constructed (BER) OCTET STRING.
  encapContentInfo.eContent = new asn1js.OctetString({ valueHex: lds });
  const signedData = new pkijs.SignedData({
    version: 3,
    digestAlgorithms: [digestAlgorithm(signer)],
    encapContentInfo,
    certificates: [certificate],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  const schema = options.wrap77 === false ? contentInfo.toSchema() : appTag(23, [contentInfo.toSchema()]);
  return Buffer.from(schema.toBER(false));
}

/** One byte of the residence changed: an ASCII letter's case or a digit, so the text stays valid UTF-8. */
function alterResidence(dg13: Buffer, identity: ChipIdentity): Buffer {
  const value = Buffer.from(identity.residence.normalize('NFC'), 'utf8');
  const at = dg13.indexOf(value);
  const offset = [...value].findIndex((b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
  if (at < 0 || offset < 0) throw new Error('alteredDg13 needs a residence with an ASCII letter or digit');
  const altered = Buffer.from(dg13);
  const b = altered[at + offset]!;
  altered[at + offset] = b <= 0x39 ? 0x30 + ((b - 0x30 + 1) % 10) : b ^ 0x20;
  return altered;
}

/** The HN212 service's text fields (all strings; empty when the card has none). */
function serviceFields(p: ChipIdentity): Record<string, string> {
  return {
    idCode: p.id,
    oldIdCode: p.oldId ?? '',
    personName: p.name,
    dateOfBirth: dmy(p.dob),
    gender: p.sex,
    nationality: p.nationality ?? 'Việt Nam',
    race: p.ethnicity ?? 'Kinh',
    religion: p.religion ?? 'Không',
    originPlace: p.origin ?? '',
    residencePlace: p.residence,
    personalIdentification: p.marks ?? '',
    issueDate: dmy(p.issueDate),
    expiryDate: p.expiryDate === null ? NO_EXPIRY : dmy(p.expiryDate),
    fatherName: p.father ?? '',
    motherName: p.mother ?? '',
    wifeName: p.spouse ?? '',
  };
}

/** A card as the service sends it, signed by `signer` (a DS of some CSCA, or a self-signed forger's). */
export function makeChipCard(identity: ChipIdentity, signer: TestCertificate, options: ChipCardOptions = {}): Omit<ChipCard, 'at'> {
  const fields = serviceFields(identity);
  if (options.fault === 'noRaw') return { fields, raw: null };
  const image = tinyJpeg();
  const dg2 = encodeDg2(image, identity.sex);
  const signedDg13 = encodeDg13(identity);
  const lds = ldsSecurityObject(
    new Map([
      [2, dg2],
      [13, signedDg13],
    ]),
  );
  const signed = signLds(lds, signer, options);
  const altered = options.fault === 'alteredDg13' || options.fault === 'rewrittenHashes';
  const dg13 = altered ? alterResidence(signedDg13, identity) : signedDg13;
  // The forger's LDSSecurityObject matches his DG13, but the signed messageDigest still hashes the original.
  const shownLds =
    options.fault === 'rewrittenHashes'
      ? ldsSecurityObject(
          new Map([
            [2, dg2],
            [13, dg13],
          ]),
        )
      : lds;
  return { fields, raw: { dg2, dg13, sod: assembleSod(shownLds, signed, signer, options), image } };
}
