// The projective map the card-photo simulator uses to put a tilted card in the camera frame: the unit
// square's corners land where they are asked to, frame points map back to the code's plane, and
// straight lines stay straight (so the rendered code is the code a tilted card really shows, and the
// webcam decoder's tests are about the decoder, not about a wrong picture).

import t from 'tap';
import { homography, mapPoint, type Matrix3 } from '../../../../simulators/src/camera/homography.ts';

type Quad = Array<[number, number]>;
const UNIT: Quad = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];
const QUADS: Array<[string, Quad]> = [
  [
    'a square, straight on',
    [
      [440, 160],
      [840, 160],
      [840, 560],
      [440, 560],
    ],
  ],
  [
    'a turned rectangle (affine)',
    [
      [600, 100],
      [900, 400],
      [700, 600],
      [400, 300],
    ],
  ],
  [
    'a card leaning back (keystone: far edge narrower)',
    [
      [500, 200],
      [780, 200],
      [860, 520],
      [420, 520],
    ],
  ],
  [
    'tilted and turned',
    [
      [530, 140],
      [820, 230],
      [760, 610],
      [380, 470],
    ],
  ],
];

const close = (a: readonly number[], b: readonly number[], eps = 1e-6): boolean => a.every((v, i) => Math.abs(v - b[i]!) < eps);

t.test('the unit square corners land on the given corners (top-left, top-right, bottom-right, bottom-left)', async (t) => {
  for (const [what, quad] of QUADS) {
    const { forward } = homography(quad);
    UNIT.forEach(([u, v], i) => t.ok(close(mapPoint(forward, u, v), quad[i]!), `${what}: corner ${i} at ${quad[i]!.join(',')}`));
  }
});

t.test('the inverse takes frame points back to the code plane', async (t) => {
  for (const [what, quad] of QUADS) {
    const { forward, inverse } = homography(quad);
    for (const [u, v] of [
      [0.5, 0.5],
      [0.1, 0.9],
      [0.73, 0.2],
      [-0.3, 1.2],
    ] as const) {
      const [x, y] = mapPoint(forward, u, v);
      t.ok(close(mapPoint(inverse, x, y), [u, v], 1e-9), `${what}: (${u}, ${v}) round trip`);
    }
    UNIT.forEach(([u, v], i) => t.ok(close(mapPoint(inverse, ...quad[i]!), [u, v], 1e-9), `${what}: frame corner ${i} is code corner ${i}`));
  }
});

t.test('the code centre lands where the diagonals of the card cross, and lines stay straight', async (t) => {
  // A projective map keeps lines: the image of (0.5, 0.5), on both diagonals of the square, is where
  // the quad's diagonals meet (for a keystoned card that is not the average of the corners).
  for (const [what, quad] of QUADS) {
    const { forward } = homography(quad);
    const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = quad as [[number, number], [number, number], [number, number], [number, number]];
    const den = (x0 - x2) * (y1 - y3) - (y0 - y2) * (x1 - x3);
    const a = ((x0 - x1) * (y1 - y3) - (y0 - y1) * (x1 - x3)) / den;
    const crossing = [x0 + a * (x2 - x0), y0 + a * (y2 - y0)];
    t.ok(close(mapPoint(forward, 0.5, 0.5), crossing, 1e-6), `${what}: centre at the diagonals' crossing`);
    // Points along the top edge of the code stay on the top edge of the card.
    for (const u of [0.2, 0.5, 0.8]) {
      const [x, y] = mapPoint(forward, u, 0);
      const cross = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0);
      t.ok(Math.abs(cross) < 1e-6, `${what}: (${u}, 0) on the top edge`);
    }
  }
  const keystone = homography(QUADS[2]![1]).forward;
  const [cx] = mapPoint(keystone, 0.5, 0.5);
  const [, cy] = mapPoint(keystone, 0.5, 0.5);
  t.equal(Math.round(cx), 640, 'a symmetric keystone keeps the centre on the axis');
  t.ok(cy < 360, 'and above mid-height: the far (narrow) half of the card looks smaller than the near half');
});

t.test('a parallelogram is an affine map: no perspective terms', async (t) => {
  for (const [what, quad] of QUADS.slice(0, 2)) {
    const f: Matrix3 = homography(quad).forward;
    t.same([f[6], f[7], f[8]], [0, 0, 1], what);
  }
  const k = homography(QUADS[2]![1]).forward;
  t.ok(k[6] !== 0 || k[7] !== 0, 'a keystoned card has perspective terms');
});
