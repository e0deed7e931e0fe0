// The daemon in its own process, as deployed (`node --max-semi-space-size=1 --v8-pool-size=1 bin/tiepnhan.mjs start`,
// what `npm start` runs), for the benches that measure it from outside: its resident memory and CPU
// from /proc, and the time from a scanner's last byte to the kiosk's socket.io `scan`.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { ScanMessage } from '../daemon/src/api/contract.ts';
import { pause } from './latency/rig.ts';

export const BIN = fileURLToPath(new URL('../bin/tiepnhan.mjs', import.meta.url));
/** The flags `npm start` gives node (package.json). */
export const START_FLAGS = (process.env['BENCH_NODE_FLAGS'] ?? '--max-semi-space-size=1 --v8-pool-size=1').split(' ').filter(Boolean);

export const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

/** The daemon in its own process, as deployed (`tiepnhan start --serial PATH@BAUD`); this process is
 *  the scanners, the gateway (simulator) and the kiosk. Returns what to measure with, and a stop. */
export async function spawnDaemon(paths: readonly string[], baud: number, opts: { gatewayLatencyMs?: number; config?: Record<string, unknown> } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-bench-'));
  const { createGatewaySim } = await import('../simulators/src/gateway/gateway-app.ts');
  const gw = createGatewaySim({ latencyMs: opts.gatewayLatencyMs ?? 0 });
  const gwUrl = await gw.app.listen({ host: '127.0.0.1', port: 0 });
  const port = await freePort();
  const cfg = join(dataDir, 'config.json');
  writeFileSync(
    cfg,
    JSON.stringify({
      gateway: { url: gwUrl },
      discovery: { serial: false, hid: false },
      log: { level: 'warn' },
      limits: { readsPerSecondPerDevice: 1000 }, // back-to-back scans outrun the flood guard (latency/rig.ts)
      scanners: paths.map((path, i) => ({ id: `p${i + 1}`, path, baudRate: baud, terminator: 'CR' })),
      ...opts.config,
    }),
  );
  const child = spawn(
    process.execPath,
    [
      ...START_FLAGS,
      ...(process.env['BENCH_DAEMON_FLAGS'] ?? '').split(' ').filter(Boolean),
      BIN,
      'start',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--no-simulators',
      '--config',
      cfg,
    ],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      const devices = (await (await fetch(`${url}/api/devices`)).json()) as Array<{ power?: string }>;
      if (devices.length === paths.length && devices.every((d) => d.power === 'online')) break;
    } catch {
      /* not listening yet */
    }
    await pause(100);
  }
  const socket = ioClient(url, { transports: ['websocket'], reconnection: false, auth: { view: 'all' } });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return {
    socket,
    url,
    pid: child.pid!,
    async stop() {
      socket.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await gw.app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const WARM_UP_MS = 2000;

/** Last byte -> `scan` message for every fleet scan, matched by the ID each payload carries; `steady`
 *  leaves out the first seconds (devices coming online, their inventory rows, the JIT warming up). */
export function fleetLatencies(socket: Socket) {
  const sentAt = new Map<string, number>();
  const lat: number[] = [];
  const bySend: Array<[number, number]> = [];
  socket.on('scan', (m: ScanMessage) => {
    const at = performance.now();
    const sent = m.identity?.id ? sentAt.get(m.identity.id) : undefined;
    if (sent === undefined) return;
    lat.push(at - sent);
    bySend.push([sent, at - sent]);
  });
  return { sentAt, lat, steady: (t0: number) => bySend.filter(([sent]) => sent >= t0 + WARM_UP_MS).map(([, l]) => l) };
}

/** CPU seconds and resident memory of another process, from /proc (Linux; elsewhere the columns stay empty). */
export function procStats(pid: number): { cpuS: number; rssMb: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 per second on Linux)
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuS: ticks / 100, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
  } catch {
    return null;
  }
}
