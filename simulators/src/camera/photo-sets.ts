// The camera decoder's own test photographs: three sets of card QR photos a reception webcam takes on
// a bad day, generated from fixed seeds so every run (and every decoder) sees the same pixels. The
// cards are fictitious, in the 2021 and 2024 layouts, with the diacritics that a guessed charset
// breaks ("HUỲNH", "Nguyễn"). "easier" is PNG and one fault at a time; "harder" is webcam JPEG with
// two faults; "hardest" takes each fault as far as a webcam goes (defocus past 3 px, dim and grainy,
// a saturated lamp on the laminate, a deep shadow, a steep tilt, a small code), two at a time, in heavy JPEG.

import { mulberry32 as random } from '../random.ts';
import { cardPhoto, toJpeg, toPng, type PhotoOptions } from './card-photo.ts';

export const PHOTO_CARDS = [
  '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021',
  '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||',
  '079301000123|272345678|HUỲNH THỊ NGỌC TRÂM|01012001|Nữ|Số 45/7 Đường Nguyễn Đình Chiểu, Phường Đa Kao, Quận 1, TP. Hồ Chí Minh|05062021',
  '046075004321||Phạm Quốc Dũng|21121975|Nam|Xóm Ngọc Anh, Xã Phú Thượng, Huyện Phú Vang, Thừa Thiên Huế|18112024||||',
] as const;

/**
 * The card the browser test and the bench show Chromium's fake camera: tilted and turned, out of focus
 * past what zxing-cpp reads alone, a lamp's glare on it.
 */
export const HELD_CARD: { readonly card: string; readonly options: PhotoOptions } = {
  card: PHOTO_CARDS[2],
  options: { rotateDeg: 18, tilt: 0.35, blur: 3, glare: { u: 0.62, v: 0.38, radius: 0.2, strength: 190 }, noise: 4, seed: 5 },
};

export type PhotoSetName = 'easier' | 'harder' | 'hardest';

export interface Photo {
  readonly set: PhotoSetName;
  readonly name: string;
  readonly card: string;
  readonly options: PhotoOptions;
  /** JPEG quality, or null for PNG. */
  readonly quality: number | null;
}

type Fault = (r: () => number) => PhotoOptions;
const between = (r: () => number, lo: number, hi: number): number => lo + (hi - lo) * r();

/** One webcam fault each, at a strength `k` from 0 (mild) to 1 (as bad as that set goes). */
function faults(k: number): Record<string, Fault> {
  return {
    small: (r) => ({ qrSize: Math.round(between(r, 190, 160) - 40 * k) }),
    defocus: (r) => ({ blur: Math.round(2 + 2.4 * k + r() * 0.6) }),
    motion: (r) => ({ motion: Math.round(6 + 6 * k + r() * 2), motionDeg: between(r, -40, 40) }),
    tilt: (r) => ({ tilt: between(r, 0.3, 0.45) + 0.2 * k, rotateDeg: between(r, -35, 35) }),
    glare: (r) => ({ glare: { u: between(r, 0.3, 0.7), v: between(r, 0.3, 0.7), radius: 0.14 + 0.1 * k, strength: 170 + 110 * k } }),
    dim: (r) => ({ light: 0.22 - 0.13 * k, noise: 4 + 4 * k + r() * 2 }),
    shadow: (r) => ({ shadow: 0.5 + 0.35 * k, light: between(r, 0.7, 1) }),
    screen: (r) => ({ screen: true, light: between(r, 0.6, 1), rotateDeg: between(r, -20, 20) }),
  };
}

function build(set: PhotoSetName, seed: number, faultsPer: number, k: number, quality: () => number | null, count: number): Photo[] {
  const r = random(seed);
  const table = faults(k);
  const names = Object.keys(table);
  const photos: Photo[] = [];
  for (let i = 0; i < count; i++) {
    // Every fault leads in turn; the others are drawn.
    const chosen = [names[i % names.length]!];
    while (chosen.length < faultsPer) {
      const extra = names[Math.floor(r() * names.length)]!;
      if (!chosen.includes(extra) && !(extra === 'screen' && chosen.includes('glare'))) chosen.push(extra);
    }
    let options: PhotoOptions = { seed: 1 + i, rotateDeg: between(r, -12, 12), offset: [between(r, -200, 200), between(r, -90, 90)] };
    for (const f of chosen) options = { ...options, ...table[f]!(r) };
    if (options.noise === undefined) options = { ...options, noise: 3 };
    photos.push({
      set,
      name: `${set}-${String(i + 1).padStart(2, '0')}-${chosen.join('+')}`,
      card: PHOTO_CARDS[i % PHOTO_CARDS.length]!,
      options,
      quality: quality(),
    });
  }
  return photos;
}

export function photoSets(): Record<PhotoSetName, Photo[]> {
  const r = random(99);
  return {
    easier: build('easier', 1, 1, 0.2, () => null, 24),
    harder: build('harder', 2, 2, 0.5, () => Math.round(between(r, 45, 70)), 32),
    hardest: build('hardest', 3, 2, 1, () => Math.round(between(r, 25, 45)), 40),
  };
}

/** The photo's file: PNG, or JPEG at its quality. */
export function photoFile(p: Photo): Buffer {
  const img = cardPhoto(p.card, p.options);
  return p.quality === null ? toPng(img) : toJpeg(img, p.quality);
}
