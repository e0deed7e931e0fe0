// `npm run bench:soak`: 64 simulated scanners (real PTYs) at one scan per second each for
// SOAK_MINUTES (default 10) against an in-process daemon on its defaults (SQLite with
// synchronous=FULL, simulated gateway at its default latency). Prints, each minute and at the end,
// RSS, heap and event-loop delay p99: a leak shows as RSS growing minute after minute, a stall as the
// delay. One process holds the daemon, the simulators and the gateway simulator, as in the quick start.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io as ioClient } from 'socket.io-client';
import { resolveConfig } from '../daemon/src/config/load.ts';
import { createDaemon } from '../daemon/src/daemon.ts';
import { createLogger } from '../daemon/src/log.ts';
import { wire } from '../daemon/src/wiring.ts';
import { runFleet } from '../simulators/src/scanner/fleet.ts';
import { printTable } from './table.ts';

const MINUTES = Number(process.env['SOAK_MINUTES'] ?? 10);
const SCANNERS = Number(process.env['SOAK_SCANNERS'] ?? 64);
const mb = (b: number): string => (b / 1e6).toFixed(0);

const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-soak-'));
const config = resolveConfig({
  port: 0,
  dataDir,
  discovery: { serial: false, hid: false },
  log: { level: 'warn' },
  simulators: { scanners: Array.from({ length: SCANNERS }, (_, i) => ({ id: `soak-${i + 1}`, desk: `desk-${(i % 16) + 1}` })) },
});
const wiring = await wire(config, createLogger('warn'));
const daemon = await createDaemon(wiring.deps);
const url = await daemon.start();
const socket = ioClient(url, { transports: ['websocket'], reconnection: false });
let received = 0;
socket.on('scan', () => received++);
await new Promise<void>((r) => socket.once('connect', () => r()));

const whole = monitorEventLoopDelay({ resolution: 10 });
const minute = monitorEventLoopDelay({ resolution: 10 });
whole.enable();
minute.enable();
global.gc?.();
const rss0 = process.memoryUsage().rss;
const rows: string[][] = [['start', '0', '0', mb(rss0), mb(process.memoryUsage().heapUsed), '—']];
let sent = 0;
process.stdout.write(`soak: ${SCANNERS} scanners × 1 scan/s for ${MINUTES} min, node ${process.version}\n`);
const timer = setInterval(() => {
  const m = process.memoryUsage();
  rows.push([`${rows.length} min`, String(sent), String(received), mb(m.rss), mb(m.heapUsed), (minute.percentile(99) / 1e6).toFixed(1)]);
  process.stdout.write(`${rows.at(-1)!.join('  ')}\n`);
  minute.reset();
}, 60_000);
await runFleet(
  wiring.simScanners.map((s) => ({ id: s.id, scan: (p: string) => s.scan(p) })),
  { ratePerSec: 1, durationMs: MINUTES * 60_000, onSend: () => sent++ },
);
await new Promise((r) => setTimeout(r, 2000));
clearInterval(timer);
const end = process.memoryUsage();
rows.push(['end', String(sent), String(received), mb(end.rss), mb(end.heapUsed), (whole.percentile(99) / 1e6).toFixed(1)]);
printTable(
  `Soak: ${SCANNERS} scanners, ${MINUTES} min (RSS start ${mb(rss0)} MB → end ${mb(end.rss)} MB; event-loop delay p99 over the run ${(whole.percentile(99) / 1e6).toFixed(1)} ms, max ${(whole.max / 1e6).toFixed(1)} ms)`,
  ['at', 'scans sent', 'shown on socket.io', 'RSS MB', 'heap MB', 'loop delay p99 ms'],
  rows,
);
socket.close();
await daemon.stop();
await wiring.close();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);
