// The optics of a webcam, on a float image: out of focus (box blur, applied twice it is close to a
// Gaussian) and moved during the exposure (a straight smear).

export function boxBlur(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const span = 2 * r + 1;
  for (let y = 0; y < h; y++) {
    let acc = 0;
    for (let x = -r; x <= r; x++) acc += src[y * w + Math.min(w - 1, Math.max(0, x))]!;
    for (let x = 0; x < w; x++) {
      tmp[y * w + x] = acc / span;
      acc += src[y * w + Math.min(w - 1, x + r + 1)]! - src[y * w + Math.max(0, x - r)]!;
    }
  }
  for (let x = 0; x < w; x++) {
    let acc = 0;
    for (let y = -r; y <= r; y++) acc += tmp[Math.min(h - 1, Math.max(0, y)) * w + x]!;
    for (let y = 0; y < h; y++) {
      out[y * w + x] = acc / span;
      acc += tmp[Math.min(h - 1, y + r + 1) * w + x]! - tmp[Math.max(0, y - r) * w + x]!;
    }
  }
  return out;
}

/** Each pixel averages `length` samples along the direction of the movement. */
export function motionBlur(src: Float32Array, w: number, h: number, length: number, deg: number): Float32Array {
  const out = new Float32Array(src.length);
  const dx = Math.cos((deg * Math.PI) / 180);
  const dy = Math.sin((deg * Math.PI) / 180);
  const n = Math.max(1, Math.round(length));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let k = 0; k < n; k++) {
        const t = k - (n - 1) / 2;
        const sx = Math.min(w - 1, Math.max(0, Math.round(x + t * dx)));
        const sy = Math.min(h - 1, Math.max(0, Math.round(y + t * dy)));
        acc += src[sy * w + sx]!;
      }
      out[y * w + x] = acc / n;
    }
  }
  return out;
}
