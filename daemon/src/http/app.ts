// buildApp(deps) -> a fastify instance with the browser boundary and security headers, the pages, every
// feature's routes as its own plugin, and socket.io; no listen here (the composition root decides where
// to listen; tests use port 0).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Server as SocketServer } from 'socket.io';
import type { DeviceView, HealthDetails, HealthReport, HealthSummary } from '../api/contract.ts';
import type { EventBus } from '../events/event-bus.ts';
import { healthSummary, healthText } from '../health/health-summary.ts';
import type { Logger } from '../log.ts';
import { PROJECT_ROOT } from '../util/project-root.ts';
import type { Access } from './access.ts';
import { BrowserBoundary } from './browser-boundary.ts';
import { registerDocs } from './docs.ts';
import { installErrorHandling, routerErrors } from './errors.ts';
import { installSecurity } from './security.ts';
import { clientAddress, trustProxies } from '../http-kit/client-address.ts';
import { capConnectionsPerClient } from '../http-kit/connection-cap.ts';
import type { TlsOptions } from './tls.ts';
import { sessionRoutes } from './session-routes.ts';
import { simulatorRoutes, type SimulatorControl } from './simulator-routes.ts';
import { attachSocketServer, type SocketDeps } from './socket-plugin.ts';

export type { HealthReport, SimulatorControl };

export interface HttpLimits {
  /** Browser boundary: extra Host names (LAN names) and extra origins allowed to call the API. */
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly requestTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  /** Concurrent connections (HTTP and socket.io); null: no cap (loopback only). */
  readonly maxConnections: number | null;
  /** Concurrent connections per TCP peer, applied with maxConnections (trusted proxies exempt). */
  readonly maxConnectionsPerClient: number;
  readonly keepAliveTimeoutMs: number;
  /** Proxies whose X-Forwarded-For names the client (addresses, CIDR ranges). */
  readonly trustProxy: readonly string[];
}

/** A feature's routes: a fastify plugin that closes over what the feature needs. */
export type RoutePlugin = (app: FastifyInstance) => Promise<void>;

export interface AppDeps {
  readonly bus: EventBus;
  readonly log: Logger;
  readonly host: string;
  readonly http: HttpLimits;
  readonly access: Access;
  readonly devices: () => DeviceView[];
  readonly health: () => HealthReport;
  readonly pendingVerifications: () => Promise<number>;
  readonly latest: SocketDeps['latest'];
  readonly queueBoard: SocketDeps['queueBoard'];
  /** null when no simulator runs: /api/simulators does not exist then. */
  readonly simulators: SimulatorControl | null;
  /** Counts refused and malformed requests by stable code (shown in /api/health). */
  readonly countRejected: (code: string) => void;
  /** Every feature's routes, each registered as its own plugin. */
  readonly routes: readonly RoutePlugin[];
  /** The server's certificate (config `tls`): HTTPS only on the port, Secure cookies, HSTS; null: plain HTTP. */
  readonly https: TlsOptions | null;
}

const UI_DIR = join(PROJECT_ROOT, 'kiosk-ui');
// zxing-wasm's dist/ (its ES module reader and the .wasm); the camera worker and the decoding ladder
// as tsc compiled them (the same modules `tiepnhan decode-image` runs).
const ZXING_WASM_DIST = join(dirname(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm')), '..');
const CAMERA_DIR = join(PROJECT_ROOT, 'dist', 'daemon', 'src', 'camera');
const ZXING_FILES = new Set(['/es/reader/index.js', '/es/share.js', '/reader/zxing_reader.wasm']);
const CAMERA_FILES = new Set(['/qr-worker.js', '/qr-ladder.js', '/zxing-reader.js', '/image-ops.js', '/code-region.js']);

export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; io: SocketServer }> {
  // fastify's own request logging is off: URLs of search routes would carry what a receptionist typed.
  // removeAdditional off: a field the schema does not know is refused, not silently dropped.
  // Time-outs: a client that opens a connection and sends its request slowly (slowloris) is cut off.
  const trust = trustProxies(deps.http.trustProxy);
  const app: FastifyInstance = Fastify({
    // With a certificate the port speaks TLS only: a plain http:// request gets no answer.
    ...(deps.https ? { https: deps.https } : {}),
    logger: false,
    forceCloseConnections: true,
    requestTimeout: deps.http.requestTimeoutMs,
    connectionTimeout: deps.http.connectionTimeoutMs,
    keepAliveTimeout: deps.http.keepAliveTimeoutMs,
    // req.ip: the TCP peer, or the client a trusted proxy forwards for (http-kit/client-address.ts).
    ...(trust ? { trustProxy: (address: string) => trust(address) } : {}),
    ajv: { customOptions: { removeAdditional: false } },
    // URLs the router cannot read are answered like every other refusal (http/errors.ts).
    frameworkErrors: routerErrors(() => app),
  });
  const httpLog = deps.log.child({ module: 'http' });
  if (deps.http.maxConnections !== null) {
    app.server.maxConnections = deps.http.maxConnections;
    capConnectionsPerClient(app.server, {
      perClient: deps.http.maxConnectionsPerClient,
      exempt: (address) => trust?.(address) ?? false,
      onRefused: (address, first) => {
        deps.countRejected('TOO_MANY_CONNECTIONS');
        if (first)
          httpLog.warn(
            { client: address, max: deps.http.maxConnectionsPerClient },
            'connections over the per-client cap closed (http.maxConnectionsPerClient)',
          );
      },
    });
  }
  const boundary = new BrowserBoundary({ host: deps.host, allowedHosts: deps.http.allowedHosts, allowedOrigins: deps.http.allowedOrigins });
  app.addHook('onError', async (req, _reply, err) => {
    httpLog.warn({ method: req.method, route: req.routeOptions.url, code: err.code, status: err.statusCode, err: err.message }, 'request failed');
  });
  await installSecurity(app, { boundary, access: deps.access, countRejected: deps.countRejected, log: httpLog, tls: deps.https !== null });
  installErrorHandling(app, httpLog, deps.countRejected);
  registerDocs(app);
  await app.register(pages);
  await app.register(async (a) => {
    a.get('/api/devices', async () => deps.devices());
    // Anyone gets the status, a sentence and the storage alarm; technicians and admins the whole report.
    a.get('/api/health', async (req): Promise<HealthSummary | HealthDetails> => {
      const report = deps.health();
      if (!deps.access.seesDetails(req)) return healthSummary(report);
      return { ...report, ...healthText(report), pendingVerifications: await deps.pendingVerifications() };
    });
  });
  await app.register(sessionRoutes, { access: deps.access, countRejected: deps.countRejected });
  if (deps.simulators) await app.register(simulatorRoutes, { sims: deps.simulators });
  for (const routes of deps.routes) await app.register(routes);
  const io = attachSocketServer(app, {
    bus: deps.bus,
    log: httpLog,
    access: deps.access,
    boundary,
    clientOf: (req) => clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trust),
    countRejected: deps.countRejected,
    devices: deps.devices,
    health: deps.health,
    latest: deps.latest,
    queueBoard: deps.queueBoard,
  });
  // Hooks can no longer be added once the app is ready (fastify refuses), so this comes last.
  await app.ready();
  return { app, io };
}

/** The pages, and the webcam's decoder (zxing-cpp as WebAssembly, and the worker that runs it):
 *  served from disk, from the installed package and the build, never from a CDN. Only the listed
 *  files: the folders hold more (CommonJS builds, the writer) that no page needs. */
async function pages(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: UI_DIR, index: ['index.html'] });
  const page = { schema: { hide: true } }; // pages, not API: kept out of /docs
  app.get('/tech', page, (_req, reply) => reply.sendFile('tech.html'));
  app.get('/reports', page, (_req, reply) => reply.sendFile('reports.html'));
  app.get('/kiosk', page, (_req, reply) => reply.sendFile('kiosk.html'));
  app.get('/duplicates', page, (_req, reply) => reply.sendFile('duplicates.html'));
  app.get('/queue', page, (_req, reply) => reply.sendFile('queue.html'));
  app.get('/scanner-setup', page, (_req, reply) => reply.sendFile('scanner-setup.html'));
  await app.register(fastifyStatic, {
    root: ZXING_WASM_DIST,
    prefix: '/vendor/zxing-wasm/',
    decorateReply: false,
    allowedPath: (path) => ZXING_FILES.has(path),
  });
  await app.register(fastifyStatic, { root: CAMERA_DIR, prefix: '/camera/', decorateReply: false, allowedPath: (path) => CAMERA_FILES.has(path) });
}
