// socket.io on the daemon's HTTP server: the same browser boundary on every request of both
// transports, a caller for every connection, rooms that decide who hears what, a snapshot on
// connecting and then deltas (devices, health, patient messages of the socket's desk, test reads).

import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import type { ClientToServerEvents, DeviceView, EligibilityMessage, HealthReport, ScanMessage, ServerToClientEvents } from '../api/contract.ts';
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
}

/** Patient messages go only to sockets allowed to see that desk: a technician's socket joins no patient room. */
const patientRooms = (desk: string): string[] => [`desk:${desk}`, 'patients:all'];

interface SocketData {
  caller: Caller;
}

type Io = SocketServer<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

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
  const unsubscribe = [
    deps.bus.on('scan', (m) => io.to(patientRooms(m.desk)).emit('scan', m)),
    deps.bus.on('eligibility', (m) => io.to(patientRooms(m.desk)).emit('eligibility', m)),
    // Only a count: the visits themselves are fetched (and audited) when the receptionist opens them.
    deps.bus.on('history', (m) => io.to(patientRooms(m.desk)).emit('history', m)),
    deps.bus.on('checkin', (m) => io.to(patientRooms(m.desk)).emit('checkin', m)),
    deps.bus.on('devices', (d) => io.emit('devices', d)),
    deps.bus.on('health', (h) => io.emit('health', h)),
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
