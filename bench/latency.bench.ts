// Daemon-added latency: from the simulator writing the last byte of a scan to (a) the read event in
// the daemon's device layer and (b) the `scan` message reaching a socket.io client, beside the
// physical time the same bytes take on the wire (bytes × 10 / baud). The simulators write with
// writeSync, so "last byte written" is the moment the bytes are in the PTY.
import { constants, openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import type { ScannerTransport, ScanRead } from '../drivers/src/transport.ts';
import { keyboardReports } from '../simulators/src/scanner/hid-reports.ts';
import { PtySerialScanner } from '../simulators/src/scanner/pty-serial-scanner.ts';
import { runFleet, syntheticPayload } from '../simulators/src/scanner/fleet.ts';
import { defaultPtyKind, makePty, ms, pause, startRig, type PtyKind, type Rig } from './latency/rig.ts';
import { fleetLatencies, procStats, spawnDaemon, WARM_UP_MS } from './daemon-process.ts';
import { pct, printTable } from './table.ts';

/** When the driver took in the last byte of the next read: its own stamp, taken before any listener
 *  (the daemon's pipeline runs synchronously in the listeners ahead of ours, and is socket time). */
const lastByteIn = (t: ScannerTransport): Promise<number> =>
  new Promise((resolve) => {
    const once = (read: ScanRead): void => {
      t.off('read', once);
      resolve(read.at - performance.timeOrigin);
    };
    t.on('read', once);
  });

const PAUSE_MS = Number(process.env['BENCH_PAUSE_MS'] ?? 5);
const BYTES = Buffer.byteLength(syntheticPayload(1).payload) + 1;
/** A read not seen by then is counted lost and the bench goes on (it used to wait for ever). */
const LOST_AFTER_MS = 2000;

/** `p`, or null once `ms` have passed. */
const within = <T>(p: Promise<T>, msec: number): Promise<T | null> => Promise.race([p, new Promise<null>((r) => setTimeout(() => r(null), msec).unref())]);

/** One scan at a time through `scan`: last byte -> the driver's stamp, and -> the `scan` message. */
async function timeScans(rig: Rig, transport: ScannerTransport, scan: (payload: string) => Promise<number>, scans: number): Promise<string[]> {
  const toRead: number[] = [];
  const toSocket: number[] = [];
  let lost = 0;
  for (let i = 0; i < scans; i++) {
    const readAt = lastByteIn(transport);
    let onScan: () => void = () => undefined;
    const socketAt = new Promise<number>((r) => rig.socket.once('scan', (onScan = () => r(performance.now()))));
    const last = await scan(syntheticPayload(i).payload);
    const [read, shown] = await Promise.all([within(readAt, LOST_AFTER_MS), within(socketAt, LOST_AFTER_MS)]);
    if (read === null || shown === null) {
      lost++;
      rig.socket.off('scan', onScan);
    } else {
      toRead.push(read - last);
      toSocket.push(shown - last);
    }
    await pause(PAUSE_MS);
  }
  await rig.stop();
  return [ms(pct(toRead, 0.5)), ms(pct(toRead, 0.99)), ms(pct(toSocket, 0.5)), ms(pct(toSocket, 0.99)), `${scans - lost}/${scans}`];
}

async function measureSerial(baud: number, scans: number, pty: PtyKind): Promise<string[]> {
  const rig = await startRig({ serial: { count: 1, baud, pty } });
  const sim = rig.serial[0]!;
  return [
    `serial ${baud} baud (${pty} PTY)`,
    String(BYTES),
    ms((BYTES * 10 * 1000) / baud),
    ...(await timeScans(rig, sim.transport!, (p) => sim.scanner.scan(p), scans)),
  ];
}

async function measureHidPos(scans: number): Promise<string[]> {
  const rig = await startRig({ hidScanners: [{ id: 'h', family: 'honeywell' }] });
  const sim = rig.wiring.simScanners[0]!;
  const wire = Math.ceil((BYTES - 1) / 56) - 1; // reports at a 1 ms interval
  return ['HID-POS (Honeywell, 1 ms/report)', String(BYTES), ms(wire), ...(await timeScans(rig, sim.transport, (p) => sim.scan(p), scans))];
}

/** The PTY alone, read by a bare tty stream: the part of every serial figure that is plumbing. */
async function ptyFloor(kind: PtyKind, baud: number, scans: number): Promise<string[]> {
  const pty = await makePty(kind);
  const scanner = new PtySerialScanner(pty, { baudRate: baud, terminator: 'CR', chunkBytes: 32 });
  const stream = new ReadStream(openSync(pty.hostPath, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK));
  let pending: ((at: number) => void) | null = null;
  stream.on('data', (chunk: Buffer) => {
    if (chunk.includes(0x0d) && pending) pending(performance.now());
  });
  const lat: number[] = [];
  for (let i = 0; i < scans; i++) {
    const got = new Promise<number>((r) => (pending = r));
    const last = await scanner.scan(syntheticPayload(i).payload);
    lat.push((await got) - last);
    await pause(PAUSE_MS);
  }
  stream.destroy();
  await scanner.close();
  return [`${kind} PTY alone (no daemon), ${baud} baud`, String(BYTES), '', ms(pct(lat, 0.5)), ms(pct(lat, 0.99)), '', '', String(scans)];
}

async function isolatedDaemon(baud: number, scans: number, kind: PtyKind): Promise<string[]> {
  const scanner = new PtySerialScanner(await makePty(kind), { baudRate: baud, terminator: 'CR', chunkBytes: 32 });
  const d = await spawnDaemon([scanner.pair.hostPath], baud);
  const lat: number[] = [];
  for (let i = 0; i < scans; i++) {
    let onScan: () => void = () => undefined;
    const at = new Promise<number>((r) => d.socket.once('scan', (onScan = () => r(performance.now()))));
    const last = await scanner.scan(syntheticPayload(i).payload);
    const shown = await within(at, LOST_AFTER_MS);
    if (shown === null) d.socket.off('scan', onScan);
    else lat.push(shown - last);
    await pause(PAUSE_MS);
  }
  await d.stop();
  await scanner.close();
  return [
    `serial ${baud} baud (${kind} PTY), daemon in its own process`,
    String(BYTES),
    ms((BYTES * 10 * 1000) / baud),
    '',
    '',
    ms(pct(lat, 0.5)),
    ms(pct(lat, 0.99)),
    `${lat.length}/${scans}`,
  ];
}

const FLEET_S = Number(process.env['BENCH_FLEET_S'] ?? 15);

/** Each row as soon as it is measured (a long section is never silent), then the section's table. */
async function section(title: string, head: string[], measures: ReadonlyArray<() => Promise<string[]>>): Promise<void> {
  const rows: string[][] = [];
  for (const measure of measures) {
    const row = await measure();
    rows.push(row);
    process.stdout.write(`  measured: ${row.map((c, i) => (i === 0 ? c : `${head[i]} ${c}`)).join(' · ')}\n`);
  }
  printTable(title, head, rows);
}

async function measureFleet(n: number, seconds: number, kind: PtyKind): Promise<string[]> {
  const rig = await startRig({ serial: { count: n, baud: 115200, pty: kind } });
  const { sentAt, lat, steady } = fleetLatencies(rig.socket);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  const sends = await runFleet(
    rig.serial.map((s) => ({ id: s.id, scan: (p: string) => s.scanner.scan(p) })),
    { ratePerSec: 1, durationMs: seconds * 1000, onSend: (s) => sentAt.set(s.personalId, s.lastByteAt) },
  );
  await pause(500);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rss = process.memoryUsage().rss;
  await rig.stop();
  return [
    `${n} scanners × 1 scan/s (${kind} PTY)`,
    String(sends.length),
    String(lat.length),
    ms(pct(lat, 0.5)),
    ms(pct(lat, 0.99)),
    ms(pct(steady(t0), 0.99)),
    `${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1)}%`,
    `${Math.round(rss0 / 1e6)} → ${Math.round(rss / 1e6)} MB`,
  ];
}

async function measureFleetIsolated(n: number, seconds: number, kind: PtyKind): Promise<string[]> {
  const scanners: PtySerialScanner[] = [];
  for (let i = 0; i < n; i++) scanners.push(new PtySerialScanner(await makePty(kind), { baudRate: 115200, terminator: 'CR', chunkBytes: 32 }));
  const d = await spawnDaemon(
    scanners.map((s) => s.pair.hostPath),
    115200,
  );
  const { sentAt, lat, steady } = fleetLatencies(d.socket);
  const before = procStats(d.pid);
  const t0 = performance.now();
  const sends = await runFleet(
    scanners.map((s, i) => ({ id: `p${i + 1}`, scan: (p: string) => s.scan(p) })),
    { ratePerSec: 1, durationMs: seconds * 1000, onSend: (s) => sentAt.set(s.personalId, s.lastByteAt) },
  );
  await pause(500);
  const wall = (performance.now() - t0) / 1000;
  const after = procStats(d.pid);
  await d.stop();
  for (const s of scanners) await s.close();
  const cpu = before && after ? `${(((after.cpuS - before.cpuS) / wall) * 100).toFixed(1)}%` : '';
  const rss = before && after ? `${Math.round(before.rssMb)} → ${Math.round(after.rssMb)} MB` : '';
  return [
    `${n} scanners × 1 scan/s (${kind} PTY), daemon in its own process`,
    String(sends.length),
    String(lat.length),
    ms(pct(lat, 0.5)),
    ms(pct(lat, 0.99)),
    ms(pct(steady(t0), 0.99)),
    cpu,
    rss,
  ];
}

export async function benchLatency(): Promise<void> {
  const kind = defaultPtyKind();
  const started = performance.now();
  const transports: Array<() => Promise<string[]>> = [
    () => ptyFloor(kind, 115200, 300),
    () => measureSerial(9600, 60, kind), // 209 ms on the wire per scan: 60 scans are 13 s
    () => measureSerial(115200, 300, kind),
    () => measureHidPos(300),
    () => isolatedDaemon(115200, 300, kind),
  ];
  if (kind !== 'socat')
    transports.push(
      () => ptyFloor('socat', 115200, 200),
      () => measureSerial(115200, 200, 'socat'),
    );
  await section(
    'Daemon-added latency, ms after the last byte (target: p99 under 2 ms to the read event, socket p99 ≤ 10 ms); wire = physical transfer time; scans = shown/sent',
    ['transport', 'bytes', 'wire', 'read p50', 'read p99', 'socket p50', 'socket p99', 'scans'],
    transports,
  );
  const { payload } = syntheticPayload(1);
  const reports = keyboardReports(payload).length;
  printTable(
    'Keyboard wedge, same payload (computed: reports × 8 ms; Vietnamese letters are dropped on the way)',
    ['payload chars', 'reports', 'typing time ms'],
    [[String([...payload].length), String(reports), String(reports * 8)]],
  );
  await section(
    'Fleet: last byte -> socket.io `scan`, ms (target: 64 scanners p99 ≤ 20 ms). CPU and RSS: of this one process (daemon, simulators, gateway simulator together), or of the daemon process alone',
    ['fleet', 'sent', 'received', 'p50', 'p99', `p99 after ${WARM_UP_MS / 1000} s`, 'CPU', 'RSS'],
    [() => measureFleet(16, FLEET_S, kind), () => measureFleet(64, FLEET_S, kind), () => measureFleetIsolated(64, FLEET_S, kind)],
  );
  process.stdout.write(`latency bench: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
