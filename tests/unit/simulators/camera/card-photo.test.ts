// The synthetic webcam photo of a card's QR code that the camera decoder's tests, the bench and the
// browser tests (Chromium's fake camera) are built on: the code encodes the card's exact UTF-8 bytes,
// sits on a card on a desk where it is asked to, and each degradation (light, shadow, glare, phone
// screen, blur, grain) does what its name says. If this picture were wrong, the decoder tests would
// measure the simulator instead of what a receptionist's webcam can read.

import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import t from 'tap';
import { decodeGray } from '../../../../daemon/src/camera/qr-decode.ts';
import { cardPhoto, qrModules, toJpeg, toPng, toY4m, type GrayImage, type PhotoOptions } from '../../../../simulators/src/camera/card-photo.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const HUONG_2024 = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';

// A small frame with 2-pixel modules whose edges fall on pixel edges: every pixel is one module. The
// card reaches 0.45 of the code's side left of it, 0.9 right of it and 0.3 above and below
// (reflectance() in the module), so in 320×220 the desk shows all round: the card spans x ≈ 59–308,
// y ≈ 25–195. (In a frame barely bigger than the card, the card fills it and there is no desk.)
const M = qrModules(AN);
const PX = 2;
const W = 320;
const H = 220;
const SIDE = M.size * PX;
const photo = (o: PhotoOptions = {}, payload = AN): GrayImage => cardPhoto(payload, { width: W, height: H, qrSize: SIDE, ...o });
const at = (img: GrayImage, x: number, y: number): number => img.gray[y * img.width + x]!;
/** The pixel in the middle of module (col, row) of the unturned code, centred in the frame plus `offset`. */
const moduleAt = (img: GrayImage, col: number, row: number, offset: readonly [number, number] = [0, 0]): number =>
  at(img, W / 2 - SIDE / 2 + offset[0] + col * PX + PX / 2, H / 2 - SIDE / 2 + offset[1] + row * PX + PX / 2);
const same = (a: GrayImage, b: GrayImage): boolean => Buffer.from(a.gray).equals(Buffer.from(b.gray));
// Module (1, 1) is in the quiet zone (card), (7, 7) the middle of the top-left finder (ink).
const QUIET: [number, number] = [1, 1];
const FINDER: [number, number] = [7, 7];
/** The undegraded picture, drawn once: the other cases compare with it. */
const PLAIN = photo();

t.test('the code: three finder patterns, a quiet zone of 4 modules, and a bigger code for a longer card', async (t) => {
  const { size, dark } = M;
  t.equal((size - 8 - 21) % 4, 0, 'a QR version (21 + 4v modules) plus 4 quiet modules on each side');
  const quiet: string[] = [];
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if ((r < 4 || c < 4 || r >= size - 4 || c >= size - 4) && dark(c, r)) quiet.push(`${c},${r}`);
  t.same(quiet, [], 'nothing dark in the quiet zone');
  // A finder: a dark 7×7 ring, a light ring, a dark 3×3 centre.
  const isFinder = (c0: number, r0: number): boolean => {
    for (let r = 0; r < 7; r++) {
      for (let c = 0; c < 7; c++) {
        const ring = Math.max(Math.abs(c - 3), Math.abs(r - 3));
        if (dark(c0 + c, r0 + r) !== (ring !== 2)) return false;
      }
    }
    return true;
  };
  t.ok(isFinder(4, 4), 'top-left finder');
  t.ok(isFinder(size - 11, 4), 'top-right finder');
  t.ok(isFinder(4, size - 11), 'bottom-left finder');
  t.notOk(isFinder(size - 11, size - 11), 'none bottom-right: the decoder can tell which way up the card is');
  t.ok(qrModules('001089012345').size < size, 'the ID number alone needs a smaller code than the whole card');
});

t.test("the webcam decoder reads the photo back as the card's exact UTF-8 bytes, straight or turned and tilted", async (t) => {
  for (const [what, payload, o] of [
    ['2021 card, straight on', AN, { width: 320, height: 240, qrSize: 212 }],
    ['2024 card with its trailing pipes, turned 25° and leaning back', HUONG_2024, { width: 320, height: 320, rotateDeg: 25, tilt: 0.3, qrSize: 220 }],
  ] as const) {
    const img = cardPhoto(payload, o);
    const r = await decodeGray({ width: img.width, height: img.height, data: new Uint8Array(img.gray) }, 1000);
    t.ok(r.ok && r.bytes.equals(Buffer.from(payload, 'utf8')), what);
  }
});

t.test('the scene: ink modules on a white card on a grey desk, the code where the offset puts it', async (t) => {
  const img = PLAIN;
  t.equal(at(img, 0, 0), 150, 'the desk in the frame corner');
  t.equal(at(img, W - 1, H - 1), 150, 'and in the opposite corner, beyond the card');
  t.equal(moduleAt(img, ...QUIET), 235, 'the card around the code');
  t.equal(moduleAt(img, ...FINDER), 30, 'ink in the finder');
  const moved = photo({ offset: [40, -24] });
  t.equal(moduleAt(moved, ...FINDER, [40, -24]), 30, 'moved by the offset: the finder is 40 px right and 24 px up');
  t.equal(moduleAt(moved, ...FINDER), 235, 'and no longer where it was');
});

t.test('dim light scales everything; a shadow darkens the frame from left to right', async (t) => {
  const lit = PLAIN;
  const dim = photo({ light: 0.25 });
  t.same(
    [at(dim, 0, 0), moduleAt(dim, ...QUIET), moduleAt(dim, ...FINDER)],
    [at(lit, 0, 0), moduleAt(lit, ...QUIET), moduleAt(lit, ...FINDER)].map((v) => Math.round(v * 0.25)),
    'desk, card and ink at a quarter of their light',
  );
  // Row 10 is desk from edge to edge (the card begins at y ≈ 25).
  const shadow = photo({ shadow: 0.6 });
  t.equal(at(shadow, 0, 10), 150, 'full light at the left edge');
  t.equal(at(shadow, W - 1, 10), Math.round(150 * (1 - (0.6 * (W - 1)) / W)), 'the right edge loses 60 %');
  t.ok(at(shadow, W / 2, 10) < 150 && at(shadow, W / 2, 10) > at(shadow, W - 1, 10), 'and the middle is in between');
});

t.test('a phone screen in dark mode: light modules on a dark ground', async (t) => {
  const img = photo({ screen: true });
  t.equal(moduleAt(img, ...FINDER), 205, 'the finder is lit');
  t.equal(moduleAt(img, ...QUIET), 22, 'the screen around it is dark');
  t.equal(at(img, 0, 0), 150, 'the desk is still the desk');
});

t.test("a lamp's glare saturates the sensor where it falls, and only there", async (t) => {
  const glare = { u: 0.04, v: 0.04, radius: 0.05, strength: 190 };
  const glared = photo({ glare });
  t.equal(moduleAt(glared, ...QUIET), 255, 'the card under the lamp is clipped white');
  t.ok(moduleAt(glared, 4, 4) > moduleAt(PLAIN, 4, 4) + 50, 'the ink of the finder beside it is washed out');
  // The card (235) clips where the added light reaches 20 of its 190: within about 2.1 radii.
  const cx = W / 2 - SIDE / 2 + glare.u * SIDE;
  const cy = H / 2 - SIDE / 2 + glare.v * SIDE;
  const clipped: Array<[number, number]> = [];
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (at(glared, x, y) === 255) clipped.push([x, y]);
  t.ok(clipped.length > 0, `${clipped.length} pixels clipped`);
  t.same(
    clipped.filter(([x, y]) => Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > 2.5 * glare.radius * SIDE),
    [],
    'none far from the lamp',
  );
  const farCol = M.size - 2;
  t.equal(moduleAt(glared, farCol, farCol), moduleAt(PLAIN, farCol, farCol), 'the far corner of the code is untouched');
});

t.test('defocus and movement soften the module edges; flat areas stay flat', async (t) => {
  /** The grey levels inside the code, in order. */
  const levels = (img: GrayImage): number[] => {
    const seen = new Set<number>();
    const x0 = W / 2 - SIDE / 2;
    const y0 = H / 2 - SIDE / 2;
    for (let y = y0; y < y0 + SIDE; y++) for (let x = x0; x < x0 + SIDE; x++) seen.add(at(img, x, y));
    return [...seen].sort((a, b) => a - b);
  };
  t.same(levels(PLAIN), [30, 235], 'in focus, the code holds only ink and card');
  const blurred = photo({ blur: 2 });
  t.ok(levels(blurred).length > 10, 'out of focus: grey levels appear between ink and card');
  t.equal(at(blurred, 0, 0), 150, 'out of focus: the desk far from the card is unchanged');
  // A smear averages 8 samples along its path, each ink or card: the mixes in eighths, all of them.
  const moved = photo({ motion: 8, motionDeg: 30 });
  t.same(
    levels(moved),
    Array.from({ length: 9 }, (_, k) => Math.round(30 + (k * (235 - 30)) / 8)),
    'moved: ink and card mixed in eighths along the smear',
  );
  t.equal(at(moved, 0, 0), 150, 'moved: the desk far from the card is unchanged');
});

t.test('grain: bounded by its amplitude, the same for the same seed', async (t) => {
  const clean = PLAIN;
  const a = photo({ noise: 6, seed: 3 });
  t.ok(same(a, photo({ noise: 6, seed: 3 })), 'the same seed gives the same pixels');
  t.notOk(same(a, photo({ noise: 6, seed: 4 })), 'another seed, other pixels');
  let worst = 0;
  let drift = 0;
  for (let i = 0; i < a.gray.length; i++) {
    worst = Math.max(worst, Math.abs(a.gray[i]! - clean.gray[i]!));
    drift += a.gray[i]! - clean.gray[i]!;
  }
  t.ok(worst <= 6 && worst >= 5, `no pixel moves more than the amplitude (at most ${worst})`);
  t.ok(Math.abs(drift / a.gray.length) < 0.1, 'grain does not brighten or darken the picture');
});
t.test('the files: PNG and JPEG show the same grey picture, Y4M is one 4:2:0 frame Chromium loops', async (t) => {
  const img = photo({ noise: 3 });
  const png = PNG.sync.read(toPng(img));
  t.same([png.width, png.height], [W, H]);
  const bad: number[] = [];
  for (let i = 0; i < img.gray.length; i++) {
    const d = png.data;
    if (d[i * 4] !== img.gray[i] || d[i * 4 + 1] !== img.gray[i] || d[i * 4 + 2] !== img.gray[i] || d[i * 4 + 3] !== 255) bad.push(i);
  }
  t.same(bad, [], 'PNG: every pixel grey (R = G = B), the same value, opaque');

  const good = toJpeg(img, 90);
  const poor = toJpeg(img, 30);
  t.same([...good.subarray(0, 2), ...good.subarray(-2)], [0xff, 0xd8, 0xff, 0xd9], 'JPEG: start and end markers');
  t.ok(poor.length < good.length, 'a lower quality is a smaller file');
  const back = jpeg.decode(good, { useTArray: true });
  t.same([back.width, back.height], [W, H]);
  let err = 0;
  for (let i = 0; i < img.gray.length; i++) err += Math.abs(back.data[i * 4]! - img.gray[i]!);
  t.ok(err / img.gray.length < 4, 'quality 90 stays close to the picture');

  const y4m = toY4m(img);
  const header = `YUV4MPEG2 W${W} H${H} F30:1 Ip A1:1 C420jpeg\nFRAME\n`;
  t.equal(y4m.subarray(0, header.length).toString('ascii'), header, 'Y4M header: size, 30 fps, 4:2:0');
  t.equal(y4m.length, header.length + W * H * 1.5, 'one frame: luma, then a quarter-size U and V plane each');
  t.ok(y4m.subarray(header.length, header.length + W * H).equals(Buffer.from(img.gray)), 'the luma is the picture');
  t.ok(
    y4m.subarray(header.length + W * H).every((b) => b === 128),
    'the chroma is neutral grey',
  );
});

t.test('by default a 1280×720 webcam frame', async (t) => {
  const img = cardPhoto('001089012345');
  t.same([img.width, img.height, img.gray.length], [1280, 720, 1280 * 720]);
  t.equal(at(img, 640, 360 - 210 + 2), 235, 'a 420-pixel code centred in it (its quiet zone just inside the top edge)');
  t.equal(at(img, 640, 360 - 210 - 80), 235, 'on the card above it');
  t.equal(at(img, 5, 5), 150, 'the desk around');
});
