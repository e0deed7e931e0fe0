// The fallbacks' image operations on small images whose answers are known by hand, and the
// code-region finder on rendered card photos.

import t from 'tap';
import { codeRegion } from '../../../../daemon/src/camera/code-region.ts';
import { boxMean, cropScale, normalizeContrast, sharpen, type Gray } from '../../../../daemon/src/camera/image-ops.ts';
import { cardPhoto } from '../../../../simulators/src/camera/card-photo.ts';

const G: Gray = { width: 4, height: 3, data: Uint8Array.from([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]) };

t.test('cropScale: a crop at scale 1 is the pixels; at 2 it interpolates between them', async (t) => {
  t.same([...cropScale(G, { x: 0, y: 0, width: 4, height: 3 }, 1).data], [...G.data], 'the whole image, unchanged');
  t.same([...cropScale(G, { x: 1, y: 1, width: 2, height: 2 }, 1).data], [11, 12, 21, 22], 'the middle');
  const up = cropScale(G, { x: 0, y: 0, width: 4, height: 3 }, 2);
  t.same([up.width, up.height], [8, 6]);
  t.equal(up.data[0], 0, 'corner stays');
  t.equal(up.data[8 * 5 + 7], 23, 'far corner stays');
  t.ok(up.data[8 * 2 + 3]! > 0 && up.data[8 * 2 + 3]! < 23, 'inside: between its neighbours');
  t.same(cropScale(G, { x: -5, y: -5, width: 100, height: 100 }, 1).data.length, 12, 'clamped to the image');
});

t.test('boxMean: the average of each window, edges included', async (t) => {
  const m = boxMean(G.data, 4, 3, 1);
  t.equal(m[5], (0 + 1 + 2 + 10 + 11 + 12 + 20 + 21 + 22) / 9);
  t.equal(m[0], (0 + 1 + 10 + 11) / 4, 'the corner window has four pixels');
});

t.test('normalizeContrast: modules under glare and in shadow come out on the same two levels', async (t) => {
  // A checkerboard of 4-px squares, lit from 20 (left) to 250 (right) with 30 % contrast.
  const w = 64;
  const h = 16;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = (20 + (230 * x) / w) * ((Math.floor(x / 4) + Math.floor(y / 4)) % 2 ? 1 : 0.7);
  const out = normalizeContrast({ width: w, height: h, data }, 6).data;
  const dark = (x: number, y: number): boolean => (Math.floor(x / 4) + Math.floor(y / 4)) % 2 === 0;
  for (const x of [5, 30, 58]) {
    const a = out[6 * w + x]!;
    const b = out[6 * w + x + 4]!;
    const [d, l] = dark(x, 6) ? [a, b] : [b, a];
    t.ok(d < 110 && l > 146, `x=${x}: dark ${d} and light ${l} on either side of 128, whatever the light`);
  }
});

t.test('sharpen: an edge gets steeper, flat stays flat', async (t) => {
  const data = Uint8Array.from({ length: 40 }, (_, i) => (i < 20 ? 100 : 140));
  const out = sharpen({ width: 40, height: 1, data }, 3, 2).data;
  t.equal(out[2], 100, 'flat');
  t.ok(out[19]! < 100 && out[20]! > 140, 'overshoot on both sides of the edge');
});

t.test('codeRegion: finds the code on the card, and nothing on a bare desk', async (t) => {
  const card = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
  const img = cardPhoto(card, { qrSize: 200, offset: [300, -100], light: 0.3, noise: 3 });
  const r = codeRegion({ width: img.width, height: img.height, data: Uint8Array.from(img.gray) });
  t.ok(r, 'a region');
  const [cx, cy] = [640 + 300, 360 - 100];
  t.ok(r && r.x < cx && cx < r.x + r.width && r.y < cy && cy < r.y + r.height, 'around the code’s centre, dim light and all');
  t.ok(r && r.width < 400, 'the code, not the whole card');
  t.equal(codeRegion({ width: 1280, height: 720, data: new Uint8Array(1280 * 720).fill(150) }), null);
});
