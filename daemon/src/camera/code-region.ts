// Where in the frame a QR code probably is when zxing-cpp found no finder pattern to report: the
// largest patch of 8×8 blocks busy with edges in both directions. A desk, a hand or the card's
// plain border is flat or has edges one way; a code's modules change every few pixels both ways.
// Edge strength is taken relative to the block's brightness, so a dim or glared code still counts.

import type { Gray, Rect } from './image-ops.ts';

const BLOCK = 8;

function blockEnergy(img: Gray): { energy: Float32Array; cols: number; rows: number } {
  const cols = Math.floor(img.width / BLOCK);
  const rows = Math.floor(img.height / BLOCK);
  const energy = new Float32Array(cols * rows);
  const { data, width: w } = img;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let gx = 0;
      let gy = 0;
      let sum = 0;
      // Every other row and column: a module of a readable code spans at least two pixels.
      for (let y = by * BLOCK; y < by * BLOCK + BLOCK - 1; y += 2) {
        for (let x = bx * BLOCK; x < bx * BLOCK + BLOCK - 1; x += 2) {
          const p = data[y * w + x]!;
          gx += Math.abs(data[y * w + x + 1]! - p);
          gy += Math.abs(data[(y + 1) * w + x]! - p);
          sum += p;
        }
      }
      const mean = sum / (BLOCK / 2) ** 2;
      // Both directions: min() keeps a straight edge (one direction only) out.
      energy[by * cols + bx] = (4 * Math.min(gx, gy)) / (mean + 24); // ×4: a quarter of the pixels sampled
    }
  }
  return { energy, cols, rows };
}

/** Bounding box (in blocks) of the largest 8-connected group of busy blocks. */
function largestGroup(busy: Uint8Array, cols: number, rows: number): { x0: number; y0: number; x1: number; y1: number; size: number } | null {
  const seen = new Uint8Array(busy.length);
  let best: { x0: number; y0: number; x1: number; y1: number; size: number } | null = null;
  for (let start = 0; start < busy.length; start++) {
    if (!busy[start] || seen[start]) continue;
    const g = { x0: cols, y0: rows, x1: 0, y1: 0, size: 0 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % cols;
      const y = (i - x) / cols;
      g.size++;
      g.x0 = Math.min(g.x0, x);
      g.y0 = Math.min(g.y0, y);
      g.x1 = Math.max(g.x1, x);
      g.y1 = Math.max(g.y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          const n = ny * cols + nx;
          if (nx >= 0 && ny >= 0 && nx < cols && ny < rows && busy[n] && !seen[n]) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
    }
    if (!best || g.size > best.size) best = g;
  }
  return best;
}

/** The code's likely region, padded by a fifth of its size; null on a frame with nothing code-like. */
export function codeRegion(img: Gray): Rect | null {
  const { energy, cols, rows } = blockEnergy(img);
  if (energy.length === 0) return null;
  const sorted = Float32Array.from(energy).sort();
  const high = sorted[Math.floor(sorted.length * 0.99)]!;
  if (high < 0.5) return null;
  const busy = Uint8Array.from(energy, (e) => (e > high * 0.35 ? 1 : 0));
  const g = largestGroup(busy, cols, rows);
  // A code of version 1 at 1.5 px per module still spans four blocks.
  if (!g || g.size < 4) return null;
  const w = (g.x1 - g.x0 + 1) * BLOCK;
  const h = (g.y1 - g.y0 + 1) * BLOCK;
  const side = Math.max(w, h);
  const cx = g.x0 * BLOCK + w / 2;
  const cy = g.y0 * BLOCK + h / 2;
  const half = (side * 1.4) / 2;
  return { x: cx - half, y: cy - half, width: 2 * half, height: 2 * half };
}
