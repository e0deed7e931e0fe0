// socket.io on the daemon's HTTP server: the same browser boundary on every request of both
// transports, a caller for every connection, rooms that decide who hears what, a snapshot on
// connecting and then deltas (devices, health, patient messages of the socket's desk, test reads).

import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Server as SocketServer, type Socket } from 'socket.io';
import type { ClientToServerEvents, DeviceView, EligibilityMessage, HealthReport, QueueBoard, ScanMessage, ServerToClientEvents } from '../api/contract.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import type { Access } from './access.ts';
import type { Caller } from '../http-kit/caller.ts';
import type { BrowserBoundary } from './browser-boundary.ts';

export interface SocketDeps {
  readonly bus: EventBus;
  readonly log: Logger;
  readonly access: Access;
  readonly boundary: BrowserBoundary;
  readonly countRejected: (code: string) => void;
  readonly devices: () => DeviceView[];
  readonly health: () => HealthReport;
  readonly latest: { readonly scan: ScanMessage | null; readonly eligibility: EligibilityMessage | null };
  /** A department's board now (null: no such department), for a display that connects. */
  readonly queueBoard: (department: string) => Promise<QueueBoard | null>;
}

/** Patient messages go only to sockets allowed to see that desk: a technician's socket joins no patient room. */
const patientRooms = (desk: string): string[] => [`desk:${desk}`, 'patients:all'];

interface SocketData {
  caller: Caller;
}

type Io = SocketServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A queue display says which departments it shows (`auth.queue`, up to 8 ids); null: not a display. */
function watchedQueues(auth: unknown): string[] | null {
  const q = (auth as Record<string, unknown> | undefined)?.['queue'];
  if (!Array.isArray(q)) return null;
  return q.filter((d): d is string => typeof d === 'string' && /^[a-z0-9-]{1,40}$/.test(d)).slice(0, 8);
}

/** A display joins its departments' queue rooms and nothing else: it never hears a patient message,
 *  whatever its token may see. It gets each board at once, then every change. */
/** A board without the patients' short names (queue.showNames): what a technician's socket gets. */
function nameless(b: QueueBoard): QueueBoard {
  const strip = ({ name: _name, ...c }: QueueBoard['calls'][number]): QueueBoard['calls'][number] => c;
  return { ...b, calls: b.calls.map(strip), announce: b.announce && strip(b.announce) };
}

function watchQueues(socket: IoSocket, departments: readonly string[], deps: SocketDeps): void {
  // Technicians see no patient, names on a display included: their sockets get boards without them.
  const anonymous = socket.data.caller.role === 'technician';
  for (const d of departments) {
    void socket.join(anonymous ? `queue-anon:${d}` : `queue:${d}`);
    deps.queueBoard(d).then(
      (b) => b && socket.emit('queue', anonymous ? nameless(b) : b),
      (err: unknown) => deps.log.warn({ err: String(err) }, 'queue board failed'),
    );
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
    const who = deps.access.socketCaller(socket);
    if (!who) {
      deps.countRejected('AUTH_REQUIRED');
      return next(new Error('AUTH_REQUIRED'));
    }
    socket.data.caller = who;
    next();
  });
  io.on('connection', (socket) => {
    const departments = watchedQueues(socket.handshake.auth);
    if (departments) return void watchQueues(socket, departments, deps);
    const who = socket.data.caller;
    const room = who.role === 'technician' ? null : who.desk ? `desk:${who.desk}` : 'patients:all';
    if (room) void socket.join(room);
    if (who.role !== 'reception') void socket.join('technicians'); // test reads: technicians and admins
    socket.emit('devices', deps.devices());
    socket.emit('health', deps.health());
    const { scan, eligibility } = deps.latest;
    const replay = (socket.handshake.auth as Record<string, unknown> | undefined)?.['replay'] !== false;
    if (replay && room && scan && patientRooms(scan.desk).includes(room)) {
      socket.emit('scan', scan);
      if (eligibility && eligibility.eventId === scan.eventId) socket.emit('eligibility', eligibility);
    }
  });
  // A logged-out session ends its open sockets too: sessions are checked at the handshake, and a
  // socket opened before the logout would otherwise go on receiving its desk's patients.
  const unsubscribe = [
    deps.access.onSessionEnded((value) => {
      for (const s of io.sockets.sockets.values()) if (deps.access.sessionValue(s.request.headers) === value) s.disconnect(true);
    }),
    deps.bus.on('scan', (m) => io.to(patientRooms(m.desk)).emit('scan', m)),
    deps.bus.on('eligibility', (m) => io.to(patientRooms(m.desk)).emit('eligibility', m)),
    // Only a count: the visits themselves are fetched (and audited) when the receptionist opens them.
    deps.bus.on('history', (m) => io.to(patientRooms(m.desk)).emit('history', m)),
    deps.bus.on('checkin', (m) => io.to(patientRooms(m.desk)).emit('checkin', m)),
    deps.bus.on('devices', (d) => io.emit('devices', d)),
    deps.bus.on('health', (h) => io.emit('health', h)),
    deps.bus.on('testRead', (m) => io.to('technicians').emit('testRead', m)),
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
