// Priority by law, end to end on a real PTY scanner: a card whose holder turns 76 this year, read
// after two normal cards, gets a ticket of class priority with reason age75, and under `strict` the
// desk's "next" calls it first; under `interleave` with `every: 2` the calls come normal, normal,
// priority. A child of 5 gets under6. A reason the desk adds is audited (who, when, which) and the
// display shows the class, never the reason. The report JSON counts priority visits per reason and
// the waiting time per class.

import t from 'tap';
import type { QueueBoard, Registration, ScanMessage } from '../../daemon/src/api/contract.ts';
import type { PhuLuc03 } from '../../daemon/src/api/report.ts';
import { next, startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { ptyRequirement } from '../helpers/socat.ts';

const YEAR = new Date().getFullYear();
// Fictitious cards (CCCD QR: ID|old ID|name|ddmmyyyy|sex|address|issue date).
const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const HUONG = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024';
// Turns 76 this year: born on 1 January, so 75 or older on any visit day of the year.
const ONG = `0010${String(YEAR - 76).slice(2)}004567|011223344|Trần Văn Ông|0101${YEAR - 76}|Nam|Phường Kim Liên, Quận Đống Đa, Hà Nội|10052021`;
// Aged 5 on any day of the year: born on 1 January, five years ago (a 2024-format card: no old ID).
const BE = `0013${String(YEAR - 5).slice(2)}007890||Phạm Minh Bé|0101${YEAR - 5}|Nữ|Phường Kim Liên, Quận Đống Đa, Hà Nội|15012025||||`;

async function post<T>(d: TestDaemon, path: string, body: object): Promise<{ status: number; body: T }> {
  const r = await fetch(`${d.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as T };
}

/** A card read on the PTY scanner, registered to kham-noi: its registration. */
async function readAndRegister(d: TestDaemon, payload: string): Promise<Registration> {
  const socket = await d.connect();
  const shown = next<ScanMessage>(socket, 'scan');
  await d.wiring.simScanners[0]!.scan(payload);
  const m = await shown;
  socket.close();
  if (!m.ok || m.eventId === undefined) throw new Error(`the card was not read: ${JSON.stringify(m.error)}`);
  return (await post<{ registration: Registration }>(d, '/api/registrations', { eventId: m.eventId, department: 'kham-noi' })).body.registration;
}

async function callAll(d: TestDaemon, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await post<{ ticket: { ticket: string } }>(d, '/api/queue/kham-noi/call', { desk: 'desk-1' })).body.ticket.ticket);
  return out;
}

t.test('strict: the 76-year-old read after two normal cards is called first; a child of 5 is under6', ptyRequirement(), async (t) => {
  const d = await startTestDaemon(t, { pty: true });
  const regs = [await readAndRegister(d, AN), await readAndRegister(d, HUONG), await readAndRegister(d, ONG)];
  t.same(
    regs.map((r) => [r.ticket, r.priority.class, r.priority.reasons]),
    [
      ['A001', 'normal', []],
      ['A002', 'normal', []],
      ['A003', 'priority', ['age75']],
    ],
    'the card gave the reason by itself',
  );
  t.same(await callAll(d, 3), ['A003', 'A001', 'A002'], 'strict: priority first, then first come, first served');
  const child = await readAndRegister(d, BE);
  t.match(child.priority, { class: 'priority', reasons: ['under6'], partialDob: false }, 'a child of 5');

  // The desk adds a reason: audited, and the display still shows only the class.
  const added = await post<{ registration: Registration }>(d, `/api/registrations/${child.id}/priority`, { reason: 'disability', on: true });
  t.same(added.body.registration.priority.reasons, ['under6', 'disability']);
  t.match(await post(d, `/api/registrations/${child.id}/priority`, { reason: 'khong-co', on: true }), {
    status: 400,
    body: { error: { code: 'UNKNOWN_PRIORITY_REASON', vi: /Không có lý do ưu tiên/ } },
  });
  const audit = (await (await fetch(`${d.url}/api/audit`)).json()) as { entries: Array<{ action: string; actor: string; subject: string | null; at: string }> };
  t.match(
    audit.entries.find((e) => e.action === 'setPriority'),
    { actor: 'local', subject: `registration:${child.id}:+disability`, at: /^\d{4}-/ },
    'who, when and which reason',
  );
  const boards: QueueBoard[] = [];
  const { io } = await import('socket.io-client');
  const screen = io(d.url, { transports: ['websocket'], reconnection: false, auth: { queue: ['kham-noi'] } });
  screen.on('queue', (b: QueueBoard) => boards.push(b));
  t.teardown(() => screen.close());
  await post(d, '/api/queue/kham-noi/call', { desk: 'desk-1' });
  await new Promise((r) => setTimeout(r, 300));
  const called = boards.find((b) => b.announce?.ticket === child.ticket);
  t.match(called?.announce, { ticket: 'A004', priority: 'priority' }, 'the display marks the class');
  t.notOk(/under6|disability|age75/.test(JSON.stringify(boards)), 'and never shows a reason');

  const report = (await (await fetch(`${d.url}/api/reports/phu-luc-03?format=json`)).json()) as PhuLuc03;
  t.match(
    report.priorityVisits?.period,
    [
      { reason: 'age75', visits: 1 },
      { reason: 'disability', visits: 1 },
      { reason: 'under6', visits: 1 },
    ],
    'priority visits per reason for the period',
  );
  t.same([...new Set(report.waitingTimes?.map((w) => w.class))].sort(), ['normal', 'priority'], 'waiting time per class');
});

t.test('interleave every 2: normal, normal, priority', ptyRequirement(), async (t) => {
  const d = await startTestDaemon(t, { pty: true, config: { queue: { priority: { policy: 'interleave', every: 2 } } } });
  await readAndRegister(d, ONG);
  await readAndRegister(d, AN);
  await readAndRegister(d, HUONG);
  t.same(await callAll(d, 3), ['A002', 'A003', 'A001']);
});

t.test('priority asked for at the kiosk counts once the desk confirms it', async (t) => {
  const d = await startTestDaemon(t);
  const found = await post<{ message: ScanMessage }>(d, '/api/search', { desk: 'desk-1', query: '038196007654', name: 'Lê Thị Hường', dob: '30/04/1996' });
  t.match(await post(d, '/api/registrations', { eventId: found.body.message.eventId, department: 'kham-noi', requestedPriority: ['khong-co'] }), {
    status: 400,
    body: { error: { code: 'UNKNOWN_PRIORITY_REASON' } },
  });
  const reg = (
    await post<{ registration: Registration }>(d, '/api/registrations', {
      eventId: found.body.message.eventId,
      department: 'kham-noi',
      requestedPriority: ['pregnant'],
    })
  ).body.registration;
  t.same(reg.priority, { class: 'normal', reasons: [], partialDob: false, requested: ['pregnant'] }, 'asked for, not yet counted');
  const list = (await (await fetch(`${d.url}/api/queue/kham-noi`)).json()) as { tickets: Array<{ priority: { requested: string[] } }> };
  t.same(list.tickets[0]!.priority.requested, ['pregnant'], 'the desk sees the request in its queue');
  const confirmed = await post<{ registration: Registration }>(d, `/api/registrations/${reg.id}/priority`, { reason: 'pregnant', on: true });
  t.same(confirmed.body.registration.priority, { class: 'priority', reasons: ['pregnant'], partialDob: false, requested: [] }, 'confirmed: it counts');
});
