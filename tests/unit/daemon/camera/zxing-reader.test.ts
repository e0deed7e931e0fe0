// zxing-cpp as the camera ladder's reader, in the daemon and in the page's worker alike: grey frames go
// in as RGBA, QR codes only; a decoded code comes back as its exact bytes (the card's UTF-8, which the
// parser then reads), and a code seen but not decoded as its bounding box, which steers the fallbacks
// and the "hold still / move closer" hint. Checked with a stand-in readBarcodes for what is sent, and
// with the real zxing-wasm on a card photo from the simulators (simulators/src/camera/card-photo.ts).

import t from 'tap';
import type { Gray } from '../../../../daemon/src/camera/image-ops.ts';
import { localReadBarcodes } from '../../../../daemon/src/camera/qr-decode.ts';
import { toRgba, zxingOptions, zxingReader, type ReadBarcodes, type ZxingOptions, type ZxingResult } from '../../../../daemon/src/camera/zxing-reader.ts';
import { cardPhoto } from '../../../../simulators/src/camera/card-photo.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const grey = (width: number, height: number, data: number[]): Gray => ({ width, height, data: Uint8Array.from(data) });

t.test('toRgba: each grey pixel becomes opaque R=G=B', async (t) => {
  t.same([...toRgba(grey(3, 1, [0, 128, 255]))], [0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
});

t.test('toRgba reuses a buffer of the right size, and only that', async (t) => {
  const into = new Uint8ClampedArray(2 * 2 * 4);
  const out = toRgba(grey(2, 2, [1, 2, 3, 4]), into);
  t.equal(out, into, 'same size: written in place');
  t.same([...out.filter((_, i) => i % 4 === 0)], [1, 2, 3, 4]);
  const other = toRgba(grey(3, 1, [5, 6, 7]), into);
  t.not(other, into, 'another size: a new buffer');
  t.equal(other.length, 12);
});

t.test("zxing-cpp's options: QR codes only, the given binariser, every second guess on", async (t) => {
  t.same(zxingOptions('GlobalHistogram', false), {
    formats: ['QRCode'],
    binarizer: 'GlobalHistogram',
    returnErrors: false,
    tryHarder: true,
    tryRotate: true,
    tryInvert: true,
    tryDownscale: true,
  });
});

/** A stand-in for zxing-wasm's readBarcodes: records what it is sent, answers what the test says. */
function standIn(answers: ZxingResult[][]) {
  const calls: Array<{ data: Uint8ClampedArray; width: number; height: number; colorSpace: string; options: ZxingOptions }> = [];
  const read: ReadBarcodes = async (image, options) => {
    calls.push({ ...image, options });
    return answers.shift() ?? [];
  };
  return { read, calls };
}

const corners = (x: number, y: number, w: number, h: number): ZxingResult['position'] => ({
  topLeft: { x, y },
  topRight: { x: x + w, y: y + 2 },
  bottomLeft: { x: x + 3, y: y + h },
  bottomRight: { x: x + w - 1, y: y + h - 4 },
});

t.test('a decoded code: its exact bytes, and the frame sent as RGBA of its size', async (t) => {
  const payload = Buffer.from(AN, 'utf8');
  const s = standIn([[{ isValid: true, bytes: payload, position: corners(0, 0, 10, 10) }]]);
  const out = await zxingReader(s.read)(grey(4, 2, [10, 20, 30, 40, 50, 60, 70, 80]), 'LocalAverage', true);
  t.same(Buffer.from(out.bytes!), payload);
  t.not(out.bytes, payload, 'a copy: zxing-wasm may reuse its memory');
  t.same(out.seen, []);
  t.match(s.calls[0], {
    width: 4,
    height: 2,
    colorSpace: 'srgb',
    options: { formats: ['QRCode'], binarizer: 'LocalAverage', returnErrors: true, tryRotate: false },
  });
  t.equal(s.calls[0]!.data.length, 4 * 2 * 4);
  t.equal(s.calls[0]!.data[4], 20, 'the second pixel');
});

t.test("a fallback's crop is read with the binariser the pass asks for, without rotation", async (t) => {
  const s = standIn([[]]);
  await zxingReader(s.read)(grey(2, 2, [0, 0, 0, 0]), 'GlobalHistogram', false);
  t.match(s.calls[0]!.options, { formats: ['QRCode'], binarizer: 'GlobalHistogram', returnErrors: true, tryRotate: false });
});

t.test('codes seen but not decoded come back as bounding boxes; an empty valid result is not a read', async (t) => {
  const s = standIn([
    [
      { isValid: true, bytes: new Uint8Array(0), position: corners(0, 0, 1, 1) },
      { isValid: false, bytes: new Uint8Array(0), position: corners(100, 50, 200, 180) },
      { isValid: false, bytes: new Uint8Array(0), position: corners(400, 300, 40, 40) },
    ],
  ]);
  const out = await zxingReader(s.read)(grey(1, 1, [0]), 'LocalAverage', true);
  t.equal(out.bytes, null);
  t.same(out.seen, [
    { x: 100, y: 50, width: 200, height: 180 },
    { x: 400, y: 300, width: 40, height: 40 },
  ]);
});

t.test('the first valid code wins over codes merely seen', async (t) => {
  const s = standIn([
    [
      { isValid: false, bytes: new Uint8Array(0), position: corners(0, 0, 5, 5) },
      { isValid: true, bytes: Uint8Array.from([0x41]), position: corners(0, 0, 5, 5) },
      { isValid: true, bytes: Uint8Array.from([0x42]), position: corners(0, 0, 5, 5) },
    ],
  ]);
  t.same(await zxingReader(s.read)(grey(1, 1, [0]), 'LocalAverage', true), { bytes: Uint8Array.from([0x41]), seen: [] });
});

t.test('whole frames of one size share one RGBA buffer; crops get their own', async (t) => {
  const s = standIn([]);
  const read = zxingReader(s.read);
  await read(grey(2, 1, [1, 2]), 'LocalAverage', true);
  await read(grey(2, 1, [3, 4]), 'LocalAverage', true);
  await read(grey(2, 1, [5, 6]), 'LocalAverage', false);
  await read(grey(2, 1, [7, 8]), 'LocalAverage', true);
  const [a, b, crop, c] = s.calls.map((x) => x.data);
  t.equal(a, b, 'the second frame reuses the first frame’s buffer');
  t.equal(a, c, 'a crop in between does not take it');
  t.not(crop, a, 'the crop has a buffer of its own');
  t.same([...crop!.filter((_, i) => i % 4 === 0)], [5, 6]);
});

t.test('with the real zxing-wasm: a card photo gives the card’s exact UTF-8 bytes', async (t) => {
  const photo = cardPhoto(AN, { width: 400, height: 300, qrSize: 220 });
  const read = zxingReader(await localReadBarcodes());
  const out = await read(
    { width: photo.width, height: photo.height, data: new Uint8Array(photo.gray.buffer, photo.gray.byteOffset, photo.gray.length) },
    'LocalAverage',
    true,
  );
  t.equal(Buffer.from(out.bytes ?? []).toString('utf8'), AN);
  const blank = await read({ width: 400, height: 300, data: new Uint8Array(400 * 300).fill(200) }, 'LocalAverage', true);
  t.same(blank, { bytes: null, seen: [] }, 'a bare desk: nothing read, nothing seen');
});
