// `npm run bench -- camera`: the project's degraded card photo sets (simulators/src/camera/
// photo-sets.ts) read by three decoders in one run on one machine: zbar (`zbarimg`, the time includes
// its process start), plain zxing-cpp (zxing-wasm's readBarcodes on the file, its defaults), and
// tiepnhan (`decode-image`'s path: sharp, then the ladder within its budget). Each photo is timed
// three times after a warm-up; reads are the median of the three rounds (the ladder's budget is
// wall-clock time).
// Then the page's worker in Chromium: each photo as three video frames of a card held still, decoded
// by /camera/qr-worker.js from a spawned daemon, timed inside the worker per 1280×720 frame. Last,
// the browser test's hard card through Chromium's fake camera, from the button to the patient shown.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeImage, localReadBarcodes } from '../daemon/src/camera/qr-decode.ts';
import { zxingOptions } from '../daemon/src/camera/zxing-reader.ts';
import { cardPhoto, toY4m } from '../simulators/src/camera/card-photo.ts';
import { HELD_CARD, photoFile, photoSets, type Photo } from '../simulators/src/camera/photo-sets.ts';
import { spawnDaemon } from './daemon-process.ts';
import { pct, printTable } from './table.ts';

const ZBAR = ['/usr/bin/zbarimg', '/usr/local/bin/zbarimg'].find((p) => existsSync(p));
const CHROMIUM = '/usr/bin/chromium';
const ROUNDS = 3;

type Decoder = (file: string, bytes: Buffer, card: Buffer) => Promise<boolean>;

async function decoders(): Promise<Record<string, Decoder>> {
  const readBarcodes = await localReadBarcodes();
  const run = promisify(execFile);
  const list: Record<string, Decoder> = {
    'zxing-cpp (zxing-wasm, defaults)': async (_f, bytes, card) =>
      (await readBarcodes(new Uint8Array(bytes) as never, zxingOptions('LocalAverage', false))).some((r) => r.isValid && Buffer.from(r.bytes).equals(card)),
    'tiepnhan (decode-image)': async (_f, bytes, card) => {
      const r = await decodeImage(bytes);
      return r.ok && r.bytes.equals(card);
    },
  };
  if (ZBAR) {
    list['zbar 0.23 (zbarimg)'] = async (file, _b, card) => {
      try {
        return (await run(ZBAR, ['--nodbus', '--raw', '-q', '-Sbinary', file], { encoding: 'buffer' })).stdout.equals(card);
      } catch {
        return false;
      }
    };
  }
  return list;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function nodeTable(sets: Record<string, Array<Photo & { file: string; bytes: Buffer }>>): Promise<void> {
  const rows: string[][] = [];
  for (const [decoder, decode] of Object.entries(await decoders())) {
    // Warm-up, not timed: the .wasm compiled and the JIT done, as in a daemon that has run a while.
    for (const p of sets['hardest']!.slice(0, 8)) await decode(p.file, p.bytes, Buffer.from(p.card, 'utf8'));
    for (const [set, photos] of Object.entries(sets)) {
      const times: number[] = [];
      const reads: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        let n = 0;
        for (const p of photos) {
          const t0 = performance.now();
          if (await decode(p.file, p.bytes, Buffer.from(p.card, 'utf8'))) n++;
          times.push(performance.now() - t0);
        }
        reads.push(n);
      }
      rows.push([decoder, set, `${median(reads)}/${photos.length}`, pct(times, 0.5).toFixed(1), pct(times, 0.95).toFixed(1)]);
    }
  }
  printTable(`Card photos 1280×720, read per decoder (${ROUNDS} rounds; ms per photo)`, ['decoder', 'set', 'read', 'p50 ms', 'p95 ms'], rows);
}

async function browserTable(sets: Record<string, Array<Photo & { bytes: Buffer }>>): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`\n(worker in Chromium: skipped, ${CHROMIUM} is not installed)\n`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const daemon = await spawnDaemon([], 9600);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${daemon.url}/`);
    await page.evaluate(`(async () => {
      window.benchWorker = new Worker('/camera/qr-worker.js', { type: 'module' });
      await new Promise((resolve, reject) => {
        window.benchWorker.onmessage = (e) => (e.data.type === 'ready' ? resolve() : reject(new Error(e.data.message)));
        window.benchWorker.postMessage({ type: 'init', zxingUrl: '/vendor/zxing-wasm/es/reader/index.js', wasmUrl: '/vendor/zxing-wasm/reader/zxing_reader.wasm' });
      });
    })()`);
    const rows: string[][] = [];
    for (const [set, photos] of Object.entries({ 'warm-up': sets['hardest']!.slice(0, 8), ...sets })) {
      const times: number[] = [];
      let read = 0;
      for (const p of photos) {
        const frames = await page.evaluate<Array<{ ok: boolean; ms: number; text: string | null }>>(`(async () => {
          const bytes = Uint8Array.from(atob('${p.bytes.toString('base64')}'), (c) => c.charCodeAt(0));
          const out = [];
          for (let i = 0; i < 3; i++) {
            const bitmap = await createImageBitmap(new Blob([bytes]));
            const r = await new Promise((resolve) => { window.benchWorker.onmessage = (e) => resolve(e.data); window.benchWorker.postMessage({ type: 'frame', bitmap }, [bitmap]); });
            out.push({ ok: r.ok, ms: r.ms, text: r.ok ? new TextDecoder().decode(r.bytes) : null });
            if (r.ok) break;
          }
          return out;
        })()`);
        times.push(...frames.map((f) => f.ms));
        if (frames.some((f) => f.text === p.card)) read++;
      }
      if (set !== 'warm-up') rows.push([set, `${read}/${photos.length}`, pct(times, 0.5).toFixed(1), pct(times, 0.95).toFixed(1), String(times.length)]);
    }
    printTable(
      'The page’s worker in Chromium (zxing-cpp WASM + fallbacks, 15 ms fallback budget; up to 3 frames per photo)',
      ['set', 'read', 'p50 ms/frame', 'p95 ms/frame', 'frames'],
      rows,
    );
  } finally {
    await browser.close();
    await daemon.stop();
  }
}

/** Chromium's fake camera (Y4M) showing the browser test's card (HELD_CARD): ms from the camera button to the patient on screen. */
async function fakeCameraTable(dir: string): Promise<void> {
  if (!existsSync(CHROMIUM)) return;
  const { chromium } = await import('playwright-core');
  const video = join(dir, 'card.y4m');
  await writeFile(video, toY4m(cardPhoto(HELD_CARD.card, HELD_CARD.options)));
  const daemon = await spawnDaemon([], 9600);
  const times: number[] = [];
  try {
    for (let run = 0; run < 5; run++) {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
          `--use-file-for-fake-video-capture=${video}`,
        ],
      });
      const page = await browser.newPage();
      await page.goto(`${daemon.url}/?desk=desk-1`);
      await page.waitForSelector('#conn[data-state="online"]');
      const t0 = performance.now();
      await page.click('#camera-btn');
      await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'HUỲNH THỊ NGỌC TRÂM', null, { timeout: 60_000 });
      times.push(performance.now() - t0);
      await browser.close();
    }
  } finally {
    await daemon.stop();
  }
  printTable(
    'Chromium fake camera (Y4M), tilted + blurred + glared card: camera button → patient shown (target ≤ 3000 ms)',
    ['runs', 'median ms', 'max ms'],
    [[String(times.length), pct(times, 0.5).toFixed(0), Math.max(...times).toFixed(0)]],
  );
}

export async function benchCamera(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-camera-bench-'));
  try {
    const sets: Record<string, Array<Photo & { file: string; bytes: Buffer }>> = {};
    for (const [name, photos] of Object.entries(photoSets())) {
      sets[name] = [];
      for (const p of photos) {
        const bytes = photoFile(p);
        const file = join(dir, `${p.name}.${p.quality === null ? 'png' : 'jpg'}`);
        await writeFile(file, bytes);
        sets[name].push({ ...p, file, bytes });
      }
    }
    if (!ZBAR) process.stdout.write('\n(zbar: skipped, zbarimg is not installed: apt-get install -y zbar-tools)\n');
    await nodeTable(sets);
    await browserTable(sets);
    await fakeCameraTable(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
