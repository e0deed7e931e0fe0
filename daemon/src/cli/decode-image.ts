// `tiepnhan decode-image <file>…`: decodes card QR photos (PNG or JPEG) with the webcam's decoder
// (zxing-cpp in WebAssembly and its fallbacks, camera/qr-decode.ts) and prints one
// JSON line per file: {"file","ok","text"} (with "error" when nothing was decoded). Exit 1 if any failed.

import { decodeImageFile, warmUp } from '../camera/qr-decode.ts';

export async function runDecodeImage(argv: string[]): Promise<number> {
  const files = argv.filter((a) => a !== '--');
  if (files.length === 0) {
    process.stderr.write('tiepnhan decode-image: cần ít nhất một tệp ảnh / at least one image file is needed\n');
    return 2;
  }
  let failed = 0;
  await warmUp();
  for (const file of files) {
    const r = await decodeImageFile(file);
    if (!r.ok) failed++;
    process.stdout.write(JSON.stringify(r.ok ? { file, ok: true, text: r.text } : { file, ok: false, text: null, error: r.error }) + '\n');
  }
  return failed > 0 ? 1 : 0;
}
