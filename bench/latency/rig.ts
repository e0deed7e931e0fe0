// The latency rig: a daemon configured as a hospital configures it (explicit serial paths, the
// gateway simulator standing in for BHXH, a socket.io kiosk), with simulated scanners writing into
// pseudo-terminals from this process. Which PTY: a kernel PTY (no relay process: the hop a USB-CDC
// scanner's bytes take) where python3 can set one up, else a socat pair.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { ScannerTransport } from '../../drivers/src/transport.ts';
import { resolveConfig } from '../../daemon/src/config/load.ts';
import { createDaemon } from '../../daemon/src/daemon.ts';
import { createLogger } from '../../daemon/src/log.ts';
import { wire, type Wiring } from '../../daemon/src/wiring.ts';
import { KernelPty, kernelPtyAvailable } from '../../simulators/src/pty/kernel-pty.ts';
import { PtyPair } from '../../simulators/src/pty/pty-pair.ts';
import type { ScannerPty } from '../../simulators/src/pty/scanner-pty.ts';
import { PtySerialScanner } from '../../simulators/src/scanner/pty-serial-scanner.ts';

export type PtyKind = 'kernel' | 'socat';

export const defaultPtyKind = (): PtyKind => (process.env['BENCH_PTY'] === 'socat' || !kernelPtyAvailable() ? 'socat' : 'kernel');

export const makePty = (kind: PtyKind): Promise<ScannerPty> => (kind === 'kernel' ? KernelPty.create() : PtyPair.create());

export const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '');

export const pause = (msec: number): Promise<void> => new Promise((r) => setTimeout(r, msec));

export interface SerialSim {
  readonly id: string;
  readonly scanner: PtySerialScanner;
  /** The daemon's own transport for this scanner (its `read` events are what "read" latency ends at). */
  transport: ScannerTransport | null;
}

export interface Rig {
  readonly wiring: Wiring;
  readonly socket: Socket;
  readonly serial: readonly SerialSim[];
  stop(): Promise<void>;
}

export async function startRig(opts: {
  serial?: { count: number; baud: number; pty: PtyKind };
  hidScanners?: ReadonlyArray<{ id: string; family: 'honeywell' | 'newland' }>;
}): Promise<Rig> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-bench-'));
  const serial: SerialSim[] = [];
  for (let i = 0; i < (opts.serial?.count ?? 0); i++) {
    const pty = await makePty(opts.serial!.pty);
    serial.push({ id: `s${i + 1}`, scanner: new PtySerialScanner(pty, { baudRate: opts.serial!.baud, terminator: 'CR', chunkBytes: 32 }), transport: null });
  }
  const config = resolveConfig({
    port: 0,
    dataDir,
    discovery: { serial: false, hid: false },
    scanners: serial.map((s) => ({ id: s.id, path: s.scanner.pair.hostPath, baudRate: opts.serial!.baud, terminator: 'CR' })),
    simulators: { enabled: (opts.hidScanners?.length ?? 0) > 0, scanners: [], hidScanners: opts.hidScanners ?? [], gateway: { latencyMs: 0 } },
    log: { level: 'silent' },
    // One scan at a time, each as soon as the last was shown: faster than the flood guard's 20 reads
    // a second (a hand at a desk is far below it), which would drop reads the bench then waits for.
    limits: { readsPerSecondPerDevice: 1000 },
    ...(process.env['BENCH_SYNC'] === 'NORMAL' ? { storage: { synchronous: 'NORMAL' } } : {}),
  });
  const wiring = await wire(config, createLogger('silent'));
  const byPath = new Map(serial.map((s) => [s.scanner.pair.hostPath, s]));
  const openSerial: Wiring['deps']['openSerial'] = (spec, identity) => {
    const t = wiring.deps.openSerial(spec, identity);
    const sim = byPath.get(spec.path);
    if (sim) sim.transport = t;
    return t;
  };
  const daemon = await createDaemon({ ...wiring.deps, openSerial });
  const url = await daemon.start();
  const socket = ioClient(url, { transports: ['websocket'], reconnection: false, auth: { view: 'all' } });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return {
    wiring,
    socket,
    serial,
    async stop() {
      socket.close();
      await daemon.stop();
      await wiring.close();
      for (const s of serial) await s.scanner.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
