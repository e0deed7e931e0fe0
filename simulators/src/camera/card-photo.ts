// A webcam's view of an ID card's QR code, synthesised: the payload encoded as a QR code (UTF-8 byte
// mode, as on the card) with zxing-js's own encoder, on a white card on a grey desk in a 1280×720
// frame, then degraded the way a reception webcam degrades it: tilted (rotation and perspective),
// small in the frame, out of focus, moved, lit unevenly (dim light, a shadow, the glare of a lamp on
// the card's laminate), grainy, and shown on a phone screen (light modules on dark). Each pixel
// averages 2×2 samples, as a sensor integrates light, so small codes alias as they do in a camera.
// Output as PNG, JPEG, or a Y4M video file that Chromium's fake camera plays.

import * as zxingModule from '@zxing/library';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { boxBlur, motionBlur } from './blur.ts';
import { homography, mapPoint, type Homography } from './homography.ts';

// @zxing/library is CommonJS whose exports Node's ESM loader cannot list: under ESM the namespace
// holds only `default` (the module object); loaded as CommonJS it is the module object itself.
const zxing: typeof zxingModule = (zxingModule as unknown as { default?: typeof zxingModule }).default ?? zxingModule;
const { BarcodeFormat, EncodeHintType, QRCodeWriter } = zxing;

export interface Glare {
  /** Centre as a fraction of the code's side, from its top-left corner (0.5, 0.5 is the centre). */
  readonly u: number;
  readonly v: number;
  /** Radius as a fraction of the code's side. */
  readonly radius: number;
  /** Added brightness at the centre, 0–255 (above ~200 the laminate saturates the sensor). */
  readonly strength: number;
}

export interface PhotoOptions {
  readonly width?: number;
  readonly height?: number;
  /** Side of the QR code in pixels, quiet zone included. */
  readonly qrSize?: number;
  readonly rotateDeg?: number;
  /** Keystone of a card tilted away from the camera: the far edge is (1 − k) as wide as the near one. */
  readonly tilt?: number;
  /** Where the code's centre sits, as an offset in pixels from the frame's centre. */
  readonly offset?: readonly [number, number];
  /** Box-blur radius in pixels (applied twice: close to a Gaussian): out of focus. */
  readonly blur?: number;
  /** Length in pixels of a straight motion smear, and its direction. */
  readonly motion?: number;
  readonly motionDeg?: number;
  /** Amplitude of uniform noise, 0–255. */
  readonly noise?: number;
  /** Overall light, 1 = a lit desk; 0.25 is a dim corner. */
  readonly light?: number;
  /** Light falls off by this fraction from the left edge of the frame to the right. */
  readonly shadow?: number;
  readonly glare?: Glare;
  /** A phone screen in dark mode: light modules on a dark ground. */
  readonly screen?: boolean;
  readonly seed?: number;
}

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly gray: Uint8ClampedArray;
}

/** The code's modules, one cell per module, quiet zone of 4 included: true is dark. */
export function qrModules(payload: string): { size: number; dark: (col: number, row: number) => boolean } {
  const hints = new Map<zxingModule.EncodeHintType, unknown>([
    [EncodeHintType.CHARACTER_SET, 'UTF-8'],
    [EncodeHintType.ERROR_CORRECTION, 'M'],
    [EncodeHintType.MARGIN, 4],
  ]);
  const matrix = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0, hints);
  const size = matrix.getWidth();
  const cells = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) cells[r * size + c] = matrix.get(c, r) ? 1 : 0;
  return { size, dark: (c, r) => cells[r * size + c] === 1 };
}

/** Corners of the code (unit square) in the frame: rotated, tilted, placed. */
function placement(o: PhotoOptions, width: number, height: number): Homography {
  const side = o.qrSize ?? 420;
  const k = o.tilt ?? 0;
  const a = ((o.rotateDeg ?? 0) * Math.PI) / 180;
  const [ox, oy] = o.offset ?? [0, 0];
  // Far (top) edge narrower by k, near edge wider: a card leaning back from the lens.
  const local: Array<[number, number]> = [
    [-(side / 2) * (1 - k / 2), -side / 2],
    [(side / 2) * (1 - k / 2), -side / 2],
    [(side / 2) * (1 + k / 2), side / 2],
    [-(side / 2) * (1 + k / 2), side / 2],
  ];
  const corners = local.map(([x, y]): [number, number] => [
    width / 2 + ox + x * Math.cos(a) - y * Math.sin(a),
    height / 2 + oy + x * Math.sin(a) + y * Math.cos(a),
  ]);
  return homography(corners);
}

const INK = 30;
const CARD = 235;
const DESK = 150;

/** Reflectance of the scene at a point of the code's plane (u, v in code sides). */
function reflectance(modules: ReturnType<typeof qrModules>, u: number, v: number, screen: boolean): number {
  if (u >= 0 && v >= 0 && u < 1 && v < 1) {
    const dark = modules.dark(Math.floor(u * modules.size), Math.floor(v * modules.size));
    return screen ? (dark ? 205 : 22) : dark ? INK : CARD;
  }
  // The card (or the phone) around the code; the desk beyond it.
  const card = u > -0.45 && u < 1.9 && v > -0.3 && v < 1.3;
  return card ? (screen ? 22 : CARD) : DESK;
}

function render(payload: string, o: PhotoOptions, width: number, height: number): Float32Array {
  const modules = qrModules(payload);
  const [a, b, c, d, e, f, g, h, i] = placement(o, width, height).inverse;
  const out = new Float32Array(width * height);
  const screen = o.screen ?? false;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let sy = 0.25; sy < 1; sy += 0.5) {
        for (let sx = 0.25; sx < 1; sx += 0.5) {
          // The inverse homography, inlined: this runs 3.7 million times per frame.
          const px = x + sx;
          const py = y + sy;
          const w = g * px + h * py + i;
          sum += reflectance(modules, (a * px + b * py + c) / w, (d * px + e * py + f) / w, screen);
        }
      }
      out[y * width + x] = sum / 4;
    }
  }
  return out;
}

function light(img: Float32Array, o: PhotoOptions, width: number, height: number): void {
  const level = o.light ?? 1;
  const shadow = o.shadow ?? 0;
  const g = o.glare;
  const toFrame = g ? placement(o, width, height) : null;
  const [gx, gy] = g && toFrame ? mapPoint(toFrame.forward, g.u, g.v) : [0, 0];
  const r2 = g ? 2 * (g.radius * (o.qrSize ?? 420)) ** 2 : 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let v = img[i]! * level * (1 - (shadow * x) / width);
      if (g) v += g.strength * Math.exp(-((x - gx) ** 2 + (y - gy) ** 2) / r2);
      img[i] = v;
    }
  }
}

function grain(img: Float32Array, amplitude: number, seed: number): void {
  let s = seed | 0 || 7;
  for (let i = 0; i < img.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    img[i] = img[i]! + (((s >>> 0) / 2 ** 32) * 2 - 1) * amplitude;
  }
}

export function cardPhoto(payload: string, o: PhotoOptions = {}): GrayImage {
  const width = o.width ?? 1280;
  const height = o.height ?? 720;
  let img = render(payload, o, width, height);
  light(img, o, width, height);
  // The sensor saturates before the lens blurs what it sees: clip the glare, then blur.
  for (let i = 0; i < img.length; i++) img[i] = Math.min(255, img[i]!);
  if (o.blur) img = boxBlur(boxBlur(img, width, height, o.blur), width, height, o.blur);
  if (o.motion) img = motionBlur(img, width, height, o.motion, o.motionDeg ?? 0);
  if (o.noise) grain(img, o.noise, o.seed ?? 7);
  return { width, height, gray: Uint8ClampedArray.from(img, (v) => Math.round(v)) };
}

function rgba(img: GrayImage): Buffer {
  const out = Buffer.alloc(img.width * img.height * 4, 255);
  for (let i = 0; i < img.gray.length; i++) out.fill(img.gray[i]!, i * 4, i * 4 + 3);
  return out;
}

export function toPng(img: GrayImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  rgba(img).copy(png.data);
  return PNG.sync.write(png);
}

/** JPEG at the given quality (a webcam's MJPEG stream runs around 50–80). */
export function toJpeg(img: GrayImage, quality: number): Buffer {
  return Buffer.from(jpeg.encode({ data: rgba(img), width: img.width, height: img.height }, quality).data);
}

/** One-frame Y4M (4:2:0, grey chroma); Chromium loops it as the camera picture. */
export function toY4m(img: GrayImage): Buffer {
  const chroma = Buffer.alloc((img.width / 2) * (img.height / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${img.width} H${img.height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`, 'ascii'), Buffer.from(img.gray), chroma]);
}
