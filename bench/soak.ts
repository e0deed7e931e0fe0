// `npm run bench:soak`: SOAK_SCANNERS (64) simulated scanners, each writing one card a second into its
// own kernel pseudo-terminal from this process, for SOAK_MINUTES (10), into the daemon in its own
// process, configured as a hospital configures it (explicit serial paths, started as `npm start`
// starts it) with the gateway simulator at the real gateway's latency. Every minute, and at the end:
// the daemon's resident memory and CPU (from /proc) and the last byte -> socket.io `scan` latency.
// A leak shows as a positive RSS slope after warm-up (printed in MB per hour).

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runFleet } from '../simulators/src/scanner/fleet.ts';
import { PtySerialScanner } from '../simulators/src/scanner/pty-serial-scanner.ts';
import { fleetLatencies, procStats, spawnDaemon } from './daemon-process.ts';
import { defaultPtyKind, makePty, ms } from './latency/rig.ts';
import { pct, printTable } from './table.ts';

const MINUTES = Number(process.env['SOAK_MINUTES'] ?? 10);
const SCANNERS = Number(process.env['SOAK_SCANNERS'] ?? 64);
/** Minutes left out of the slope: devices coming online, caches and the JIT settling. */
const WARM_MIN = Math.min(5, Math.floor(MINUTES / 5));

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? NaN : num / den;
}

const kind = defaultPtyKind();
const scanners: PtySerialScanner[] = [];
for (let i = 0; i < SCANNERS; i++) scanners.push(new PtySerialScanner(await makePty(kind), { baudRate: 115200, terminator: 'CR', chunkBytes: 32 }));
// The real gateway's latency (median 2 s, long tail): eligibility answers arrive while scans go on.
const d = await spawnDaemon(
  scanners.map((s) => s.pair.hostPath),
  115200,
  { gatewayLatencyMs: 2000 },
);
const { sentAt, lat } = fleetLatencies(d.socket);
const benchLoop = monitorEventLoopDelay({ resolution: 10 });
benchLoop.enable();
process.stdout.write(
  `soak: ${SCANNERS} scanners (${kind} PTYs) × 1 scan/s for ${MINUTES} min; daemon pid ${d.pid} in its own process; node ${process.version}\n`,
);
const t0 = performance.now();
const first = procStats(d.pid);
const rows: string[][] = [['start', '0', '0', first ? first.rssMb.toFixed(0) : '', '', '', '']];
const rss: Array<[number, number]> = [];
let sent = 0;
let prevCpu = first?.cpuS ?? 0;
let mark = 0;
const timer = setInterval(() => {
  const minute = rows.length;
  const s = procStats(d.pid);
  const recent = lat.slice(mark);
  mark = lat.length;
  if (s) rss.push([minute, s.rssMb]);
  rows.push([
    `${minute} min`,
    String(sent),
    String(lat.length),
    s ? s.rssMb.toFixed(0) : '',
    s ? `${(((s.cpuS - prevCpu) / 60) * 100).toFixed(1)}%` : '',
    ms(pct(recent, 0.5)),
    ms(pct(recent, 0.99)),
  ]);
  prevCpu = s?.cpuS ?? prevCpu;
  process.stdout.write(`${rows.at(-1)!.join('  ')}\n`);
}, 60_000);
await runFleet(
  scanners.map((s, i) => ({ id: `p${i + 1}`, scan: (p: string) => s.scan(p) })),
  { ratePerSec: 1, durationMs: MINUTES * 60_000, onSend: (s) => (sent++, sentAt.set(s.personalId, s.lastByteAt)) },
);
await new Promise((r) => setTimeout(r, 3000));
clearInterval(timer);
const steady = rss.filter(([m]) => m > WARM_MIN);
const mbPerHour = slope(steady) * 60;
const wall = (performance.now() - t0) / 1000;
printTable(
  `Soak: ${SCANNERS} scanners, ${MINUTES} min, daemon in its own process (RSS slope after minute ${WARM_MIN}: ${mbPerHour.toFixed(2)} MB/h; ` +
    `socket p99 over the run ${ms(pct(lat, 0.99))} ms; ${lat.length} of ${sent} scans shown; bench loop delay p99 ${(benchLoop.percentile(99) / 1e6).toFixed(1)} ms; ${wall.toFixed(0)} s)`,
  ['at', 'scans sent', 'shown on socket.io', 'daemon RSS MB', 'daemon CPU', 'socket p50 ms', 'socket p99 ms'],
  rows,
);
await d.stop();
for (const s of scanners) await s.close();
process.exit(0);
