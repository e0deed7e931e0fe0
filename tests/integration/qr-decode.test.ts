// The camera path without a camera: card QR photos generated from payloads (zxing-js's encoder,
// UTF-8 byte mode as on the card), rotated, blurred and noisy, decoded by the same zxing-js reader
// the kiosk's webcam uses, then parsed. Also `tiepnhan decode-image` on PNG and JPEG files.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import t from 'tap';
import { decodeLuminance } from '../../daemon/src/camera/qr-decode.ts';
import { parsePayload } from '../../daemon/src/parse/index.ts';
import { cardPhoto, toPng, type PhotoOptions } from '../../simulators/src/camera/card-photo.ts';
import { runCli } from '../helpers/cli.ts';

const CARDS = {
  an2021: '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021',
  huong2024: '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||',
};

const VIEWS: Record<string, PhotoOptions> = {
  straight: {},
  'rotated 15°': { rotateDeg: 15 },
  'rotated 45°, slightly blurred': { rotateDeg: 45, blur: 1 },
  'upside down': { rotateDeg: 180 },
  'out of focus': { blur: 2 },
  'out of focus and grainy': { blur: 2, noise: 10, seed: 3 },
  'small in the frame': { qrSize: 300, blur: 1 },
};

t.test('rotated and blurred card photos decode to the card’s exact bytes and parse', async (t) => {
  for (const [card, payload] of Object.entries(CARDS)) {
    for (const [view, options] of Object.entries(VIEWS)) {
      const img = cardPhoto(payload, options);
      const r = decodeLuminance(img.gray, img.width, img.height);
      if (!t.ok(r.ok, `${card}, ${view}: decoded`) || !r.ok) continue;
      t.equal(r.bytes?.toString('utf8'), payload, `${card}, ${view}: byte segments are the payload’s UTF-8 bytes`);
      t.equal(r.text, payload, `${card}, ${view}: zxing’s text agrees`);
      const parsed = parsePayload(r.bytes!);
      t.match(parsed, { ok: true, id: payload.slice(0, 12) }, `${card}, ${view}: parses`);
    }
  }
});

t.test('a photo too blurred to read is a clear failure, not a wrong patient', async (t) => {
  const img = cardPhoto(CARDS.an2021, { blur: 4 });
  const r = decodeLuminance(img.gray, img.width, img.height);
  t.equal(r.ok, false);
  const desk = new Uint8ClampedArray(1280 * 720).fill(150);
  t.match(decodeLuminance(desk, 1280, 720), { ok: false, error: 'no QR code found' }, 'an empty desk');
});

t.test('tiepnhan decode-image prints one JSON line per file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-qr-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const png = join(dir, 'an.png');
  await writeFile(png, toPng(cardPhoto(CARDS.an2021, { rotateDeg: 10, blur: 1 })));
  const img = cardPhoto(CARDS.huong2024, { rotateDeg: -8 });
  const rgba = Buffer.alloc(img.width * img.height * 4, 255);
  img.gray.forEach((v, i) => rgba.fill(v, i * 4, i * 4 + 3));
  const jpg = join(dir, 'huong.jpg');
  await writeFile(jpg, jpeg.encode({ data: rgba, width: img.width, height: img.height }, 90).data);
  const junk = join(dir, 'notes.txt');
  await writeFile(junk, 'not an image');

  const r = await runCli(['decode-image', png, jpg, junk, join(dir, 'missing.png')]);
  t.equal(r.code, 1, 'exit 1 when any file could not be decoded');
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; ok: boolean; text: string | null; error?: string });
  t.same(
    lines.map((l) => [l.file, l.ok]),
    [
      [png, true],
      [jpg, true],
      [junk, false],
      [join(dir, 'missing.png'), false],
    ],
  );
  t.equal(lines[0]!.text, CARDS.an2021, 'PNG: the Vietnamese text arrives intact');
  t.equal(lines[1]!.text, CARDS.huong2024, 'JPEG (quality 90) decodes too');
  t.match(lines[2], { text: null, error: 'not a PNG or JPEG image' });
  t.match(lines[3], { error: 'ENOENT' });
  t.equal((await runCli(['decode-image', png])).code, 0);
});
