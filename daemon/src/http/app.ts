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
import { deskAllowed, type Access, type Caller } from './access.ts';
import { registerDocs } from './docs.ts';
import { installErrorHandling } from './errors.ts';

export interface HealthReport {
  status: 'ok' | 'degraded';
  simulated: { scanners: string[]; gateway: boolean };
  gateway: { url: string };
  hid: { available: boolean; vi: string; en: string; detail?: string };
  serialDiscovery: { available: boolean; vi: string; en: string; detail?: string };
  /** The district hub this site pushes to; null when none is configured. */
  hub: { url: string; ok: boolean | null; lastAttempt: string | null; error: string | null } | null;
  storage: StorageStatus;
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

export interface AppDeps {
  readonly bus: EventBus;
  readonly log: Logger;
  readonly devices: () => DeviceView[];
  readonly health: () => HealthReport;
  readonly recent: () => { scan: ScanMessage | null; eligibility: EligibilityMessage | null };
  readonly simulators: SimulatorControl;
  /** A stored event (its eligibility message and identity), or undefined when there is no such event. */
  readonly eventOf: (eventId: number) => Promise<StoredEvent | undefined>;
  readonly pendingVerifications: () => Promise<number>;
  readonly access: Access;
  /** Records that a caller viewed a patient's eligibility result (audit log). */
  readonly auditView: (caller: Caller | null, eventId: number, desk: string, idHash: string | null) => void;
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
  const app = Fastify({ logger: false, forceCloseConnections: true, ajv: { customOptions: { removeAdditional: false } } });
  const httpLog = deps.log.child({ module: 'http' });
  app.addHook('onError', async (req, _reply, err) => {
    httpLog.warn({ method: req.method, route: req.routeOptions.url, code: err.code, status: err.statusCode, err: err.message }, 'request failed');
  });
  deps.access.install(app, deps.countRejected);
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

  const eventParams = { type: 'object', properties: { eventId: { type: 'integer', minimum: 1 } }, required: ['eventId'] } as const;
  const noEligibility = (id: number) => ({
    error: { code: 'ELIGIBILITY_NOT_FOUND', vi: `Lượt ${id} không có kết quả tra cứu BHYT.`, en: `Event ${id} has no eligibility result.` },
  });
  app.get<{ Params: { eventId: number } }>('/api/eligibility/:eventId', { schema: { params: eventParams } }, async (req, reply) => {
    const found = await deps.eventOf(req.params.eventId);
    if (!found?.eligibility || !deskAllowed(req, found.desk)) return reply.code(404).send(noEligibility(req.params.eventId));
    deps.auditView(req.caller, req.params.eventId, found.desk, found.idHash);
    return found.eligibility;
  });
  app.get<{ Params: { eventId: number } }>('/api/eligibility/:eventId/fhir', { schema: { params: eventParams } }, async (req, reply) => {
    const found = await deps.eventOf(req.params.eventId);
    if (!found?.eligibility || !deskAllowed(req, found.desk)) return reply.code(404).send(noEligibility(req.params.eventId));
    deps.auditView(req.caller, req.params.eventId, found.desk, found.idHash);
    return reply.type('application/fhir+json').send(toCoverageEligibilityResponse(found.eligibility, found.identity));
  });

  const notFound = (id: string) => ({
    error: { code: 'SIMULATOR_NOT_FOUND', vi: `Không có máy quét mô phỏng "${id}".`, en: `No simulated scanner "${id}".`, available: deps.simulators.ids() },
  });
  app.get('/api/simulators', async () => ({ scanners: deps.simulators.ids() }));
  for (const action of ['unplug', 'replug'] as const) {
    app.post<{ Params: { id: string } }>(`/api/simulators/:id/${action}`, { schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } } }, async (req, reply) => {
      if (!(await deps.simulators.plug(req.params.id, action === 'replug'))) return reply.code(404).send(notFound(req.params.id));
      return { done: action, device: req.params.id };
    });
  }

  app.post<{ Params: { id: string }; Body: { payload: string; encoding?: 'utf8' | 'cp1252' } }>(
    '/api/simulators/:id/scan',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['payload'],
          properties: { payload: { type: 'string', maxLength: 8192 }, encoding: { type: 'string', enum: ['utf8', 'cp1252'] } },
        },
      },
    },
    async (req, reply) => {
      const sent = await deps.simulators.scan(req.params.id, req.body.payload, { encoding: req.body.encoding });
      if (!sent) return reply.code(404).send(notFound(req.params.id));
      return { sent: true, device: req.params.id };
    },
  );

  for (const register of deps.routes ?? []) register(app);

  const io = new SocketServer(app.server, { serveClient: true, cors: { origin: false } });
  // Patient messages go only to sockets allowed to see that desk: a technician's socket joins no
  // patient room at all.
  io.use((socket, next) => {
    const who = deps.access.socketCaller(socket);
    if (!who) {
      deps.countRejected('AUTH_REQUIRED');
      return next(new Error('AUTH_REQUIRED'));
    }
    socket.data['caller'] = who;
    next();
  });
  const patientRooms = (desk: string): string[] => [`desk:${desk}`, 'patients:all'];
  io.on('connection', (socket) => {
    const who = socket.data['caller'] as Caller;
    const room = who.role === 'technician' ? null : who.desk ? `desk:${who.desk}` : 'patients:all';
    if (room) void socket.join(room);
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
    deps.bus.on('testRead', (m) => io.emit('testRead', m)),
  ];
  app.addHook('preClose', async () => {
    unsubscribe.forEach((u) => u());
    io.disconnectSockets(true);
    // Not io.close(): it would close the HTTP server under fastify, which closes it itself.
    io.engine.close();
  });
  // Hooks can no longer be added once the app is ready (fastify refuses), so this comes last.
  await app.ready();
  return { app, io };
}
