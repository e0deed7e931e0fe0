// Webcam fallback: time to decode one 1280×720 card photo with zxing-js, from the PNG file (as
// `tiepnhan decode-image` does) and from pixels already in memory (as the kiosk does per video frame).

import { decodeImage, decodeLuminance } from '../daemon/src/camera/qr-decode.ts';
import { cardPhoto, toPng, type PhotoOptions } from '../simulators/src/camera/card-photo.ts';
import { pct, printTable } from './table.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

export function benchCamera(): void {
  const views: Array<[string, PhotoOptions]> = [
    ['straight', {}],
    ['rotated 15°', { rotateDeg: 15 }],
    ['rotated 45°, blur 1', { rotateDeg: 45, blur: 1 }],
    ['blur 2 + noise', { blur: 2, noise: 10 }],
    ['no QR in frame', {}],
  ];
  const rows: string[][] = [];
  for (const [name, o] of views) {
    const img = name === 'no QR in frame' ? { width: 1280, height: 720, gray: new Uint8ClampedArray(1280 * 720).fill(150) } : cardPhoto(AN, o);
    const png = toPng(img);
    const file: number[] = [];
    const pixels: number[] = [];
    let ok = 0;
    for (let i = 0; i < 30; i++) {
      let t0 = performance.now();
      if (decodeImage(png).ok) ok++;
      file.push(performance.now() - t0);
      t0 = performance.now();
      decodeLuminance(img.gray, img.width, img.height);
      pixels.push(performance.now() - t0);
    }
    rows.push([name, `${ok}/30`, pct(file, 0.5).toFixed(1), pct(file, 0.99).toFixed(1), pct(pixels, 0.5).toFixed(1), pct(pixels, 0.99).toFixed(1)]);
  }
  printTable('Card photo 1280×720, zxing-js QR decode (ms per photo)', ['photo', 'decoded', 'PNG file p50', 'PNG file p99', 'pixels p50', 'pixels p99'], rows);
}
