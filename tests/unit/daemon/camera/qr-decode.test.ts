// Decoding a card's QR code from a picture in the daemon (`tiepnhan decode-image`, the bench), with the
// real zxing-wasm read from the installed package and sharp, on card photos the simulators make
// (simulators/src/camera/card-photo.ts): the card's exact UTF-8 bytes come back, Vietnamese intact,
// from PNG and webcam JPEG alike; a picture with no code and one with a code too damaged to read are
// told apart (the page's "move closer / hold still" hint depends on it); a file that is missing or not
// an image is an answer, not a crash; and frames sent at once each get their own answer.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Gray } from '../../../../daemon/src/camera/image-ops.ts';
import { decodeGray, decodeImage, decodeImageFile, warmUp } from '../../../../daemon/src/camera/qr-decode.ts';
import { cardPhoto, toJpeg, toPng } from '../../../../simulators/src/camera/card-photo.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const W = 320;
const H = 240;
const photo = cardPhoto(AN, { width: W, height: H, qrSize: 200 });
const gray = (data: Uint8Array): Gray => ({ width: W, height: H, data });
const card = (): Gray => gray(new Uint8Array(photo.gray));
const bareDesk = (): Gray => gray(new Uint8Array(W * H).fill(200));
/** The card with the middle 40% of its code scratched into noise: its finder patterns still show. */
function scratched(): Gray {
  const g = new Uint8Array(photo.gray);
  const side = 80;
  for (let y = H / 2 - side / 2; y < H / 2 + side / 2; y++)
    for (let x = W / 2 - side / 2; x < W / 2 + side / 2; x++) g[y * W + x] = (x + y) % 3 === 0 ? 20 : 235;
  return gray(g);
}

t.test('a PNG photo of a card: the exact UTF-8 bytes, Vietnamese intact', async (t) => {
  await t.resolves(warmUp(), 'warming up (every pass once, sharp loaded) needs no code in the picture');
  const r = await decodeImage(toPng(photo));
  t.match(r, { ok: true, text: AN, pass: 'zxing-cpp' }, 'read on the first pass');
  if (r.ok) t.same(r.bytes, Buffer.from(AN, 'utf8'), 'byte for byte, for the parser');
});

t.test('a webcam JPEG of the same card', async (t) => {
  t.match(await decodeImage(toJpeg(photo, 75)), { ok: true, text: AN });
});

t.test('no code, and a code seen but not readable, are told apart', async (t) => {
  t.same(await decodeGray(bareDesk()), { ok: false, error: 'no QR code found', seen: false });
  t.same(await decodeGray(scratched()), { ok: false, error: 'QR code seen but not readable', seen: true });
});

t.test('what is not a PNG or JPEG is refused without decoding', async (t) => {
  const cases: Array<[string, Buffer]> = [
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['text', Buffer.from(AN, 'utf8')],
    ['nothing', Buffer.alloc(0)],
    ['a PNG signature cut short', toPng(photo).subarray(0, 7)],
  ];
  for (const [what, data] of cases) t.same(await decodeImage(data), { ok: false, error: 'not a PNG or JPEG image', seen: false }, what);
});

t.test('from a file: read and decoded; a missing file is an answer with its error code', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'the.png'), toPng(photo));
  await writeFile(join(dir, 'notes.txt'), 'no picture here');
  t.match(await decodeImageFile(join(dir, 'the.png')), { ok: true, text: AN });
  t.same(await decodeImageFile(join(dir, 'missing.png')), { ok: false, error: 'ENOENT', seen: false });
  t.same(await decodeImageFile(dir), { ok: false, error: 'EISDIR', seen: false }, 'a folder given by mistake');
  t.same(await decodeImageFile(join(dir, 'notes.txt')), { ok: false, error: 'not a PNG or JPEG image', seen: false });
});

t.test('frames sent at once each get their own answer, in order', async (t) => {
  const results = await Promise.all([decodeGray(card()), decodeGray(bareDesk()), decodeGray(scratched()), decodeGray(card())]);
  t.same(
    results.map((r) => (r.ok ? r.text : r.error)),
    [AN, 'no QR code found', 'QR code seen but not readable', AN],
  );
});
