// zxing-cpp (the `zxing-wasm` package) as the ladder's QrReader. The caller hands in the package's
// `readBarcodes`, already prepared with its .wasm from a local place (the daemon reads the installed
// file; the page's worker fetches it from the daemon), so this module loads nothing itself and runs
// in Node and in the browser alike.

import type { Gray, Rect } from './image-ops.ts';
import type { Binarizer, QrReader, ReadOutcome } from './qr-ladder.ts';

interface Point {
  readonly x: number;
  readonly y: number;
}

/** The part of zxing-wasm's ReadResult this decoder uses. */
export interface ZxingResult {
  readonly isValid: boolean;
  readonly bytes: Uint8Array;
  readonly position: { readonly topLeft: Point; readonly topRight: Point; readonly bottomLeft: Point; readonly bottomRight: Point };
}

export interface ZxingOptions {
  readonly formats: ['QRCode'];
  readonly binarizer: Binarizer;
  readonly returnErrors: boolean;
  readonly tryHarder: boolean;
  readonly tryRotate: boolean;
  readonly tryInvert: boolean;
  readonly tryDownscale: boolean;
}

export type ReadBarcodes = (
  image: { data: Uint8ClampedArray; width: number; height: number; colorSpace: 'srgb' },
  options: ZxingOptions,
) => Promise<ZxingResult[]>;

/**
 * zxing-wasm takes RGBA (ImageData) and makes it grey again inside; one 32-bit store per pixel. Into
 * `into` when it is the right size: a camera sends frames of one size, and a fresh 3.7 MB buffer per
 * 1280×720 frame kept the garbage collector busy.
 */
export function toRgba(img: Gray, into?: Uint8ClampedArray): Uint8ClampedArray {
  const out = into?.length === img.data.length * 4 ? into : new Uint8ClampedArray(img.data.length * 4);
  const words = new Uint32Array(out.buffer, out.byteOffset, img.data.length);
  for (let i = 0; i < img.data.length; i++) words[i] = 0xff000000 | (img.data[i]! * 0x010101);
  return out;
}

function box(p: ZxingResult['position']): Rect {
  const xs = [p.topLeft.x, p.topRight.x, p.bottomLeft.x, p.bottomRight.x];
  const ys = [p.topLeft.y, p.topRight.y, p.bottomLeft.y, p.bottomRight.y];
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** zxing-cpp's own defaults (try harder, rotated, inverted, downscaled), QR codes only. */
export function zxingOptions(binarizer: Binarizer, returnErrors: boolean): ZxingOptions {
  return { formats: ['QRCode'], binarizer, returnErrors, tryHarder: true, tryRotate: true, tryInvert: true, tryDownscale: true };
}

/**
 * The ladder's options. Whole frame: the defaults without tryRotate, which turns a linear code's
 * scan lines and is no use to a QR code's finder patterns (same reads on the photo sets, p95 16 ms
 * instead of 35 on a failing frame). A fallback's prepared crop: no second guesses at all (the
 * ladder has made the image upright in polarity and size), so each pass costs one read.
 */
function ladderOptions(binarizer: Binarizer, wholeFrame: boolean): ZxingOptions {
  return { ...zxingOptions(binarizer, true), tryRotate: false, tryDownscale: wholeFrame || true };
}

/** A reader for one caller at a time (the ladder awaits each read): the whole-frame buffer is reused. */
export function zxingReader(readBarcodes: ReadBarcodes): QrReader {
  let frameRgba: Uint8ClampedArray | undefined;
  return async (img: Gray, binarizer: Binarizer, wholeFrame: boolean): Promise<ReadOutcome> => {
    const data = wholeFrame ? (frameRgba = toRgba(img, frameRgba)) : toRgba(img);
    const results = await readBarcodes({ data, width: img.width, height: img.height, colorSpace: 'srgb' }, ladderOptions(binarizer, wholeFrame));
    const valid = results.find((r) => r.isValid && r.bytes.length > 0);
    if (valid) return { bytes: Uint8Array.from(valid.bytes), seen: [] };
    const seen = results.filter((r) => !r.isValid).map((r) => box(r.position));
    return { bytes: null, seen };
  };
}
