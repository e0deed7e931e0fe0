// The reception page's camera decoder, as a module Web Worker: the page hands each video frame over
// as an ImageBitmap (no copy, no pixel work on the page's thread), and this worker reads it with the
// same ladder `tiepnhan decode-image` runs. tsc compiles it to dist/daemon/src/camera/, which the
// daemon serves at /camera/ with its imports; zxing-wasm's JavaScript and .wasm come from the
// daemon too (/vendor/zxing-wasm/), never from a CDN.
//
// Messages in:  {type:'init', zxingUrl, wasmUrl, budgetMs} · {type:'frame', bitmap}
// Messages out: {type:'ready'} · {type:'error', message} · {type:'result', …FrameMessage}

import type { Gray } from './image-ops.ts';
import { decodeFrame } from './qr-ladder.ts';
import { zxingReader, type ReadBarcodes } from './zxing-reader.ts';

export type FrameMessage =
  | { readonly ok: true; readonly bytes: ArrayBuffer; readonly pass: string; readonly ms: number }
  | { readonly ok: false; readonly seen: boolean; readonly seenFraction: number; readonly ms: number };

interface ZxingModule {
  prepareZXingModule(o: { overrides: { locateFile: (path: string, prefix: string) => string }; fireImmediately: true }): Promise<unknown>;
  readBarcodes: ReadBarcodes;
}

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let read: ReturnType<typeof zxingReader> | null = null;
let budgetMs = 15;
let resumeAt = 0;
let canvas: OffscreenCanvas | null = null;

async function init(zxingUrl: string, wasmUrl: string): Promise<void> {
  const zxing = (await import(zxingUrl)) as ZxingModule;
  await zxing.prepareZXingModule({ overrides: { locateFile: () => wasmUrl }, fireImmediately: true });
  read = zxingReader(zxing.readBarcodes);
}

/** The frame's pixels, grey (ITU-R BT.601, as zxing-cpp computes it). */
function grayOf(bitmap: ImageBitmap): Gray {
  const { width, height } = bitmap;
  if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) data[i] = (306 * rgba[p]! + 601 * rgba[p + 1]! + 117 * rgba[p + 2]! + 512) >> 10;
  return { width, height, data };
}

async function frame(bitmap: ImageBitmap): Promise<FrameMessage> {
  const started = performance.now();
  const gray = grayOf(bitmap);
  const r = await decodeFrame(gray, read!, { budgetMs, now: () => performance.now(), resumeAt });
  const ms = performance.now() - started;
  if (r.ok) {
    resumeAt = 0;
    return { ok: true, bytes: r.bytes.slice().buffer, pass: r.pass, ms };
  }
  // The next frame goes on where this one's budget ran out: a card held still gets every fallback.
  resumeAt = r.resumeAt;
  return { ok: false, seen: r.seen, seenFraction: r.seenWidth / gray.width, ms };
}

scope.onmessage = (e: MessageEvent) => {
  const m = e.data as { type: 'init'; zxingUrl: string; wasmUrl: string; budgetMs?: number } | { type: 'frame'; bitmap: ImageBitmap };
  if (m.type === 'init') {
    budgetMs = m.budgetMs ?? budgetMs;
    init(m.zxingUrl, m.wasmUrl).then(
      () => scope.postMessage({ type: 'ready' }),
      (err: unknown) => scope.postMessage({ type: 'error', message: (err as Error).message }),
    );
    return;
  }
  frame(m.bitmap).then(
    (r) => scope.postMessage({ type: 'result', ...r }, r.ok ? [r.bytes] : []),
    (err: unknown) => scope.postMessage({ type: 'error', message: (err as Error).message }),
  );
};
