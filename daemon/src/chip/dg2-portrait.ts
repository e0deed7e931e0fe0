// The portrait on the chip: DG2 (ICAO 9303-10) → 7F61 biometric information group template → 7F60
// biometric information template → 5F2E (or 7F2E) biometric data block, which holds an ISO/IEC
// 19794-5 facial record whose image is a JPEG or a JPEG 2000. The TLV is walked, never matched by
// byte offsets; inside the record the image is located by the record's header when it makes sense,
// else by the image's magic bytes (some issuers fill the header loosely).

import * as asn1js from 'asn1js';

/** PNG: only a reader service's own image (HN212 `img_data`) is seen as one; DG2 holds JPEG or JPEG 2000. */
export type PortraitMime = 'image/jpeg' | 'image/jp2' | 'image/png';

export interface Portrait {
  readonly mime: PortraitMime;
  readonly bytes: Buffer;
}

const APPLICATION = 2;
const DG2_TAG = 0x15; // 75
const GROUP_TEMPLATE_TAG = 0x61; // 7F61
const TEMPLATE_TAG = 0x60; // 7F60
const DATA_BLOCK_TAG = 0x2e; // 5F2E primitive, 7F2E constructed

const MAGICS: ReadonlyArray<{ mime: PortraitMime; bytes: Buffer }> = [
  { mime: 'image/jpeg', bytes: Buffer.from([0xff, 0xd8, 0xff]) },
  { mime: 'image/jp2', bytes: Buffer.from([0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) }, // JP2 file signature box
  { mime: 'image/jp2', bytes: Buffer.from([0xff, 0x4f, 0xff, 0x51]) }, // bare JPEG 2000 codestream
  { mime: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
];

/** The kind of image `bytes` starts with, by its magic bytes; null when none of the above. */
export function imageMime(bytes: Buffer): PortraitMime | null {
  return mimeAt(bytes, 0);
}

/** The first portrait of a DG2 file (tag and length included), or null when there is none to show. */
export function portraitOfDg2(dg2: Buffer): Portrait | null {
  try {
    for (const block of dataBlocks(dg2)) {
      const image = imageInRecord(block);
      if (image) return image;
    }
    return null;
  } catch {
    return null;
  }
}

function dataBlocks(dg2: Buffer): Buffer[] {
  const decoded = asn1js.fromBER(new Uint8Array(dg2));
  if (decoded.offset === -1) return [];
  const root = decoded.result;
  if (!isApplication(root, DG2_TAG)) return [];
  return childrenTagged(root, GROUP_TEMPLATE_TAG)
    .flatMap((group) => childrenTagged(group, TEMPLATE_TAG))
    .flatMap((template) => childrenTagged(template, DATA_BLOCK_TAG))
    .map(valueBytes);
}

function isApplication(block: asn1js.BaseBlock, tagNumber: number): boolean {
  return block.idBlock.tagClass === APPLICATION && block.idBlock.tagNumber === tagNumber;
}

function childrenTagged(block: asn1js.BaseBlock, tagNumber: number): asn1js.BaseBlock[] {
  if (!(block instanceof asn1js.Constructed)) return [];
  return block.valueBlock.value.filter((child) => isApplication(child, tagNumber));
}

// 5F2E is primitive: its value is the record. A constructed 7F2E nests the record in inner blocks;
// their bytes, tags included, are searched as a whole by magic.
function valueBytes(block: asn1js.BaseBlock): Buffer {
  if (block instanceof asn1js.Primitive) return Buffer.from(block.valueBlock.valueHexView);
  if (!(block instanceof asn1js.Constructed)) return Buffer.alloc(0);
  return Buffer.concat(block.valueBlock.value.map((inner) => inner.valueBeforeDecodeView));
}

function imageInRecord(record: Buffer): Portrait | null {
  return imageByHeader(record) ?? imageByMagic(record);
}

function mimeAt(bytes: Buffer, offset: number): PortraitMime | null {
  return MAGICS.find((m) => bytes.subarray(offset, offset + m.bytes.length).equals(m.bytes))?.mime ?? null;
}

// ISO/IEC 19794-5:2005: a 14-byte general header ('FAC\0', version, record length, face count),
// then per face a 20-byte facial information block (its first 4 bytes: the face's length, counted
// from there), 8 bytes per feature point, a 12-byte image information block, and the image.
function imageByHeader(record: Buffer): Portrait | null {
  if (record.length < 46 || !record.subarray(0, 4).equals(Buffer.from('FAC\0', 'latin1'))) return null;
  const faceLength = record.readUInt32BE(14);
  const featurePoints = record.readUInt16BE(18);
  const start = 14 + 20 + 8 * featurePoints + 12;
  const end = 14 + faceLength;
  if (end > record.length || start >= end) return null;
  const mime = mimeAt(record, start);
  return mime ? { mime, bytes: Buffer.from(record.subarray(start, end)) } : null;
}

function imageByMagic(record: Buffer): Portrait | null {
  const found = MAGICS.map((m) => ({ mime: m.mime, at: record.indexOf(m.bytes) }))
    .filter((f) => f.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  return found ? { mime: found.mime, bytes: Buffer.from(record.subarray(found.at)) } : null;
}
