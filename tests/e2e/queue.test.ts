// The department queue end to end, as a desk and a waiting-room display use it: typed IDs become
// tickets (POST /api/search -> eventId -> POST /api/registrations), POST /api/queue/<department>/call
// calls them, GET /api/queue/<department> lists them, and a display socket (auth.queue) gets the
// board at once: numbers and desks, no names, and never a patient message. The day's queue and its
// waiting times survive a restart on the same data folder; a desk token calls only to its desk.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { PhuLuc03 } from '../../daemon/src/api/report.ts';
import type { QueueBoard, QueueList, QueueTicket } from '../../daemon/src/api/contract.ts';
import { io as ioClient, type Socket } from 'socket.io-client';
import { next, startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const PATIENTS = [
  { query: '001089012345', name: 'Nguyễn Văn An', dob: '15/03/1989', sex: 'M' },
  { query: '038196007654', name: 'Lê Thị Hường', dob: '30/04/1996', sex: 'F' },
  { query: '079075001122', name: 'Trần Văn Bình', dob: '02/09/1975', sex: 'M' },
] as const;

async function call<T>(d: TestDaemon, method: string, path: string, body?: object, token?: string): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  const r = await fetch(`${d.url}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: r.status, body: (await r.json()) as T };
}

/** A display's socket, every board it gets kept from the first (sent as it connects). */
function display(t: { teardown(fn: () => unknown): void }, d: TestDaemon, departments: string[]): { socket: Socket; boards: QueueBoard[] } {
  const socket = ioClient(d.url, { transports: ['websocket'], reconnection: false, auth: { queue: departments } });
  const boards: QueueBoard[] = [];
  socket.on('queue', (b: QueueBoard) => boards.push(b));
  t.teardown(() => socket.close());
  return { socket, boards };
}

/** A typed ID becomes a ticket of kham-noi, as the desk page does it. */
async function ticketFor(d: TestDaemon, p: (typeof PATIENTS)[number], token?: string): Promise<string> {
  const found = await call<{ status: string; message: { eventId: number } }>(d, 'POST', '/api/search', { desk: 'desk-1', ...p }, token);
  const reg = await call<{ registration: { ticket: string } }>(
    d,
    'POST',
    '/api/registrations',
    { eventId: found.body.message.eventId, department: 'kham-noi' },
    token,
  );
  return reg.body.registration.ticket;
}

t.test('typed IDs become tickets, a desk calls them, the display shows them without names', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-queue-e2e-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const d = await startTestDaemon(t, { dataDir, config: { queue: { deskLabels: { 'desk-1': 'Quầy 1' } } } });
  const tickets: string[] = [];
  for (const p of PATIENTS) tickets.push(await ticketFor(d, p));
  t.same(tickets, ['A001', 'A002', 'A003'], 'three tickets of Khám Nội');

  const { socket: screen, boards } = display(t, d, ['kham-noi']);
  const desk = await d.connect();
  await until(() => boards.length > 0, 5_000);
  t.match(boards[0], { department: { id: 'kham-noi' }, waiting: 3, calls: [], announce: null }, 'the board at once on connecting');

  const shown = next<QueueBoard>(screen, 'queue', (b) => b.announce?.ticket === 'A001');
  const called = await call<{ ticket: QueueTicket }>(d, 'POST', '/api/queue/kham-noi/call', { desk: 'desk-1' });
  t.match(called, { status: 200, body: { ticket: { ticket: 'A001', state: 'called', desk: 'desk-1', calls: 1 } } });
  const board = await shown;
  t.match(
    board,
    { waiting: 2, calls: [{ ticket: 'A001', place: 'Quầy 1' }], announce: { ticket: 'A001', desk: 'desk-1', place: 'Quầy 1' } },
    'the display got the call',
  );
  t.notOk(/Nguyễn|Hường|Bình|001089012345/.test(JSON.stringify(board)), 'no name or ID on the display');

  // A new read: the desk's socket hears it, the display's does not.
  const displayScans: unknown[] = [];
  screen.on('scan', (m: unknown) => displayScans.push(m));
  const deskScan = next(desk, 'scan');
  await call(d, 'POST', '/api/search', { desk: 'desk-1', ...PATIENTS[0] });
  await deskScan;
  await new Promise((r) => setTimeout(r, 300));
  t.same(displayScans, [], 'a display never hears a patient message');

  t.match(await call(d, 'POST', '/api/queue/kham-noi/call', { ticket: 'A001' }), { status: 200, body: { ticket: { calls: 2, desk: 'desk-1' } } }, 'recall');
  t.match(await call(d, 'POST', '/api/queue/kham-noi/A001/serve'), { status: 200, body: { ticket: { state: 'inService' } } });
  t.match(await call(d, 'POST', '/api/queue/kham-noi/A002/skip'), { status: 200, body: { ticket: { state: 'skipped' } } });
  t.match(await call(d, 'POST', '/api/queue/kham-noi/A001/skip'), {
    status: 409,
    body: { error: { code: 'TICKET_STATE', en: 'Ticket A001 is inService: it cannot be skipped.' } },
  });
  t.match(await call(d, 'POST', '/api/queue/kham-noi/A001/done'), { status: 200, body: { ticket: { state: 'done' } } });
  t.match(await call(d, 'POST', '/api/queue/khoa-la/call', { desk: 'desk-1' }), { status: 400, body: { error: { code: 'UNKNOWN_DEPARTMENT' } } });
  t.match(await call(d, 'POST', '/api/queue/kham-noi/call', {}), { status: 400 }, 'neither desk nor ticket: refused');

  await d.stop();
  const again = await startTestDaemon(t, { dataDir });
  const list = await call<QueueList>(again, 'GET', '/api/queue/kham-noi');
  t.same(
    list.body.tickets.map((x) => [x.ticket, x.state, x.calls]),
    [
      ['A001', 'done', 2],
      ['A002', 'skipped', 0],
      ['A003', 'waiting', 0],
    ],
    'the day’s queue after a restart',
  );
  const report = await call<PhuLuc03>(again, 'GET', '/api/reports/phu-luc-03?format=json');
  t.match(report.body.waitingTimes, [{ department: 'kham-noi', called: 1 }], 'the report JSON carries the waiting time');
  const waits = await call<unknown[]>(again, 'GET', '/api/reports/waiting-times');
  t.same(waits.body, report.body.waitingTimes, 'and so does its own route');
});

t.test('with tokens: a desk calls only to its own desk; a technician does not call', async (t) => {
  const tokens = { desk1: 'd'.repeat(32), desk2: 'e'.repeat(32), tech: 't'.repeat(32) };
  const d = await startTestDaemon(t, {
    config: {
      auth: {
        tokens: [
          { id: 'desk1', token: tokens.desk1, role: 'reception', desk: 'desk-1' },
          { id: 'desk2', token: tokens.desk2, role: 'reception', desk: 'desk-2' },
          { id: 'tech', token: tokens.tech, role: 'technician' },
        ],
      },
    },
  });
  await ticketFor(d, PATIENTS[0], tokens.desk1);
  t.match(await call(d, 'POST', '/api/queue/kham-noi/call', { desk: 'desk-2' }, tokens.desk1), { status: 403, body: { error: { code: 'DESK_MISMATCH' } } });
  t.match(await call(d, 'POST', '/api/queue/kham-noi/call', { desk: 'desk-1' }, tokens.tech), { status: 403, body: { error: { code: 'FORBIDDEN' } } });
  t.match(await call(d, 'GET', '/api/queue/kham-noi'), { status: 401 }, 'no token, no list');
  t.match(
    await call(d, 'POST', '/api/queue/kham-noi/call', { ticket: 'A001' }, tokens.desk1),
    { status: 200, body: { ticket: { desk: 'desk-1' } } },
    'a recall without a desk goes to the token’s desk',
  );
  // A ticket desk 1 called is not desk 2's to move.
  t.match(await call(d, 'POST', '/api/queue/kham-noi/A001/skip', undefined, tokens.desk2), { status: 403, body: { error: { code: 'DESK_MISMATCH' } } });
  t.match(await call(d, 'POST', '/api/queue/kham-noi/call', { ticket: 'A001' }, tokens.desk2), { status: 403, body: { error: { code: 'DESK_MISMATCH' } } });
  t.match(await call(d, 'POST', '/api/queue/kham-noi/A001/serve', undefined, tokens.desk1), { status: 200 }, 'its own desk may');
  // But any desk settles the priority of a ticket of today's queue (a kiosk patient's request).
  const list = await call<QueueList>(d, 'GET', '/api/queue/kham-noi', undefined, tokens.desk2);
  const id = list.body.tickets[0]!.registrationId;
  t.match(await call(d, 'POST', `/api/registrations/${id}/priority`, { reason: 'pregnant', on: true }, tokens.desk2), {
    status: 200,
    body: { registration: { priority: { class: 'priority' } } },
  });
});
