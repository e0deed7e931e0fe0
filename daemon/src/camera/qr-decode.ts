// QR decoding in the daemon, for `tiepnhan decode-image`, the bench and the tests: the same ladder
// (qr-ladder.ts) and the same zxing-cpp reader (zxing-reader.ts) the page's camera worker runs. The
// .wasm is read from the installed zxing-wasm package, never fetched (zxing-wasm's default is a
// CDN, which a closed reception network cannot reach). Images are decoded to grey pixels by sharp
// (libvips): jpeg-js took ~90 ms per 1280×720 JPEG here, more than the whole frame budget.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Gray } from './image-ops.ts';
import { decodeFrame, type LadderResult, type QrReader } from './qr-ladder.ts';
import { zxingReader, type ReadBarcodes } from './zxing-reader.ts';

export type QrDecodeResult =
  | { readonly ok: true; readonly text: string; readonly bytes: Buffer; readonly pass: string }
  | { readonly ok: false; readonly error: string; readonly seen: boolean };

/**
 * Milliseconds the fallbacks may take on one image, after the image is decoded (~10 ms here) and read
 * once by zxing-cpp (~15–20 ms): the bench's p95 target for the whole is 60 ms per 1280×720 JPEG.
 */
export const DECODE_IMAGE_BUDGET_MS = 15;

let reader: Promise<ReadBarcodes> | null = null;

/** zxing-wasm with the packaged .wasm, prepared once per process. */
export function localReadBarcodes(): Promise<ReadBarcodes> {
  reader ??= (async () => {
    const zxing = await import('zxing-wasm/reader');
    const wasm = await readFile(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await zxing.prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
      fireImmediately: true,
    });
    return zxing.readBarcodes as unknown as ReadBarcodes;
  })();
  return reader;
}

function result(r: LadderResult): QrDecodeResult {
  if (!r.ok) return { ok: false, error: r.seen ? 'QR code seen but not readable' : 'no QR code found', seen: r.seen };
  const bytes = Buffer.from(r.bytes);
  return { ok: true, text: bytes.toString('utf8'), bytes, pass: r.pass };
}

let ladderRead: QrReader | null = null;
let turn: Promise<unknown> = Promise.resolve();

/**
 * Decodes grey pixels already in memory. One reader for the process, one image at a time: the reader
 * reuses its 1280×720 RGBA buffer (3.7 MB) from image to image, which a fresh one per call left to
 * the garbage collector, and calls that overlapped would share it.
 */
export function decodeGray(frame: Gray, budgetMs = DECODE_IMAGE_BUDGET_MS): Promise<QrDecodeResult> {
  const mine = turn.then(async () => {
    ladderRead ??= zxingReader(await localReadBarcodes());
    return result(await decodeFrame(frame, ladderRead, { budgetMs, now: () => performance.now() }));
  });
  turn = mine.catch(() => undefined);
  return mine;
}

/**
 * Runs every pass once on a small synthetic frame (a busy block that is no code), untimed: a
 * one-shot command would otherwise spend the first image's budget compiling JavaScript, and its
 * fallbacks would never start. Also loads sharp.
 */
export async function warmUp(): Promise<void> {
  const width = 320;
  const height = 240;
  const data = new Uint8Array(width * height).fill(200);
  for (let y = 80; y < 160; y++) for (let x = 120; x < 200; x++) data[y * width + x] = ((x >> 2) + (y >> 2)) % 2 ? 30 : 220;
  await decodeGray({ width, height, data }, 10_000);
  await import('sharp');
}

/**
 * A PNG or JPEG file's bytes to grey pixels (sharp, loaded on first use: only this command needs it).
 * A colour photo gives its green channel: most of BT.601 luma (0.587), and half the time of a colour
 * conversion here (9 ms against 19 per 1280×720 JPEG).
 */
async function grayOf(data: Buffer): Promise<Gray | null> {
  const isPng = data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = data[0] === 0xff && data[1] === 0xd8;
  if (!isPng && !isJpeg) return null;
  const { default: sharp } = await import('sharp');
  const image = sharp(data, { sequentialRead: true });
  const { channels = 1 } = await image.metadata();
  const { data: pixels, info } = await image
    .extractChannel(channels >= 3 ? 1 : 0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(pixels.buffer, pixels.byteOffset, info.width * info.height) };
}

export async function decodeImage(data: Buffer, budgetMs = DECODE_IMAGE_BUDGET_MS): Promise<QrDecodeResult> {
  const gray = await grayOf(data);
  if (!gray) return { ok: false, error: 'not a PNG or JPEG image', seen: false };
  return decodeGray(gray, budgetMs);
}

export async function decodeImageFile(path: string): Promise<QrDecodeResult> {
  try {
    return await decodeImage(await readFile(path));
  } catch (err) {
    return { ok: false, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message, seen: false };
  }
}
