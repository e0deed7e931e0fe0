// The chip's portrait is shown to the receptionist beside the patient: it must come out of DG2 as
// the image itself (JPEG or JPEG 2000, with its type), whatever the template nesting, and nothing
// must be shown when DG2 holds no image.

import jpeg from 'jpeg-js';
import t from 'tap';
import { portraitOfDg2 } from '../../../../daemon/src/chip/dg2-portrait.ts';
import { makeChipCard } from '../../../../simulators/src/chip/chip-card.ts';
import { makeCsca, makeDocumentSigner } from '../../../../simulators/src/chip/test-pki.ts';

function tlv(tag: number[], content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from(tag), Buffer.from(length), content]);
}

/** ISO/IEC 19794-5 record: general header, facial information (with `points` feature points), image information, image. */
function record(image: Buffer, points = 0, imageType = 1): Buffer {
  const face = Buffer.alloc(20 + 8 * points + 12);
  face.writeUInt32BE(face.length + image.length, 0);
  face.writeUInt16BE(points, 4);
  face.writeUInt8(imageType, 20 + 8 * points + 1);
  const header = Buffer.alloc(14);
  header.write('FAC\x00010\x00', 0, 'latin1');
  header.writeUInt32BE(14 + face.length + image.length, 8);
  header.writeUInt16BE(1, 12);
  return Buffer.concat([header, face, image]);
}

function dg2(dataBlock: Buffer): Buffer {
  const headerTemplate = tlv([0xa1], tlv([0x80], Buffer.from([0x01, 0x01])));
  const template = tlv([0x7f, 0x60], Buffer.concat([headerTemplate, dataBlock]));
  return tlv([0x75], tlv([0x7f, 0x61], Buffer.concat([tlv([0x02], Buffer.from([1])), template])));
}

// A JPEG 2000 file: the JP2 signature box then some bytes standing in for the rest of the file.
const JP2 = Buffer.concat([Buffer.from('0000000c6a5020200d0a870a', 'hex'), Buffer.from('00000014667479706a703220', 'hex'), Buffer.alloc(300, 7)]);
const CODESTREAM = Buffer.concat([Buffer.from('ff4fff51', 'hex'), Buffer.alloc(40, 3), Buffer.from('ffd9', 'hex')]);

t.test('the builder’s DG2 gives back its JPEG, which decodes', async (t) => {
  const csca = makeCsca({ keyType: 'p256', name: 'CSCA' });
  const raw = makeChipCard(
    { id: '001089012345', name: 'Nguyễn Văn An', dob: '1989-03-15', sex: 'Nam', residence: 'Hà Nội', issueDate: '2021-04-20', expiryDate: '2029-03-15' },
    makeDocumentSigner(csca, { keyType: 'p256', name: 'DS' }),
  ).raw!;
  const portrait = portraitOfDg2(raw.dg2!);
  t.equal(portrait?.mime, 'image/jpeg');
  t.ok(portrait?.bytes.equals(raw.image!), 'the very image the service sent beside it');
  const decoded = jpeg.decode(portrait!.bytes);
  t.same([decoded.width, decoded.height], [8, 8]);
});

t.test('a hand-made DG2 with a JPEG 2000 (JP2 file) in 5F2E', async (t) => {
  const portrait = portraitOfDg2(dg2(tlv([0x5f, 0x2e], record(JP2))));
  t.equal(portrait?.mime, 'image/jp2');
  t.ok(portrait?.bytes.equals(JP2), 'exactly the image: the header skipped, nothing after it');
});

t.test('feature points before the image are skipped by the header, not mistaken for it', async (t) => {
  const portrait = portraitOfDg2(dg2(tlv([0x5f, 0x2e], record(JP2, 3))));
  t.ok(portrait?.bytes.equals(JP2));
});

t.test('a bare JPEG 2000 codestream in a constructed 7F2E is found by its magic', async (t) => {
  const portrait = portraitOfDg2(dg2(tlv([0x7f, 0x2e], tlv([0x81], CODESTREAM))));
  t.equal(portrait?.mime, 'image/jp2');
  t.ok(portrait?.bytes.equals(CODESTREAM));
});

t.test('a record whose header lies still gives the image, found by magic', async (t) => {
  const lying = record(JP2);
  lying.writeUInt32BE(9999, 14); // a face length beyond the record
  t.ok(portraitOfDg2(dg2(tlv([0x5f, 0x2e], lying)))?.bytes.equals(JP2));
});

t.test('no image, no portrait', async (t) => {
  t.equal(portraitOfDg2(dg2(tlv([0x5f, 0x2e], record(Buffer.alloc(64, 0x11))))), null, 'a record with no known image inside');
  t.equal(portraitOfDg2(tlv([0x75], tlv([0x7f, 0x61], tlv([0x02], Buffer.from([0]))))), null, 'no biometric template');
  t.equal(portraitOfDg2(tlv([0x6d], tlv([0x5f, 0x2e], record(JP2)))), null, 'not a DG2 (tag 6D)');
  t.equal(portraitOfDg2(Buffer.from('garbage')), null);
  t.equal(portraitOfDg2(Buffer.alloc(0)), null);
});
