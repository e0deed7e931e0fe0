// `npm run bench -- footprint`: the daemon as `npm start` runs it (compiled JavaScript, its node
// flags, the embedded defaults with their simulated scanner and gateway) against a baseline process
// that only loads the product card's libraries and listens (bench/footprint-baseline.mjs), both
// started RUNS times in this run: resident memory after IDLE_S seconds idle, the ratio of medians,
// and the time from spawning `tiepnhan start` to /api/health answering 200. Then the Windows package
// under Wine, the same two ways (figures only: Wine is not Windows).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, freePort, procStats, START_FLAGS } from './daemon-process.ts';
import { windowsFootprint } from './footprint-windows.ts';
import { PACKAGE_NODE } from '../packaging/runtimes.ts';
import { pause } from './latency/rig.ts';
import { pct, printTable } from './table.ts';

const RUNS = Number(process.env['BENCH_FOOTPRINT_RUNS'] ?? 3);
const IDLE_S = Number(process.env['BENCH_FOOTPRINT_IDLE_S'] ?? 10);
const BASELINE = fileURLToPath(new URL('./footprint-baseline.mjs', import.meta.url));

async function healthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 6000 && child.exitCode === null; i++) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await pause(10);
  }
  throw new Error(`${url} never became healthy`);
}

async function measure(args: string[], portOf: (child: ChildProcess) => Promise<number>): Promise<{ rssMb: number; readyMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const port = await portOf(child);
    await healthy(`http://127.0.0.1:${port}`, child);
    const readyMs = performance.now() - t0;
    await pause(IDLE_S * 1000);
    return { rssMb: procStats(child.pid!)?.rssMb ?? NaN, readyMs };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const med = (xs: number[]): number => pct(xs, 0.5);

function row(what: string, runs: Array<{ rssMb: number; readyMs: number }>, baseline: number): string[] {
  const rss = med(runs.map((x) => x.rssMb));
  const ready = runs.map((x) => x.readyMs);
  return [
    what,
    runs.map((x) => x.rssMb.toFixed(0)).join(' / '),
    rss.toFixed(1),
    (rss / baseline).toFixed(2),
    ready.map((x) => x.toFixed(0)).join(' / '),
    med(ready).toFixed(0),
  ];
}

const firstLine = (child: ChildProcess): Promise<number> =>
  new Promise((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(Number(b.toString().trim()))));

/** `tiepnhan start` in a fresh data folder; `config` as a hospital's file would give it. */
async function daemonRun(config: object | null): Promise<{ rssMb: number; readyMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-footprint-'));
  const port = await freePort();
  const extra: string[] = [];
  if (config) {
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    extra.push('--config', join(dir, 'config.json'));
  }
  try {
    return await measure([...START_FLAGS, BIN, 'start', '--port', String(port), '--data-dir', join(dir, 'data'), ...extra], async () => port);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// As deployed: a real gateway URL (nothing is asked of it while idle) and so no simulator at all.
const DEPLOYED = { gateway: { url: 'http://127.0.0.1:9' } };

export async function benchFootprint(): Promise<void> {
  const base: Array<{ rssMb: number }> = [];
  const daemon: Array<{ rssMb: number; readyMs: number }> = [];
  const deployed: Array<{ rssMb: number; readyMs: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await measure([...START_FLAGS, BASELINE], firstLine));
    daemon.push(await daemonRun(null));
    deployed.push(await daemonRun(DEPLOYED));
  }
  const b = med(base.map((x) => x.rssMb));
  printTable(
    `Footprint: idle RSS after ${IDLE_S} s, median of ${RUNS} runs each (node ${START_FLAGS.join(' ') || 'no flags'}; target: ratio ≤ 1.2, ready ≤ 2000 ms)`,
    ['process', 'idle RSS MB (runs)', 'median MB', 'ratio to baseline', 'ready ms (runs)', 'ready median ms'],
    [
      ['baseline: fastify, socket.io, sqlite3, serialport, pino, listening', base.map((x) => x.rssMb.toFixed(0)).join(' / '), b.toFixed(1), '1.00', '', ''],
      row('tiepnhan start (npm start, embedded defaults: simulated scanner and gateway)', daemon, b),
      row('tiepnhan start as deployed (gateway.url set, no simulator)', deployed, b),
    ],
  );
  if (process.env['BENCH_FOOTPRINT_WINDOWS'] === '0') return; // Linux only (the Windows package adds ~3 min)
  const win = await windowsFootprint(RUNS, IDLE_S, DEPLOYED);
  if (!win) {
    console.log('Windows package: not measured (wine64, zip and unzip are needed: apt-get install -y wine64 zip unzip)\n');
    return;
  }
  printTable(
    `Windows package under Wine 8 (node.exe ${PACKAGE_NODE}, node:sqlite): idle RSS of the Linux process running node.exe (Wine's DLLs included) after ${IDLE_S} s, median of ${RUNS}; ratio to the Linux baseline above`,
    ['process', 'idle RSS MB (runs)', 'median MB', 'ratio to baseline', 'ready ms (runs)', 'ready median ms'],
    [row('tiepnhan.cmd start under Wine (embedded defaults)', win.defaults, b), row('tiepnhan.cmd start under Wine, as deployed', win.deployed, b)],
  );
}
