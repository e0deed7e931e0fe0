// The webcam optics the card-photo simulator applies: defocus (a box blur, applied twice by the photo
// simulator) and motion smear. Checked on small images whose answers are known by hand, so the decoder's
// "out of focus" and "moved" test photos are blurred the way their names say, and nothing else.

import t from 'tap';
import { boxBlur, motionBlur } from '../../../../simulators/src/camera/blur.ts';

const img = (w: number, h: number, f: (x: number, y: number) => number): Float32Array => {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = f(x, y);
  return out;
};
const near = (a: ArrayLike<number>, b: readonly number[], eps = 1e-4): boolean => b.length === a.length && b.every((v, i) => Math.abs(a[i]! - v) < eps);
const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);

t.test('box blur: a flat grey stays flat, edges included; radius 0 changes nothing', async (t) => {
  const flat = img(9, 7, () => 150);
  t.ok(near(boxBlur(flat, 9, 7, 2), [...flat]), 'flat in, flat out');
  const noisy = img(5, 4, (x, y) => (x * 37 + y * 11) % 256);
  t.ok(near(boxBlur(noisy, 5, 4, 0), [...noisy]), 'radius 0 is the image itself');
  const before = [...noisy];
  boxBlur(noisy, 5, 4, 1);
  t.same([...noisy], before, 'the input image is left as it was');
});

t.test('box blur: a lone bright pixel spreads evenly over its (2r+1)² window, its light kept', async (t) => {
  const dot = img(9, 9, (x, y) => (x === 4 && y === 4 ? 90 : 0));
  const out = boxBlur(dot, 9, 9, 1);
  const wrong: string[] = [];
  for (let y = 0; y < 9; y++) {
    for (let x = 0; x < 9; x++) {
      const inside = Math.abs(x - 4) <= 1 && Math.abs(y - 4) <= 1;
      if (Math.abs(out[y * 9 + x]! - (inside ? 10 : 0)) > 1e-4) wrong.push(`(${x}, ${y}) is ${out[y * 9 + x]}`);
    }
  }
  t.same(wrong, [], 'a ninth of the light on each of the 3×3 pixels around it, none elsewhere');
  t.ok(Math.abs(sum(out) - 90) < 1e-3, 'total light is kept away from the edges');
});

t.test('box blur: beyond the border the edge pixel repeats (no dark frame around the photo)', async (t) => {
  // One row: [0 0 0 0 9], radius 1. At x=4 the window is (0, 9, 9): the edge value counts twice.
  t.ok(near(boxBlur(Float32Array.from([0, 0, 0, 0, 9]), 5, 1, 1), [0, 0, 0, 3, 6]));
  // A white image keeps white corners: clamping, not zero padding.
  const white = boxBlur(
    img(6, 6, () => 255),
    6,
    6,
    3,
  );
  t.ok(near([white[0]!, white[35]!], [255, 255]), 'corners stay white with a radius wider than half the image');
});

t.test('box blur: a sharp edge between ink and card becomes a ramp 2r pixels wide', async (t) => {
  const edge = img(10, 1, (x) => (x < 5 ? 30 : 235));
  const out = boxBlur(edge, 10, 1, 2);
  t.ok(near([out[0]!, out[1]!, out[2]!], [30, 30, 30]), 'far on the ink side: ink');
  t.ok(near([out[7]!, out[8]!, out[9]!], [235, 235, 235]), 'far on the card side: card');
  for (let x = 3; x <= 6; x++) t.ok(out[x]! > 30 && out[x]! < 235, `x=${x} is in between`);
  for (let x = 1; x < 10; x++) t.ok(out[x]! >= out[x - 1]!, `x=${x}: the ramp never goes back`);
});

t.test('motion blur: the smear follows its direction and nothing else', async (t) => {
  const w = 11;
  const dot = img(w, w, (x, y) => (x === 5 && y === 5 ? 60 : 0));
  const lit = (a: Float32Array): string[] => [...a].flatMap((v, i) => (v > 1e-4 ? [`${i % w},${Math.floor(i / w)}=${Math.round(v)}`] : []));
  t.same(lit(motionBlur(dot, w, w, 3, 0)), ['4,5=20', '5,5=20', '6,5=20'], 'horizontal: along the row, centred');
  t.same(lit(motionBlur(dot, w, w, 3, 90)), ['5,4=20', '5,5=20', '5,6=20'], 'vertical: along the column');
  t.same(lit(motionBlur(dot, w, w, 3, 45)), ['4,4=20', '5,5=20', '6,6=20'], 'diagonal');
  t.same(lit(motionBlur(dot, w, w, 1, 30)), ['5,5=60'], 'a length of 1 is no movement');
  t.same(lit(motionBlur(dot, w, w, 0.2, 30)), ['5,5=60'], 'nor is less than a pixel');
  t.ok(
    near(
      motionBlur(
        img(w, w, () => 200),
        w,
        w,
        7,
        33,
      ),
      Array<number>(w * w).fill(200),
    ),
    'a flat grey stays flat',
  );
});
