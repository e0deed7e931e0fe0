// `npm run bench -- footprint`: the daemon as `npm start` runs it (compiled JavaScript, its node
// flags, the embedded defaults with their simulated scanner and gateway) against a baseline process
// that only loads the product card's libraries and listens (bench/footprint-baseline.mjs), both
// started RUNS times in this run: resident memory after IDLE_S seconds idle, the ratio of medians,
// and the time from spawning `tiepnhan start` to /api/health answering 200. Then the Windows package
// under Wine, the same two ways (figures only: Wine is not Windows). Between them, what each saving
// of the footprint work is worth: the deployed daemon with that one saving undone
// (BENCH_FOOTPRINT_SAVINGS=0 leaves that table out).

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

type Run = { rssMb: number; readyMs: number };

async function measure(args: string[], portOf: (child: ChildProcess) => Promise<number>, afterReady?: (url: string) => Promise<void>): Promise<Run> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const port = await portOf(child);
    await healthy(`http://127.0.0.1:${port}`, child);
    const readyMs = performance.now() - t0;
    await afterReady?.(`http://127.0.0.1:${port}`);
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

/** One saving undone for a run of the daemon: other node flags, a preloaded module, or a request once ready. */
interface Undo {
  readonly flags?: readonly string[];
  readonly afterReady?: (url: string) => Promise<void>;
}

/** `tiepnhan start` in a fresh data folder; `config` as a hospital's file would give it. */
async function daemonRun(config: object | null, undo: Undo = {}): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-footprint-'));
  const port = await freePort();
  const extra: string[] = [];
  if (config) {
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    extra.push('--config', join(dir, 'config.json'));
  }
  try {
    const args = [...(undo.flags ?? START_FLAGS), BIN, 'start', '--port', String(port), '--data-dir', join(dir, 'data'), ...extra];
    return await measure(args, async () => port, undo.afterReady);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// As deployed: a real gateway URL (nothing is asked of it while idle) and so no simulator at all.
const DEPLOYED = { gateway: { url: 'http://127.0.0.1:9' } };

const KEEP_VALIDATOR = fileURLToPath(new URL('./footprint-keep-validator.mjs', import.meta.url));
const EAGER_ICU = `data:text/javascript,globalThis.benchFormats=[new Intl.NumberFormat('vi-VN').format(1),new Intl.NumberFormat('en-GB').format(1)]`;

/** Each saving of the footprint work, undone alone (the rest kept), as deployed: what it is worth. */
const UNDONE: ReadonlyArray<readonly [string, Undo]> = [
  [
    '/docs built (OpenAPI document and Swagger UI loaded, as before it waited for its first request)',
    {
      afterReady: async (url) => {
        for (const path of ['/docs/openapi.json', '/docs/']) if ((await fetch(url + path)).status !== 200) throw new Error(`${path} did not answer 200`);
      },
    },
  ],
  ['ICU number formats made at start (vi-VN, en-GB)', { flags: [...START_FLAGS, '--import', EAGER_ICU] }],
  ["V8's default background threads (no --v8-pool-size=1)", { flags: START_FLAGS.filter((f) => !f.startsWith('--v8-pool-size')) }],
  ['config validator kept after start-up', { flags: [...START_FLAGS, '--import', KEEP_VALIDATOR] }],
];

/** The second table: each saving's worth, as the median difference from the deployed daemon of the same run. */
async function savings(deployed: Run[], b: number): Promise<void> {
  const d = med(deployed.map((x) => x.rssMb));
  const rows: string[][] = [];
  for (const [what, undo] of UNDONE) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await daemonRun(DEPLOYED, undo));
    const m = med(runs.map((x) => x.rssMb));
    rows.push([what, runs.map((x) => x.rssMb.toFixed(0)).join(' / '), m.toFixed(1), (m / b).toFixed(2), (m - d).toFixed(1)]);
  }
  printTable(
    `What each saving is worth: the deployed daemon (${d.toFixed(1)} MB above) with one saving undone, median of ${RUNS}`,
    ['saving undone', 'idle RSS MB (runs)', 'median MB', 'ratio to baseline', 'MB more than deployed'],
    rows,
  );
}

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
  if (process.env['BENCH_FOOTPRINT_SAVINGS'] !== '0') await savings(deployed, b);
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
