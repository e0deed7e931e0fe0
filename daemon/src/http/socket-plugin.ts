// socket.io on the daemon's HTTP server: the same browser boundary on every request of both
// transports, a caller for every connection, rooms that decide who hears what (the page's declared
// view bounded by the caller's role: socket-views.ts), a snapshot on connecting and then deltas
// (devices, health, patient messages of the socket's desk, test reads, queue boards).

import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Server as SocketServer, type Socket } from 'socket.io';
import type { ClientToServerEvents, DeviceView, EligibilityMessage, HealthReport, QueueBoard, ScanMessage, ServerToClientEvents } from '../api/contract.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import type { Access } from './access.ts';
import type { Caller } from '../http-kit/caller.ts';
import type { BrowserBoundary } from './browser-boundary.ts';
import { healthSummary } from '../health/health-summary.ts';
import { grantFor, HEALTH_DETAILS_ROOM, patientRooms, STATUS_ROOM, TECHNICIANS_ROOM, type SocketGrant } from './socket-views.ts';

export interface SocketDeps {
  readonly bus: EventBus;
  readonly log: Logger;
  readonly access: Access;
  readonly boundary: BrowserBoundary;
  /** The client a handshake comes from (trusting only http.trustProxy's proxies: client-address.ts). */
  readonly clientOf: (req: IncomingMessage) => string;
  readonly countRejected: (code: string) => void;
  readonly devices: () => DeviceView[];
  readonly health: () => HealthReport;
  readonly latest: { readonly scan: ScanMessage | null; readonly eligibility: EligibilityMessage | null };
  /** A department's board now (null: no such department), for a display that connects. */
  readonly queueBoard: (department: string) => Promise<QueueBoard | null>;
}

interface SocketData {
  caller: Caller;
}

type Io = SocketServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A board without the patients' short names (queue.showNames): what a technician's socket gets. */
function nameless(b: QueueBoard): QueueBoard {
  const strip = ({ name: _name, ...c }: QueueBoard['calls'][number]): QueueBoard['calls'][number] => c;
  return { ...b, calls: b.calls.map(strip), announce: b.announce && strip(b.announce) };
}

/** A display gets each of its boards at once, then every change (through its rooms). */
function sendBoards(socket: IoSocket, grant: SocketGrant, deps: SocketDeps): void {
  for (const d of grant.queues) {
    deps.queueBoard(d).then(
      (b) => b && socket.emit('queue', grant.anonymousQueues ? nameless(b) : b),
      (err: unknown) => deps.log.warn({ err: String(err) }, 'queue board failed'),
    );
  }
}

/** A new socket joins the rooms of its grant and gets the snapshot they allow. */
function welcome(socket: IoSocket, deps: SocketDeps): void {
  const grant = grantFor(socket.handshake.auth, socket.data.caller);
  // A page-session client written before views were declared now hears no patient: the log says why.
  if (grant.view === null) deps.log.info({ caller: socket.data.caller.id }, 'socket without auth.view: devices and health only');
  for (const room of grant.rooms) void socket.join(room);
  sendBoards(socket, grant, deps);
  if (grant.rooms.includes(STATUS_ROOM)) {
    socket.emit('devices', deps.devices());
    const health = deps.health();
    socket.emit('health', grant.rooms.includes(HEALTH_DETAILS_ROOM) ? health : healthSummary(health));
  }
  const { scan, eligibility } = deps.latest;
  if (grant.replay && grant.patients && scan && patientRooms(scan.desk).includes(grant.patients)) {
    socket.emit('scan', scan);
    if (eligibility && eligibility.eventId === scan.eventId) socket.emit('eligibility', eligibility);
  }
}

export function attachSocketServer(app: FastifyInstance, deps: SocketDeps): Io {
  const io: Io = new SocketServer(app.server, { serveClient: true, cors: { origin: false } });
  io.engine.use((req: IncomingMessage, _res: unknown, next: (err?: Error) => void) => {
    const code = deps.boundary.check(req.headers);
    if (code === null) return next();
    deps.countRejected(code);
    deps.log.warn({ code, route: '/socket.io/' }, 'socket.io request refused at the browser boundary');
    next(new Error(code));
  });
  io.use((socket, next) => {
    const check = deps.access.socketCheck(socket, deps.clientOf(socket.request));
    if ('refused' in check) {
      deps.countRejected(check.refused);
      // RATE_LIMITED: the address presented too many wrong tokens; data.retryAfterS says when to retry.
      return next(Object.assign(new Error(check.refused), 'waitS' in check ? { data: { retryAfterS: check.waitS } } : {}));
    }
    socket.data.caller = check.caller;
    next();
  });
  io.on('connection', (socket) => {
    deps.access.keepSessionAlive(socket);
    welcome(socket, deps);
  });
  // A session ended (logged out, or by an administrator) ends its open sockets too: sessions are
  // checked at the handshake, and a socket opened before would otherwise go on receiving its desk's patients.
  const unsubscribe = [
    deps.access.onSessionEnded((hash) => {
      for (const s of io.sockets.sockets.values()) if (deps.access.sessionHashOf(s.request.headers) === hash) s.disconnect(true);
    }),
    deps.bus.on('scan', (m) => io.to(patientRooms(m.desk)).emit('scan', m)),
    deps.bus.on('eligibility', (m) => io.to(patientRooms(m.desk)).emit('eligibility', m)),
    // Only a count: the visits themselves are fetched (and audited) when the receptionist opens them.
    deps.bus.on('history', (m) => io.to(patientRooms(m.desk)).emit('history', m)),
    deps.bus.on('checkin', (m) => io.to(patientRooms(m.desk)).emit('checkin', m)),
    deps.bus.on('devices', (d) => io.to(STATUS_ROOM).emit('devices', d)),
    deps.bus.on('health', (h) => {
      io.to(HEALTH_DETAILS_ROOM).emit('health', h);
      io.to(STATUS_ROOM).except(HEALTH_DETAILS_ROOM).emit('health', healthSummary(h));
    }),
    deps.bus.on('testRead', (m) => io.to(TECHNICIANS_ROOM).emit('testRead', m)),
    deps.bus.on('waiting', (m) => io.to(patientRooms(m.desk)).emit('waiting', m)),
    deps.bus.on('notStored', (m) => io.to(patientRooms(m.desk)).emit('notStored', m)),
    deps.bus.on('queue', (b) => {
      io.to(`queue:${b.department.id}`).emit('queue', b);
      io.to(`queue-anon:${b.department.id}`).emit('queue', nameless(b));
    }),
  ];
  app.addHook('preClose', async () => {
    unsubscribe.forEach((u) => u());
    io.disconnectSockets(true);
    // Not io.close(): it would close the HTTP server under fastify, which closes it itself.
    io.engine.close();
  });
  return io;
}
