// Daemon-added latency: from the simulator writing the last byte of a scan to (a) the read event in
// the daemon's device layer and (b) the `scan` message reaching a socket.io client, beside the
// physical time the same bytes take on the wire (bytes × 10 / baud).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient } from 'socket.io-client';
import type { ScanMessage } from '../daemon/src/api/contract.ts';
import { resolveConfig } from '../daemon/src/config/load.ts';
import { createDaemon } from '../daemon/src/daemon.ts';
import { createLogger } from '../daemon/src/log.ts';
import { wire } from '../daemon/src/wiring.ts';
import { spawn } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ReadStream } from 'node:tty';
import { PtyPair } from '../simulators/src/pty/pty-pair.ts';
import { PtySerialScanner } from '../simulators/src/scanner/pty-serial-scanner.ts';
import { keyboardReports } from '../simulators/src/scanner/hid-reports.ts';
import { runFleet, syntheticPayload } from '../simulators/src/scanner/fleet.ts';
import { printTable } from './table.ts';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};
const ms = (x: number): string => x.toFixed(2);
const PAUSE_MS = Number(process.env['BENCH_PAUSE_MS'] ?? 5);

async function startBenchDaemon(simulators: Record<string, unknown>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-bench-'));
  const config = resolveConfig({ port: 0, dataDir, discovery: { serial: false, hid: false }, simulators: { gateway: { latencyMs: 0 }, ...simulators }, log: { level: 'silent' } });
  const wiring = await wire(config, createLogger('silent'));
  const daemon = await createDaemon(wiring.deps);
  const url = await daemon.listen();
  const socket = ioClient(url, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return {
    wiring,
    socket,
    async stop() {
      socket.close();
      await daemon.stop();
      await wiring.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function measureOne(kind: 'serial' | 'hidPos', baud: number, scans: number): Promise<string[]> {
  const sims = kind === 'serial' ? { scanners: [{ id: 'b', baudRate: baud, terminator: 'CR', chunkBytes: 32 }] } : { scanners: [], hidScanners: [{ id: 'b', family: 'honeywell' }] };
  const b = await startBenchDaemon(sims);
  const sim = b.wiring.simScanners[0]!;
  const toRead: number[] = [];
  const toSocket: number[] = [];
  let bytes = 0;
  for (let i = 0; i < scans; i++) {
    const { payload } = syntheticPayload(i);
    bytes = Buffer.byteLength(payload) + 1;
    const readAt = new Promise<number>((r) => sim.transport.on('read', function once() {
      sim.transport.off('read', once);
      r(performance.now());
    }));
    const socketAt = new Promise<number>((r) => b.socket.once('scan', (_m: ScanMessage) => r(performance.now())));
    const last = await sim.scan(payload);
    toRead.push((await readAt) - last);
    toSocket.push((await socketAt) - last);
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
  await b.stop();
  const physical = kind === 'serial' ? (bytes * 10 * 1000) / baud : (Math.ceil((bytes - 1) / 56) - 1) * 1; // reports at a 1 ms interval
  return [kind === 'serial' ? `serial ${baud} baud` : 'HID-POS (Honeywell, 1 ms/report)', String(bytes), ms(physical), ms(pct(toRead, 0.5)), ms(pct(toRead, 0.99)), ms(pct(toSocket, 0.5)), ms(pct(toSocket, 0.99)), String(scans)];
}

async function measureFleet(n: number, seconds: number): Promise<string[]> {
  const scanners = Array.from({ length: n }, (_, i) => ({ id: `f${i + 1}`, baudRate: 115200, terminator: 'CR', chunkBytes: 32 }));
  const b = await startBenchDaemon({ scanners });
  const sentAt = new Map<string, number>();
  const lat: number[] = [];
  b.socket.on('scan', (m: ScanMessage) => {
    const at = performance.now();
    const sent = m.identity?.id ? sentAt.get(m.identity.id) : undefined;
    if (sent !== undefined) lat.push(at - sent);
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  const sends = await runFleet(b.wiring.simScanners.map((s) => ({ id: s.id, scan: (p: string) => s.scan(p) })), { ratePerSec: 1, durationMs: seconds * 1000, onSend: (s) => sentAt.set(s.personalId, s.lastByteAt) });
  await new Promise((r) => setTimeout(r, 500));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rss = process.memoryUsage().rss;
  await b.stop();
  return [`${n} scanners × 1 scan/s`, String(sends.length), String(lat.length), ms(pct(lat, 0.5)), ms(pct(lat, 0.99)), `${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1)}%`, `${Math.round(rss0 / 1e6)} → ${Math.round(rss / 1e6)} MB`];
}

/** The PTY pair itself (socat relaying between two pseudo-terminals), read by a bare tty stream: the
 *  part of every serial figure that belongs to the simulator's plumbing, not to the daemon. */
async function ptyFloor(baud: number, scans: number): Promise<string[]> {
  const pair = await PtyPair.create();
  const scanner = new PtySerialScanner(pair, { baudRate: baud, terminator: 'CR', chunkBytes: 32 });
  const stream = new ReadStream(openSync(pair.hostPath, 'r+'));
  let pending: ((at: number) => void) | null = null;
  stream.on('data', (chunk: Buffer) => {
    if (chunk.includes(0x0d) && pending) pending(performance.now());
  });
  const lat: number[] = [];
  for (let i = 0; i < scans; i++) {
    const got = new Promise<number>((r) => (pending = r));
    const last = await scanner.sendRaw(Buffer.from(`${syntheticPayload(i).payload}\r`));
    lat.push((await got) - last);
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
  stream.destroy();
  await scanner.close();
  return [`PTY relay floor (socat, no daemon), ${baud} baud`, '147', '', ms(pct(lat, 0.5)), ms(pct(lat, 0.99)), '', '', String(scans)];
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

/** The daemon alone in its own process, as deployed: this process is the scanner (a PTY attached with
 *  --serial), the gateway (simulator) and the kiosk (socket.io client). Last byte -> `scan` message. */
async function isolatedDaemon(baud: number, scans: number): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-bench-'));
  const { createGatewaySim } = await import('../simulators/src/gateway/gateway-app.ts');
  const gw = createGatewaySim({ latencyMs: 0 });
  const gwUrl = await gw.app.listen({ host: '127.0.0.1', port: 0 });
  const pair = await PtyPair.create();
  const scanner = new PtySerialScanner(pair, { baudRate: baud, terminator: 'CR', chunkBytes: 32 });
  const port = await freePort();
  const cfg = join(dataDir, 'config.json');
  writeFileSync(cfg, JSON.stringify({ gateway: { url: gwUrl }, discovery: { serial: false, hid: false }, log: { level: 'warn' } }));
  const bin = fileURLToPath(new URL('../bin/tiepnhan.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, 'start', '--port', String(port), '--data-dir', dataDir, '--no-simulators', '--serial', `${pair.hostPath}@${baud}`, '--config', cfg], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const socket = ioClient(url, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const lat: number[] = [];
  for (let i = 0; i < scans; i++) {
    const at = new Promise<number>((r) => socket.once('scan', () => r(performance.now())));
    const last = await scanner.scan(syntheticPayload(i).payload);
    lat.push((await at) - last);
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
  socket.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await scanner.close();
  await gw.app.close();
  await rm(dataDir, { recursive: true, force: true });
  return [`serial ${baud} baud, daemon in its own process`, '146', ms((147 * 10 * 1000) / baud), '', '', ms(pct(lat, 0.5)), ms(pct(lat, 0.99)), String(scans)];
}

export async function benchLatency(): Promise<void> {
  const rows = [await ptyFloor(115200, 150), await measureOne('serial', 9600, 200), await measureOne('serial', 115200, 150), await measureOne('hidPos', 0, 150), await isolatedDaemon(115200, 200)];
  printTable(
    'Daemon-added latency, ms after the last byte (target: p99 under 2 ms to the read event); wire = physical transfer time',
    ['transport', 'bytes', 'wire', 'read p50', 'read p99', 'socket p50', 'socket p99', 'scans'],
    rows,
  );
  const { payload } = syntheticPayload(1);
  const reports = keyboardReports(payload).length;
  printTable('Keyboard wedge, same payload (computed: reports × 8 ms; Vietnamese letters are dropped on the way)', ['payload chars', 'reports', 'typing time ms'], [[String([...payload].length), String(reports), String(reports * 8)]]);
  const fleet = [await measureFleet(16, 10), await measureFleet(64, 10)];
  printTable(
    'Fleet: last byte -> socket.io `scan`, ms (target: 64 scanners p99 under 20 ms). CPU and RSS are this process: daemon, simulators and gateway simulator together',
    ['fleet', 'sent', 'received', 'p50', 'p99', 'CPU', 'RSS'],
    fleet,
  );
}
