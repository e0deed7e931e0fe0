// Image operations for the camera decoder's fallback passes, on 8-bit greyscale frames. No Node and
// no DOM: the same module runs in the daemon (`tiepnhan decode-image`) and in the page's worker.

export interface Gray {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Box mean of radius r (the window shrinks at the edges), as floats: two passes of running sums, so
 * the cost per pixel does not grow with the radius.
 */
export function boxMean(src: ArrayLike<number>, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  const full = 1 / (2 * r + 1);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let acc = 0;
    for (let x = 0; x < Math.min(r, w); x++) acc += src[row + x]!;
    for (let x = 0; x < w; x++) {
      if (x + r < w) acc += src[row + x + r]!;
      if (x - r - 1 >= 0) acc -= src[row + x - r - 1]!;
      tmp[row + x] = x >= r && x + r < w ? acc * full : acc / (Math.min(w - 1, x + r) - Math.max(0, x - r) + 1);
    }
  }
  for (let x = 0; x < w; x++) {
    let acc = 0;
    for (let y = 0; y < Math.min(r, h); y++) acc += tmp[y * w + x]!;
    for (let y = 0; y < h; y++) {
      if (y + r < h) acc += tmp[(y + r) * w + x]!;
      if (y - r - 1 >= 0) acc -= tmp[(y - r - 1) * w + x]!;
      out[y * w + x] = y >= r && y + r < h ? acc * full : acc / (Math.min(h - 1, y + r) - Math.max(0, y - r) + 1);
    }
  }
  return out;
}

/**
 * Local contrast normalisation: each pixel as standard deviations from its neighbourhood's mean,
 * stretched back to 0–255. A lamp's glare or a dim corner changes the mean and the spread of a
 * region, not the order of dark and light modules inside it.
 */
export function normalizeContrast(img: Gray, radius: number): Gray {
  const { width: w, height: h, data } = img;
  const squares = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) squares[i] = data[i]! * data[i]!;
  const mean = boxMean(data, w, h, radius);
  const meanSq = boxMean(squares, w, h, radius);
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) {
    // A floor on the spread: flat regions (the desk, a saturated highlight) stay grey, not noise.
    const sd = Math.sqrt(Math.max(meanSq[i]! - mean[i]! * mean[i]!, 16));
    const v = 128 + (48 * (data[i]! - mean[i]!)) / sd;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return { width: w, height: h, data: out };
}

/** Unsharp mask: adds back `amount` times what a blur of radius r takes away (edges of blurred modules). */
export function sharpen(img: Gray, r: number, amount: number): Gray {
  const blurred = boxMean(img.data, img.width, img.height, r);
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = img.data[i]! + amount * (img.data[i]! - blurred[i]!);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return { width: img.width, height: img.height, data: out };
}

/** A box average of radius r: takes the grain of a dim, high-gain frame off before binarising. */
export function smooth(img: Gray, r: number): Gray {
  const data = new Uint8Array(img.data.length);
  data.set(boxMean(img.data, img.width, img.height, r)); // a typed-array copy converts (and rounds) without a per-pixel call
  return { width: img.width, height: img.height, data };
}

/** The part of the frame inside rect (clamped to the frame), scaled by `scale` with bilinear sampling. */
export function cropScale(img: Gray, rect: Rect, scale: number): Gray {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(img.width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(img.height, Math.ceil(rect.y + rect.height));
  const w = Math.max(1, Math.round((x1 - x0) * scale));
  const h = Math.max(1, Math.round((y1 - y0) * scale));
  if (scale === 1) return copyRect(img, x0, y0, w, h);
  const out = new Uint8Array(w * h);
  const src = img.data;
  const sw = img.width;
  const sh = img.height;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(sh - 1, Math.max(0, y0 + (y + 0.5) / scale - 0.5));
    const iy = Math.floor(fy);
    const dy = fy - iy;
    const below = Math.min(sh - 1, iy + 1) - iy;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(sw - 1, Math.max(0, x0 + (x + 0.5) / scale - 0.5));
      const ix = Math.floor(fx);
      const dx = fx - ix;
      const p = iy * sw + ix;
      const right = Math.min(sw - 1, ix + 1) - ix;
      const top = src[p]! + (src[p + right]! - src[p]!) * dx;
      const bottom = src[p + below * sw]! + (src[p + below * sw + right]! - src[p + below * sw]!) * dx;
      out[y * w + x] = Math.round(top + (bottom - top) * dy);
    }
  }
  return { width: w, height: h, data: out };
}

function copyRect(img: Gray, x0: number, y0: number, w: number, h: number): Gray {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w), y * w);
  return { width: w, height: h, data: out };
}
