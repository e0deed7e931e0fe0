// Starts a whole daemon in-process on loopback port 0 with a temporary data folder, its simulated
// scanner in-process (or, with `pty: true`, on a real pseudo-terminal through socat: the transport
// tests) and its simulated gateway, and captures its log lines.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { SocketAuth } from '../../daemon/src/api/contract.ts';
import { resolveConfig } from '../../daemon/src/config/load.ts';
import { createDaemon, type Daemon, type DaemonDeps } from '../../daemon/src/daemon.ts';
import { createLogger } from '../../daemon/src/log.ts';
import { wire, type Wiring } from '../../daemon/src/wiring.ts';
import { logFile } from './log-files.ts';

export interface TestDaemon {
  daemon: Daemon;
  wiring: Wiring;
  url: string;
  dataDir: string;
  logs: string[];
  /** A socket.io client (with an API token when one is given), declaring `view` (by default `all`:
   *  everything the caller's role allows, what a test watching every desk needs). */
  connect(token?: string, view?: Omit<SocketAuth, 'token'>): Promise<Socket>;
  stop(): Promise<void>;
}

export async function startTestDaemon(
  t: { teardown(fn: () => unknown): void },
  opts: { config?: Record<string, unknown>; dataDir?: string; override?: Partial<DaemonDeps>; pty?: boolean } = {},
): Promise<TestDaemon> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'tiepnhan-test-')));
  const logs: string[] = [];
  const toFile = logFile('daemon');
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const text = chunk.toString('utf8');
      logs.push(...text.split('\n').filter((l) => l !== ''));
      toFile(text);
      cb();
    },
  });
  // No simulated chip reader unless a test asks for one (tests/e2e/chip-reader.test.ts): the other
  // tests count and list the scanners of the embedded defaults.
  const simulators = { pty: opts.pty ?? false, gateway: { latencyMs: 0 }, chipReaders: [], ...(opts.config?.['simulators'] as object | undefined) };
  // Tests scan one card again and again on purpose (idempotency, duplicates, restarts): the repeat
  // window (one access per card read, 2 s by default) is off unless a test asks for it
  // (tests/e2e/scan-over-pty.test.ts checks the default).
  const config = resolveConfig({ port: 0, dataDir, discovery: { serial: false }, repeats: { windowMs: 0 }, ...opts.config, simulators });
  const log = createLogger('debug', sink);
  const wiring = await wire(config, log);
  const daemon = await createDaemon({ ...wiring.deps, ...opts.override }).catch(async (err: unknown) => {
    await wiring.close(); // a refused start must not leave the simulated gateway listening
    throw err;
  });
  const url = await daemon.start();
  const sockets: Socket[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    sockets.forEach((s) => s.close());
    await daemon.stop();
    await wiring.close();
  };
  t.teardown(async () => {
    await stop();
    if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return {
    daemon,
    wiring,
    url,
    dataDir,
    logs,
    stop,
    connect: (token?: string, view: Omit<SocketAuth, 'token'> = { view: 'all' }) =>
      new Promise((resolve, reject) => {
        const s = ioClient(url, { transports: ['websocket'], reconnection: false, auth: { ...view, ...(token ? { token } : {}) } });
        sockets.push(s);
        s.once('connect', () => resolve(s));
        s.once('connect_error', reject);
      }),
  };
}

/** Resolves with the next `event` message matching `pred`. */
export function next<T>(socket: Socket, event: string, pred: (m: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    const on = (m: T): void => {
      if (!pred(m)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(m);
    };
    socket.on(event, on);
  });
}
