// The camera decoder's ladder with a stand-in reader and a clock the test moves: which passes run,
// in what order, when the budget stops them, and where the next frame resumes. No time passes for
// real: each read advances the fake clock by what the test says it costs.

import t from 'tap';
import type { Gray, Rect } from '../../../../daemon/src/camera/image-ops.ts';
import { decodeFrame, FALLBACKS, type Binarizer, type QrReader } from '../../../../daemon/src/camera/qr-ladder.ts';

const FRAME: Gray = { width: 1280, height: 720, data: new Uint8Array(1280 * 720).fill(150) };
const SEEN: Rect = { x: 500, y: 200, width: 300, height: 300 };

interface Script {
  /** ms each read costs on the fake clock: [first pass, then each fallback]. */
  readonly costs: number[];
  /** Index of the read (0 = first pass) that decodes, or -1. */
  readonly decodesAt: number;
  readonly seen?: Rect[];
}

function rig(script: Script): { read: QrReader; now: () => number; calls: Array<{ width: number; binarizer: Binarizer; wholeFrame: boolean }> } {
  let clock = 0;
  const calls: Array<{ width: number; binarizer: Binarizer; wholeFrame: boolean }> = [];
  const read: QrReader = async (img, binarizer, wholeFrame) => {
    const i = calls.length;
    calls.push({ width: img.width, binarizer, wholeFrame });
    clock += script.costs[Math.min(i, script.costs.length - 1)]!;
    return { bytes: i === script.decodesAt ? Uint8Array.from([0x41]) : null, seen: i === 0 ? (script.seen ?? [SEEN]) : [] };
  };
  return { read, now: () => clock, calls };
}

t.test('a frame zxing-cpp reads costs one pass: no fallback runs', async (t) => {
  const r = rig({ costs: [15], decodesAt: 0 });
  t.match(await decodeFrame(FRAME, r.read, { budgetMs: 15, now: r.now }), { ok: true, pass: 'zxing-cpp' });
  t.same(
    r.calls.map((c) => c.wholeFrame),
    [true],
  );
});

t.test('fallbacks run in order on the region where the code was seen, until one reads', async (t) => {
  const r = rig({ costs: [15, 3], decodesAt: 3 });
  const out = await decodeFrame(FRAME, r.read, { budgetMs: 100, now: r.now });
  t.match(out, { ok: true, pass: FALLBACKS[2]!.name });
  t.same(
    r.calls.map((c) => c.wholeFrame),
    [true, false, false, false],
  );
  t.ok(
    r.calls.slice(1).every((c) => c.width < 400),
    'fallbacks read the region (padded, at work size), not the frame',
  );
  t.equal(r.calls[4 - 1]!.binarizer, FALLBACKS[2]!.binarizer);
});

t.test('the budget stops the fallbacks; the next frame resumes where this one stopped', async (t) => {
  // First pass 15 ms; each fallback 6 ms; 13 ms of fallback budget: two fit (the first starts
  // whenever there is a budget; after it, each needs what the last one took).
  const r = rig({ costs: [15, 6], decodesAt: -1 });
  const first = await decodeFrame(FRAME, r.read, { budgetMs: 13, now: r.now });
  t.match(first, { ok: false, seen: true, seenWidth: 300, resumeAt: 2 });
  t.equal(r.calls.length, 3, 'first pass + 2 fallbacks');
  const r2 = rig({ costs: [15, 6], decodesAt: 2 });
  const second = await decodeFrame(FRAME, r2.read, { budgetMs: 13, now: r2.now, resumeAt: first.ok ? 0 : first.resumeAt });
  t.match(second, { ok: true, pass: FALLBACKS[3]!.name }, 'the frame after goes on with the third and fourth fallbacks');
});

t.test('a zero budget is zxing-cpp alone; a budget that fits all goes round once', async (t) => {
  const r = rig({ costs: [15, 1], decodesAt: -1 });
  t.match(await decodeFrame(FRAME, r.read, { budgetMs: 0, now: r.now }), { ok: false, resumeAt: 0 });
  t.equal(r.calls.length, 1);
  const all = rig({ costs: [15, 1], decodesAt: -1 });
  t.match(await decodeFrame(FRAME, all.read, { budgetMs: 1000, now: all.now }), { ok: false, resumeAt: 0 });
  t.equal(all.calls.length, 1 + FALLBACKS.length, 'each fallback once');
});

t.test('nothing seen and nothing code-like: no fallback, and no "hold still" hint', async (t) => {
  const r = rig({ costs: [15, 1], decodesAt: -1, seen: [] });
  t.match(await decodeFrame(FRAME, r.read, { budgetMs: 1000, now: r.now }), { ok: false, seen: false, seenWidth: 0 });
  t.equal(r.calls.length, 1, 'a flat desk has no region to work on');
});
