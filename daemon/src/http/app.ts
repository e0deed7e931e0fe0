// build(opts) -> a fastify instance with routes, the kiosk pages and socket.io; no listen here
// (the composition root decides where to listen; tests use port 0).

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { Server as SocketServer } from 'socket.io';
import type { DeviceView, EligibilityMessage, ScanMessage } from '../api/contract.ts';
import { toCoverageEligibilityResponse } from '../eligibility/fhir.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import type { StoredEvent } from '../storage/events-repo.ts';
import type { StorageStatus } from '../storage/storage-health.ts';
import type { IncomingMessage } from 'node:http';
import type { DataDirStatus } from '../storage/data-dir.ts';
import { deskAllowed, type Access, type AuditView, type Caller } from './access.ts';
import { BrowserBoundary } from './browser-boundary.ts';
import { registerDocs } from './docs.ts';
import { installErrorHandling } from './errors.ts';
import { installSecurity } from './security.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerSimulatorRoutes } from './simulator-routes.ts';

export interface HealthReport {
  status: 'ok' | 'degraded';
  simulated: { scanners: string[]; gateway: boolean };
  gateway: { url: string };
  hid: { available: boolean; vi: string; en: string; detail?: string };
  serialDiscovery: { available: boolean; vi: string; en: string; detail?: string };
  /** The district hub this site pushes to; null when none is configured. */
  hub: { url: string; ok: boolean | null; lastAttempt: string | null; error: string | null } | null;
  storage: StorageStatus;
  /** Permissions of the data folder and its private files (0700 / 0600). */
  files: DataDirStatus;
  /** Refused or malformed requests since start, by stable error code. */
  rejectedRequests: Record<string, number>;
}

/** Lets the `simulate` command reach a simulated scanner; real devices are never driven from HTTP. */
export interface SimulatorControl {
  ids(): string[];
  scan(deviceId: string, payload: string, options: { encoding?: 'utf8' | 'cp1252' }): Promise<boolean>;
  /** Unplugs (false) or plugs back (true) a simulated scanner. */
  plug(deviceId: string, plugged: boolean): Promise<boolean>;
}

export interface HttpLimits {
  /** Browser boundary: extra Host names (LAN names) and extra origins allowed to call the API. */
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly requestTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  /** Concurrent connections (HTTP and socket.io); null: no cap (loopback only). */
  readonly maxConnections: number | null;
}

export interface AppDeps {
  readonly bus: EventBus;
  readonly log: Logger;
  readonly host: string;
  readonly http: HttpLimits;
  readonly devices: () => DeviceView[];
  readonly health: () => HealthReport;
  readonly recent: () => { scan: ScanMessage | null; eligibility: EligibilityMessage | null };
  /** null when no simulator runs: /api/simulators does not exist then. */
  readonly simulators: SimulatorControl | null;
  /** A stored event (its eligibility message and identity), or undefined when there is no such event. */
  readonly eventOf: (eventId: number) => Promise<StoredEvent | undefined>;
  readonly pendingVerifications: () => Promise<number>;
  readonly access: Access;
  /** Records that a caller viewed a patient's data (audit log). */
  readonly audit: AuditView;
  /** Counts refused and malformed requests by stable code (shown in /api/health). */
  readonly countRejected: (code: string) => void;
  /** Route groups kept in their own modules (reports, counters), registered before the app is ready. */
  readonly routes?: ReadonlyArray<(app: FastifyInstance) => void>;
}

const UI_DIR = fileURLToPath(new URL('../../../kiosk-ui/', import.meta.url));
const ZXING_UMD_DIR = dirname(createRequire(import.meta.url).resolve('@zxing/library/umd/index.min.js'));

export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; io: SocketServer }> {
  // fastify's own request logging is off: URLs of search routes would carry what a receptionist typed.
  // removeAdditional off: a field the schema does not know is refused, not silently dropped.
  // Time-outs: a client that opens a connection and sends its request slowly (slowloris) is cut off.
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    requestTimeout: deps.http.requestTimeoutMs,
    connectionTimeout: deps.http.connectionTimeoutMs,
    ajv: { customOptions: { removeAdditional: false } },
  });
  if (deps.http.maxConnections !== null) app.server.maxConnections = deps.http.maxConnections;
  const httpLog = deps.log.child({ module: 'http' });
  const boundary = new BrowserBoundary({ host: deps.host, allowedHosts: deps.http.allowedHosts, allowedOrigins: deps.http.allowedOrigins });
  app.addHook('onError', async (req, _reply, err) => {
    httpLog.warn({ method: req.method, route: req.routeOptions.url, code: err.code, status: err.statusCode, err: err.message }, 'request failed');
  });
  await installSecurity(app, { boundary, access: deps.access, countRejected: deps.countRejected, log: httpLog });
  installErrorHandling(app, httpLog, deps.countRejected);
  await registerDocs(app);
  await app.register(fastifyStatic, { root: UI_DIR, index: ['index.html'] });

  // The technician's and district officer's pages, and zxing-js for the webcam fallback (its UMD build,
  // which includes the browser QR reader): served from disk, no bundler on a reception PC.
  app.get('/tech', (_req, reply) => reply.sendFile('tech.html'));
  app.get('/reports', (_req, reply) => reply.sendFile('reports.html'));
  app.get('/kiosk', (_req, reply) => reply.sendFile('kiosk.html'));
  app.get('/vendor/zxing.min.js', (_req, reply) => reply.type('text/javascript; charset=utf-8').sendFile('index.min.js', ZXING_UMD_DIR));

  app.get('/api/devices', async () => deps.devices());
  app.get('/api/health', async () => ({ ...deps.health(), pendingVerifications: await deps.pendingVerifications() }));
  registerSessionRoutes(app, deps.access, deps.countRejected);

  const eventParams = { type: 'object', properties: { eventId: { type: 'integer', minimum: 1 } }, required: ['eventId'] } as const;
  const noEligibility = (id: number) => ({
    error: { code: 'ELIGIBILITY_NOT_FOUND', vi: `Lượt ${id} không có kết quả tra cứu BHYT.`, en: `Event ${id} has no eligibility result.` },
  });
  app.get<{ Params: { eventId: number } }>('/api/eligibility/:eventId', { schema: { params: eventParams } }, async (req, reply) => {
    const found = await deps.eventOf(req.params.eventId);
    if (!found?.eligibility || !deskAllowed(req, found.desk)) return reply.code(404).send(noEligibility(req.params.eventId));
    deps.audit(req.caller, { action: 'viewEligibility', eventId: req.params.eventId, desk: found.desk, idHash: found.idHash });
    return found.eligibility;
  });
  app.get<{ Params: { eventId: number } }>('/api/eligibility/:eventId/fhir', { schema: { params: eventParams } }, async (req, reply) => {
    const found = await deps.eventOf(req.params.eventId);
    if (!found?.eligibility || !deskAllowed(req, found.desk)) return reply.code(404).send(noEligibility(req.params.eventId));
    deps.audit(req.caller, { action: 'viewEligibilityFhir', eventId: req.params.eventId, desk: found.desk, idHash: found.idHash });
    return reply.type('application/fhir+json').send(toCoverageEligibilityResponse(found.eligibility, found.identity));
  });

  if (deps.simulators) registerSimulatorRoutes(app, deps.simulators);
  for (const register of deps.routes ?? []) register(app);

  const io = attachSocketServer(app, deps, boundary);
  // Hooks can no longer be added once the app is ready (fastify refuses), so this comes last.
  await app.ready();
  return { app, io };
}

/** socket.io on the same server: the same browser boundary on every request of both transports, a
 *  caller for every connection, and rooms that decide who hears what. */
function attachSocketServer(app: FastifyInstance, deps: AppDeps, boundary: BrowserBoundary): SocketServer {
  const io = new SocketServer(app.server, { serveClient: true, cors: { origin: false } });
  io.engine.use((req: IncomingMessage, _res: unknown, next: (err?: Error) => void) => {
    const code = boundary.check(req.headers);
    if (code === null) return next();
    deps.countRejected(code);
    deps.log.warn({ code, route: '/socket.io/' }, 'socket.io request refused at the browser boundary');
    next(new Error(code));
  });
  io.use((socket, next) => {
    const who = deps.access.socketCaller(socket);
    if (!who) {
      deps.countRejected('AUTH_REQUIRED');
      return next(new Error('AUTH_REQUIRED'));
    }
    socket.data['caller'] = who;
    next();
  });
  // Patient messages go only to sockets allowed to see that desk: a technician's socket joins no
  // patient room at all. Test reads go only to technicians and admins.
  const patientRooms = (desk: string): string[] => [`desk:${desk}`, 'patients:all'];
  io.on('connection', (socket) => {
    const who = socket.data['caller'] as Caller;
    const room = who.role === 'technician' ? null : who.desk ? `desk:${who.desk}` : 'patients:all';
    if (room) void socket.join(room);
    if (who.role !== 'reception') void socket.join('technicians');
    // Snapshot first, then deltas.
    socket.emit('devices', deps.devices());
    socket.emit('health', deps.health());
    const { scan, eligibility } = deps.recent();
    const replay = (socket.handshake.auth as Record<string, unknown> | undefined)?.['replay'] !== false;
    if (replay && room && scan && patientRooms(scan.desk).includes(room)) {
      socket.emit('scan', scan);
      if (eligibility && eligibility.eventId === scan.eventId) socket.emit('eligibility', eligibility);
    }
  });
  const unsubscribe = [
    deps.bus.on('scan', (m) => io.to(patientRooms(m.desk)).emit('scan', m)),
    deps.bus.on('eligibility', (m) => io.to(patientRooms(m.desk)).emit('eligibility', m)),
    deps.bus.on('devices', (d) => io.emit('devices', d)),
    deps.bus.on('testRead', (m) => io.to('technicians').emit('testRead', m)),
  ];
  app.addHook('preClose', async () => {
    unsubscribe.forEach((u) => u());
    io.disconnectSockets(true);
    // Not io.close(): it would close the HTTP server under fastify, which closes it itself.
    io.engine.close();
  });
  return io;
}
