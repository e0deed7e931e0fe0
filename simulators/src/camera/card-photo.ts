// A webcam's view of an ID card's QR code, synthesised: the payload encoded as a QR code (UTF-8 byte
// mode, as on the card) with zxing-js's own encoder, placed on a grey desk in a 1280×720 frame,
// optionally rotated, blurred (out of focus) and noisy. Output as PNG, or as a Y4M video file that
// Chromium's fake camera plays (--use-file-for-fake-video-capture).

import * as zxingModule from '@zxing/library';
import { PNG } from 'pngjs';

// @zxing/library is CommonJS whose exports Node's ESM loader cannot list: under ESM the namespace
// holds only `default` (the module object); loaded as CommonJS it is the module object itself.
const zxing: typeof zxingModule = (zxingModule as unknown as { default?: typeof zxingModule }).default ?? zxingModule;
const { BarcodeFormat, EncodeHintType, QRCodeWriter } = zxing;

export interface PhotoOptions {
  readonly width?: number;
  readonly height?: number;
  /** Side of the QR code in pixels, quiet zone included. */
  readonly qrSize?: number;
  readonly rotateDeg?: number;
  /** Box-blur radius in pixels (applied twice: close to a Gaussian). */
  readonly blur?: number;
  /** Amplitude of uniform noise, 0–255. */
  readonly noise?: number;
  readonly seed?: number;
}

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly gray: Uint8ClampedArray;
}

function boxBlur(src: Uint8ClampedArray, w: number, h: number, r: number): Uint8ClampedArray {
  const tmp = new Uint8ClampedArray(src.length);
  const out = new Uint8ClampedArray(src.length);
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

export function cardPhoto(payload: string, o: PhotoOptions = {}): GrayImage {
  const width = o.width ?? 1280;
  const height = o.height ?? 720;
  const size = o.qrSize ?? 420;
  const hints = new Map<zxingModule.EncodeHintType, unknown>([
    [EncodeHintType.CHARACTER_SET, 'UTF-8'],
    [EncodeHintType.ERROR_CORRECTION, 'M'],
    [EncodeHintType.MARGIN, 4],
  ]);
  const matrix = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, size, size, hints);
  const gray = new Uint8ClampedArray(width * height);
  const angle = ((o.rotateDeg ?? 0) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Inverse rotation: which point of the unrotated code lands on this pixel.
      const dx = x - cx;
      const dy = y - cy;
      const u = Math.floor(cos * dx + sin * dy + size / 2);
      const v = Math.floor(-sin * dx + cos * dy + size / 2);
      const inside = u >= 0 && v >= 0 && u < matrix.getWidth() && v < matrix.getHeight();
      // Desk 150, card white 235, ink 30: a real photo never has pure black and white.
      gray[y * width + x] = inside ? (matrix.get(u, v) ? 30 : 235) : 150;
    }
  }
  let img: Uint8ClampedArray = gray;
  if (o.blur) img = boxBlur(boxBlur(img, width, height, o.blur), width, height, o.blur);
  if (o.noise) {
    let s = o.seed ?? 7;
    for (let i = 0; i < img.length; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      img[i] = img[i]! + (((s >>> 0) / 2 ** 32) * 2 - 1) * o.noise;
    }
  }
  return { width, height, gray: img };
}

export function toPng(img: GrayImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  for (let i = 0; i < img.gray.length; i++) {
    const v = img.gray[i]!;
    png.data[i * 4] = v;
    png.data[i * 4 + 1] = v;
    png.data[i * 4 + 2] = v;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** One-frame Y4M (4:2:0, grey chroma); Chromium loops it as the camera picture. */
export function toY4m(img: GrayImage): Buffer {
  const chroma = Buffer.alloc((img.width / 2) * (img.height / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${img.width} H${img.height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`, 'ascii'), Buffer.from(img.gray), chroma]);
}
