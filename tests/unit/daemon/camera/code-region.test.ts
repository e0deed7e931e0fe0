// Where the code probably is when zxing-cpp saw no finder pattern: the camera's fallbacks work on
// that region only, so finding it on a dim, glared, tilted or blurred webcam frame decides whether a
// worn card is read at the desk, and finding "a code" on a bare desk, a card border or a striped
// sleeve would waste the frame's time budget. Frames come from the simulators' card photos
// (simulators/src/camera/card-photo.ts).

import t from 'tap';
import { codeRegion } from '../../../../daemon/src/camera/code-region.ts';
import type { Gray, Rect } from '../../../../daemon/src/camera/image-ops.ts';
import { cardPhoto, type PhotoOptions } from '../../../../simulators/src/camera/card-photo.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const W = 480;
const H = 360;

function photo(o: PhotoOptions): Gray {
  const p = cardPhoto(AN, { width: W, height: H, ...o });
  return { width: p.width, height: p.height, data: new Uint8Array(p.gray.buffer, p.gray.byteOffset, p.gray.length) };
}

function frame(pixel: (x: number, y: number) => number, width = W, height = H): Gray {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = pixel(x, y);
  return { width, height, data };
}

const contains = (r: Rect, x: number, y: number): boolean => r.x <= x && x <= r.x + r.width && r.y <= y && y <= r.y + r.height;

t.test('the code is found on webcam frames of every kind of trouble, and the region is the code, not the card', async (t) => {
  const cases: Array<[string, PhotoOptions]> = [
    ['plain, off centre', { qrSize: 150, offset: [80, -40] }],
    ["a lamp's glare on the laminate", { qrSize: 150, glare: { u: 0.5, v: 0.5, radius: 0.3, strength: 150 } }],
    ['out of focus', { qrSize: 140, blur: 3 }],
    ['tilted away from the lens', { qrSize: 190, tilt: 0.3 }],
    ['on a phone screen in dark mode', { qrSize: 150, screen: true }],
  ];
  for (const [what, o] of cases) {
    const r = codeRegion(photo(o));
    const side = o.qrSize!;
    const [cx, cy] = [W / 2 + (o.offset?.[0] ?? 0), H / 2 + (o.offset?.[1] ?? 0)];
    t.ok(r, `${what}: a region`);
    if (!r) continue;
    // The data area: the code's side less its 4-module quiet zone on each side (about 0.42 of the side from the centre).
    const inner = side * 0.4;
    t.ok(
      [
        [cx, cy],
        [cx - inner, cy - inner],
        [cx + inner, cy - inner],
        [cx - inner, cy + inner],
        [cx + inner, cy + inner],
      ].every(([x, y]) => contains(r, x!, y!)),
      `${what}: the region covers the code`,
    );
    t.ok(r.width < side * 1.7 && r.width === r.height, `${what}: a square about the code's size (${Math.round(r.width)} px for ${side})`);
  }
});

t.test('a rotated code, and a small one in dim grainy light, are found around their centre', async (t) => {
  const rotated = codeRegion(photo({ qrSize: 130, rotateDeg: 30, offset: [40, 30] }));
  t.ok(rotated && contains(rotated, W / 2 + 40, H / 2 + 30), 'rotated');
  const dim = codeRegion(photo({ qrSize: 110, offset: [-100, 60], light: 0.25, noise: 3 }));
  t.ok(dim && contains(dim, W / 2 - 100, H / 2 + 60) && dim.width < 110 * 1.7, 'small, dim and grainy');
});

t.test('nothing code-like: no region, so no fallback time is spent', async (t) => {
  const cases: Array<[string, Gray]> = [
    ['a bare desk', frame(() => 150)],
    ['a card border on the desk (an edge one way only)', frame((x) => (x < W / 2 ? 60 : 235))],
    ['a striped sleeve (edges one way only)', frame((x) => (Math.floor(x / 3) % 2 ? 30 : 230))],
    [
      'a speck of texture smaller than a code',
      frame((x, y) => (x >= 301 && x < 313 && y >= 203 && y < 215 && (Math.floor(x / 3) + Math.floor(y / 3)) % 2 ? 20 : 150)),
    ],
    ['a frame smaller than one block', frame((x, y) => ((x + y) % 2 ? 0 : 255), 7, 7)],
  ];
  for (const [what, img] of cases) t.equal(codeRegion(img), null, what);
});

t.test('a busy patch the size of a small code is found, padded around', async (t) => {
  // Modules 3 px wide, in an irregular pattern, in a 64 px square at (301, 203).
  const img = frame((x, y) => (x >= 301 && x < 365 && y >= 203 && y < 267 ? ((Math.floor(x / 3) * 7 + Math.floor(y / 3) * 3) % 5 < 2 ? 20 : 240) : 150));
  const r = codeRegion(img);
  t.ok(r, 'a region');
  t.ok(r && contains(r, 301, 203) && contains(r, 364, 266), 'the whole patch is inside');
  t.ok(r && r.width > 64 && r.width < 140, 'padded, not the frame');
});
