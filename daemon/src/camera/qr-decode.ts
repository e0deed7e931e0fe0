// QR decoding with zxing-js (@zxing/library): the QRCodeReader and HybridBinarizer that the kiosk's
// webcam reader (the same package's BrowserQRCodeReader) runs on each video frame, here fed from
// pixels in memory, for `tiepnhan decode-image` and the tests.

import { readFile } from 'node:fs/promises';
import * as zxingModule from '@zxing/library';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

// @zxing/library is CommonJS whose exports Node's ESM loader cannot list: under ESM the namespace
// holds only `default` (the module object); loaded as CommonJS it is the module object itself.
const zxing: typeof zxingModule = (zxingModule as unknown as { default?: typeof zxingModule }).default ?? zxingModule;
const { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, ResultMetadataType, RGBLuminanceSource } = zxing;
type DecodeHint = zxingModule.DecodeHintType;

export type QrDecodeResult = { readonly ok: true; readonly text: string; readonly bytes: Buffer | null } | { readonly ok: false; readonly error: string };

/** The hints the kiosk page sets too: QR only, search hard, payload bytes are UTF-8 (the card's). */
export function qrHints(): Map<DecodeHint, unknown> {
  return new Map<DecodeHint, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE]],
    [DecodeHintType.TRY_HARDER, true],
    [DecodeHintType.CHARACTER_SET, 'UTF-8'],
  ]);
}

/** ITU-R BT.601 luma, as the browser's canvas luminance source computes it. */
export function luminance(rgba: Uint8Array, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) out[i] = (rgba[p]! * 299 + rgba[p + 1]! * 587 + rgba[p + 2]! * 114) / 1000;
  return out;
}

export function decodeLuminance(gray: Uint8ClampedArray, width: number, height: number): QrDecodeResult {
  try {
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(gray, width, height)));
    const result = new QRCodeReader().decode(bitmap, qrHints());
    // Byte segments are the card's exact bytes; the text is zxing's reading of them.
    const segments = result.getResultMetadata()?.get(ResultMetadataType.BYTE_SEGMENTS) as Uint8Array[] | undefined;
    return { ok: true, text: result.getText(), bytes: segments?.length ? Buffer.concat(segments.map((s) => Buffer.from(s))) : null };
  } catch (err) {
    const name = (err as Error).name || 'Error';
    return { ok: false, error: name === 'NotFoundException' ? 'no QR code found' : `${name}: ${(err as Error).message || 'cannot decode'}` };
  }
}

export function decodeImage(data: Buffer): QrDecodeResult {
  let image: { width: number; height: number; data: Uint8Array };
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) image = PNG.sync.read(data);
  else if (data[0] === 0xff && data[1] === 0xd8) image = jpeg.decode(data, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
  else return { ok: false, error: 'not a PNG or JPEG image' };
  return decodeLuminance(luminance(image.data, image.width, image.height), image.width, image.height);
}

export async function decodeImageFile(path: string): Promise<QrDecodeResult> {
  try {
    return decodeImage(await readFile(path));
  } catch (err) {
    return { ok: false, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  }
}
