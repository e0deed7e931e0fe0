// The camera decoder: zxing-cpp first, then the fallbacks it lacks, each only when the cheaper pass
// failed and only while the frame's time budget lasts. Measured on the project's photo sets
// (`npm run bench -- camera`): a lens past 3 px of defocus wants sharpening; a dim, grainy frame, a
// lamp's glare and a hard shadow want local contrast normalisation, sometimes with the other
// binariser; a code a few pixels per module wants the region around it enlarged. No Node and no DOM
// here: the daemon (`tiepnhan decode-image`) and the page's worker run this same module.

import { cropScale, normalizeContrast, sharpen, smooth, type Gray, type Rect } from './image-ops.ts';
import { codeRegion } from './code-region.ts';

export type Binarizer = 'LocalAverage' | 'GlobalHistogram';

/** One zxing-cpp read, of QR codes only: what decoded (exact bytes), and where a code was seen. */
export interface ReadOutcome {
  readonly bytes: Uint8Array | null;
  /** Codes found but not decoded (zxing-cpp's `returnErrors`), as bounding boxes in the image. */
  readonly seen: readonly Rect[];
}

/** `wholeFrame`: the first pass, on the camera's frame; otherwise a fallback's prepared crop. */
export type QrReader = (img: Gray, binarizer: Binarizer, wholeFrame: boolean) => Promise<ReadOutcome>;

interface Pass {
  readonly name: string;
  /** The image this pass reads, made from the region where a code seems to be. */
  readonly image: (region: Crops) => Gray;
  readonly binarizer: Binarizer;
}

/** The region cut out of the frame once per frame and shared by the passes: at work size, and at twice that. */
class Crops {
  readonly #frame: Gray;
  readonly #region: Rect;
  readonly #made = new Map<number, Gray>();
  constructor(frame: Gray, region: Rect) {
    this.#frame = frame;
    this.#region = region;
  }
  at(target: number): Gray {
    let img = this.#made.get(target);
    if (!img) this.#made.set(target, (img = cropScale(this.#frame, this.#region, scaleFor(this.#region, target))));
    return img;
  }
}

/** Pixels per side of the region a fallback works on: enough for ~4 px per module at version 10. */
const WORK_SIDE = 260;

/**
 * Enlarged up to the work size when the code is small (up to 4×); shrunk when it is more than 1.6
 * times that, since the image work costs per pixel and a large code has modules to spare.
 */
function scaleFor(region: Rect, target: number): number {
  const side = Math.max(region.width, region.height);
  if (side < target) return Math.min(4, target / side);
  return side > 1.6 * target ? (1.6 * target) / side : 1;
}

/** In the order of what they recovered on the photo sets, most first. */
export const FALLBACKS: readonly Pass[] = [
  { name: 'contrast', binarizer: 'LocalAverage', image: (c) => normalizeContrast(c.at(WORK_SIDE), 12) },
  { name: 'sharpen', binarizer: 'LocalAverage', image: (c) => sharpen(c.at(WORK_SIDE), 5, 4) },
  { name: 'sharpen-contrast', binarizer: 'LocalAverage', image: (c) => normalizeContrast(sharpen(c.at(WORK_SIDE), 5, 2), 12) },
  { name: 'smooth-contrast-histogram', binarizer: 'GlobalHistogram', image: (c) => normalizeContrast(smooth(c.at(WORK_SIDE), 1), 12) },
  { name: 'enlarge', binarizer: 'LocalAverage', image: (c) => sharpen(c.at(2 * WORK_SIDE), 5, 2) },
];

export interface LadderOptions {
  /**
   * Milliseconds the fallbacks may take after the first pass (which always runs): the first fallback
   * starts when the budget is above 0, each next one only if the rest covers what the last took. A
   * budget of its own, so a slow first pass on a busy machine does not also take the fallbacks away.
   */
  readonly budgetMs: number;
  readonly now: () => number;
  /** The fallback to start with: a live camera continues on the next frame where this one stopped. */
  readonly resumeAt?: number;
}

export type LadderResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly pass: string }
  | {
      readonly ok: false;
      /** zxing-cpp found a code's finder patterns but could not decode it: "hold still / move closer". */
      readonly seen: boolean;
      /** Width in pixels of the code seen (0 when none): a small one wants the card closer. */
      readonly seenWidth: number;
      /** The fallback the next frame should start with. */
      readonly resumeAt: number;
    };

/** Decodes one frame: the plain pass, then fallbacks in order (from `resumeAt`) within the budget. */
export async function decodeFrame(frame: Gray, read: QrReader, o: LadderOptions): Promise<LadderResult> {
  const first = await read(frame, 'LocalAverage', true);
  if (first.bytes) return { ok: true, bytes: first.bytes, pass: 'zxing-cpp' };
  const failed = { ok: false as const, seen: first.seen.length > 0, seenWidth: first.seen[0]?.width ?? 0 };
  const region = first.seen[0] ? pad(first.seen[0], 0.1) : codeRegion(frame);
  if (!region) return { ...failed, resumeAt: 0 };
  // The first fallback starts whenever there is a budget: its cost is not known yet, and the first
  // pass's time says little about it (the whole frame, and on a cold start mostly compiling). Each
  // next one starts only if what is left covers what the last one took.
  const crops = new Crops(frame, region);
  const started = o.now();
  let estimate = 0;
  for (let k = 0; k < FALLBACKS.length; k++) {
    const i = ((o.resumeAt ?? 0) + k) % FALLBACKS.length;
    const before = o.now();
    if (o.budgetMs <= 0 || before - started + estimate > o.budgetMs) return { ...failed, resumeAt: i };
    const pass = FALLBACKS[i]!;
    const r = await read(pass.image(crops), pass.binarizer, false);
    if (r.bytes) return { ok: true, bytes: r.bytes, pass: pass.name };
    estimate = o.now() - before;
  }
  return { ...failed, resumeAt: 0 };
}

function pad(r: Rect, by: number): Rect {
  const dx = r.width * by;
  const dy = r.height * by;
  return { x: r.x - dx, y: r.y - dy, width: r.width + 2 * dx, height: r.height + 2 * dy };
}
