// The projective map between the code's plane (the unit square) and the camera frame, from where its
// four corners land: how a tilted card looks through a lens.

export type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];

export interface Homography {
  /** Unit square → frame. */
  readonly forward: Matrix3;
  /** Frame → unit square. */
  readonly inverse: Matrix3;
}

export function mapPoint(m: Matrix3, x: number, y: number): [number, number] {
  const w = m[6] * x + m[7] * y + m[8];
  return [(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w];
}

function invert(m: Matrix3): Matrix3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

/** Corners in the order top-left, top-right, bottom-right, bottom-left (Heckbert's square-to-quad). */
export function homography(corners: ReadonlyArray<readonly [number, number]>): Homography {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = corners as [[number, number], [number, number], [number, number], [number, number]];
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  let forward: Matrix3;
  if (Math.abs(sx) < 1e-9 && Math.abs(sy) < 1e-9) {
    forward = [x1 - x0, x3 - x0, x0, y1 - y0, y3 - y0, y0, 0, 0, 1];
  } else {
    const dx1 = x1 - x2;
    const dx2 = x3 - x2;
    const dy1 = y1 - y2;
    const dy2 = y3 - y2;
    const den = dx1 * dy2 - dx2 * dy1;
    const g = (sx * dy2 - dx2 * sy) / den;
    const h = (dx1 * sy - sx * dy1) / den;
    forward = [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
  }
  return { forward, inverse: invert(forward) };
}
