// A department's queue of the day over a real SQLite file: the next waiting ticket goes to the desk
// that calls, and the ticket it called before is done; a recall counts one more call; skip, serve and
// done follow the transitions and refuse the rest in Vietnamese and English; tomorrow's queue starts
// empty; a reopened database (a restart) keeps the day's queue; the board a display gets names nobody
// unless queue.showNames, and announces only calls; waiting times come from the first call.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { QueueBoard } from '../../../../daemon/src/api/contract.ts';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import { Queue, type QueueDeps } from '../../../../daemon/src/queue/queue.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

/** 2 March 2026, 08:00 in Vietnam. */
const T0 = Date.parse('2026-03-02T01:00:00Z');
const MIN = 60_000;
const DEPARTMENTS = [
  { id: 'kham-noi', name: 'Khám Nội' },
  { id: 'kham-ngoai', name: 'Khám Ngoại' },
];

async function setup(t: Test, config: Partial<QueueDeps['config']> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-queue-'));
  const file = join(dir, 'q.db');
  let db = await Db.open(file);
  await migrate(db);
  let clock = T0;
  const boards: QueueBoard[] = [];
  const errors: unknown[] = [];
  const make = (): Queue =>
    new Queue({
      db,
      config: { showNames: false, recentCalls: 3, deskLabels: { 'pk-1': 'Phòng khám 1' }, priority: resolveConfig({}).queue.priority, ...config },
      departments: DEPARTMENTS,
      nameOf: async (eventId) => (eventId === 1 ? 'Nguyễn Văn An' : null),
      publish: (b) => boards.push(b),
      onError: (err) => errors.push(err),
      now: () => new Date(clock),
    });
  let queue = make();
  let events = 0;
  /** Registers a visit at the current clock (what patients/registrations.ts writes). */
  const register = async (department: string, prefix: string, reasons = ''): Promise<string> => {
    const day = new Date(clock + 7 * 3600_000).toISOString().slice(0, 10);
    const n =
      ((await db.get<{ n: number | null }>('SELECT MAX(queue_number) AS n FROM registrations WHERE day = ? AND department = ?', [day, department]))?.n ?? 0) +
      1;
    const ticket = `${prefix}${String(n).padStart(3, '0')}`;
    await db.run('INSERT INTO registrations (at, day, event_id, desk_id, department, queue_number, ticket, priority_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      new Date(clock).toISOString(),
      day,
      ++events,
      'desk-1',
      department,
      n,
      ticket,
      reasons,
    ]);
    return ticket;
  };
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get queue() {
      return queue;
    },
    boards,
    errors,
    register,
    advance: (ms: number) => (clock += ms),
    /** Closes and reopens the database file: what a restart of the daemon does. */
    restart: async () => {
      await db.close();
      db = await Db.open(file);
      await migrate(db);
      queue = make();
    },
  };
}

const settled = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

t.test('next calls in ticket order; the desk’s previous ticket is done; an empty queue says so', async (t) => {
  const q = await setup(t);
  for (let i = 0; i < 3; i++) await q.register('kham-noi', 'A');
  await q.register('kham-ngoai', 'B');
  q.advance(10 * MIN);
  const first = await q.queue.callNext('kham-noi', 'pk-1');
  t.match(first, { ok: true, ticket: { ticket: 'A001', state: 'called', desk: 'pk-1', calls: 1 } });
  const second = await q.queue.callNext('kham-noi', 'pk-2');
  t.match(second, { ok: true, ticket: { ticket: 'A002', desk: 'pk-2' } }, 'another room takes the next one');
  q.advance(5 * MIN);
  t.match(await q.queue.callNext('kham-noi', 'pk-1'), { ok: true, ticket: { ticket: 'A003' } });
  const list = (await q.queue.list('kham-noi'))!;
  t.same(
    list.tickets.map((x) => [x.ticket, x.state, x.desk]),
    [
      ['A001', 'done', 'pk-1'],
      ['A002', 'called', 'pk-2'],
      ['A003', 'called', 'pk-1'],
    ],
    'pk-1 calling again finished A001; A002 of pk-2 is untouched',
  );
  t.equal(list.tickets[0]!.finishedAt, new Date(T0 + 15 * MIN).toISOString());
  const empty = await q.queue.callNext('kham-noi', 'pk-1');
  t.match(empty, { ok: false, error: { status: 409, body: { error: { code: 'QUEUE_EMPTY', vi: /không còn số nào/, en: /No ticket is waiting/ } } } });
  t.match(await q.queue.callNext('kham-ngoai', 'pk-3'), { ok: true, ticket: { ticket: 'B001' } }, 'departments are separate queues');
  t.equal(await q.queue.list('khoa-khong-co'), null, 'an unknown department has no list');
});

t.test('recall, serve, done and skip follow the transitions; refusals name the state', async (t) => {
  const q = await setup(t);
  await q.register('kham-noi', 'A');
  await q.register('kham-noi', 'A');
  await q.queue.callNext('kham-noi', 'pk-1');
  q.advance(MIN);
  const recalled = await q.queue.move('kham-noi', 'A001', 'called', null);
  t.match(recalled, {
    ok: true,
    ticket: { state: 'called', calls: 2, desk: 'pk-1', calledAt: new Date(T0).toISOString(), lastCalledAt: new Date(T0 + MIN).toISOString() },
  });
  t.match(await q.queue.move('kham-noi', 'A001', 'inService', null), { ok: true, ticket: { state: 'inService', servedAt: new Date(T0 + MIN).toISOString() } });
  t.match(await q.queue.move('kham-noi', 'A001', 'skipped', null), {
    ok: false,
    error: {
      status: 409,
      body: { error: { code: 'TICKET_STATE', vi: /Số A001 đang ở trạng thái "đang khám"/, en: 'Ticket A001 is inService: it cannot be skipped.' } },
    },
  });
  t.match(await q.queue.move('kham-noi', 'A001', 'done', null), { ok: true, ticket: { state: 'done' } });
  t.match(await q.queue.move('kham-noi', 'A001', 'called', 'pk-1'), { ok: false, error: { body: { error: { code: 'TICKET_STATE' } } } }, 'nothing leaves done');
  t.match(
    await q.queue.move('kham-noi', 'A002', 'skipped', null),
    { ok: true, ticket: { state: 'skipped', calledAt: null } },
    'a waiting ticket can be skipped (left)',
  );
  t.match(
    await q.queue.move('kham-noi', 'A002', 'called', 'pk-2'),
    { ok: true, ticket: { state: 'called', calls: 1, desk: 'pk-2' } },
    'and called when the patient comes back',
  );
  t.match(await q.queue.move('kham-noi', 'A009', 'done', null), { ok: false, error: { status: 404, body: { error: { code: 'TICKET_NOT_FOUND' } } } });
});

t.test('the queue restarts with the day and survives a restart of the daemon', async (t) => {
  const q = await setup(t);
  await q.register('kham-noi', 'A');
  await q.register('kham-noi', 'A');
  await q.queue.callNext('kham-noi', 'pk-1');
  await q.restart();
  const after = (await q.queue.list('kham-noi'))!;
  t.same(
    after.tickets.map((x) => [x.ticket, x.state]),
    [
      ['A001', 'called'],
      ['A002', 'waiting'],
    ],
    'the same queue after a restart',
  );
  q.advance(24 * 60 * MIN);
  t.same((await q.queue.list('kham-noi'))!.tickets, [], 'the next day starts empty');
  t.match(
    await q.queue.callNext('kham-noi', 'pk-1'),
    { ok: false, error: { body: { error: { code: 'QUEUE_EMPTY' } } } },
    "yesterday's A002 is not called today",
  );
  await q.register('kham-noi', 'A');
  t.match(await q.queue.callNext('kham-noi', 'pk-1'), { ok: true, ticket: { ticket: 'A001', state: 'called' } }, "today's A001");
});

t.test('the board: latest call first, no names by default, announced only for a call', async (t) => {
  const q = await setup(t);
  for (let i = 0; i < 5; i++) await q.register('kham-noi', 'A');
  for (const desk of ['pk-1', 'pk-2', 'pk-3', 'pk-4']) {
    q.advance(MIN);
    await q.queue.callNext('kham-noi', desk);
  }
  await settled();
  const last = q.boards.at(-1)!;
  t.same(
    last.calls.map((c) => c.ticket),
    ['A004', 'A003', 'A002'],
    'recentCalls (3) calls, latest first',
  );
  t.match(last, {
    department: { id: 'kham-noi', name: 'Khám Nội' },
    day: '2026-03-02',
    waiting: 1,
    announce: { ticket: 'A004', desk: 'pk-4', place: 'pk-4', calls: 1 },
  });
  t.notOk(JSON.stringify(q.boards).includes('Nguyễn'), 'no name on any board');
  t.notOk('name' in last.calls[0]!, 'no name field');
  q.advance(MIN);
  await q.queue.move('kham-noi', 'A001', 'skipped', null);
  await settled();
  t.equal(q.boards.at(-1)!.announce, null, 'a skip is shown, not announced');
  t.same(
    q.boards.at(-1)!.calls.map((c) => c.ticket),
    ['A004', 'A003', 'A002'],
    'the display lists the last calls, whatever became of them',
  );
  const recall = await q.queue.move('kham-noi', 'A002', 'called', null);
  t.ok(recall.ok);
  await settled();
  t.match(
    q.boards.at(-1)!,
    { calls: [{ ticket: 'A002', calls: 2 }], announce: { ticket: 'A002', calls: 2 } },
    'a recall is announced again and moves to the top',
  );
  t.same(q.errors, []);
});

t.test('with queue.showNames the display gets the short name and the desk’s label', async (t) => {
  const q = await setup(t, { showNames: true });
  await q.register('kham-noi', 'A');
  await q.queue.callNext('kham-noi', 'pk-1');
  await settled();
  t.match(q.boards.at(-1)!.announce, { ticket: 'A001', place: 'Phòng khám 1', name: 'N. V. An' });
  t.notOk(JSON.stringify(q.boards).includes('Nguyễn Văn An'), 'never the full name');
});

t.test('waiting times: registered to first call, per day and department', async (t) => {
  const q = await setup(t);
  for (let i = 0; i < 3; i++) await q.register('kham-noi', 'A');
  q.advance(10 * MIN);
  await q.queue.callNext('kham-noi', 'pk-1');
  q.advance(10 * MIN);
  await q.queue.callNext('kham-noi', 'pk-1');
  t.ok((await q.queue.move('kham-noi', 'A002', 'called', 'pk-1')).ok, 'a recall does not move the first call');
  t.same(await q.queue.waitingTimes('2026-03-01', '2026-03-02'), [
    { day: '2026-03-02', department: 'kham-noi', class: 'normal', called: 2, medianMinutes: 10, p90Minutes: 20 },
  ]);
  t.same(await q.queue.waitingTimes('2026-03-03', '2026-03-03'), [], 'another period: none');
});

t.test('priority: strict calls the priority ticket first, interleave after every N normal ones; the display marks the class only', async (t) => {
  const strict = await setup(t);
  await strict.register('kham-noi', 'A');
  await strict.register('kham-noi', 'A');
  await strict.register('kham-noi', 'A', 'age75,pregnant');
  const order = [];
  for (let i = 0; i < 3; i++) {
    const r = await strict.queue.callNext('kham-noi', 'pk-1');
    if (r.ok) order.push(r.ticket.ticket);
  }
  t.same(order, ['A003', 'A001', 'A002'], 'strict: the priority ticket read after two normal ones is called first');
  await settled();
  const call = strict.boards.find((b) => b.announce?.ticket === 'A003')!.announce!;
  t.equal(call.priority, 'priority', 'the display gets the class');
  t.notOk(/age75|pregnant/.test(JSON.stringify(strict.boards)), 'and never a reason');
  t.match(
    (await strict.queue.list('kham-noi'))!.tickets[2],
    { ticket: 'A003', priority: { class: 'priority', reasons: ['age75', 'pregnant'] } },
    'the desk’s list has the reasons',
  );

  const inter = await setup(t, { priority: { ...resolveConfig({}).queue.priority, byDepartment: { 'kham-noi': { policy: 'interleave', every: 2 } } } });
  await inter.register('kham-noi', 'A', 'age75');
  for (let i = 0; i < 3; i++) await inter.register('kham-noi', 'A');
  await inter.register('kham-noi', 'A', 'emergency');
  const calls = [];
  for (let i = 0; i < 5; i++) {
    const r = await inter.queue.callNext('kham-noi', 'pk-1');
    if (r.ok) calls.push(`${r.ticket.ticket}:${r.ticket.priority.class}`);
  }
  t.same(
    calls,
    ['A005:emergency', 'A002:normal', 'A003:normal', 'A001:priority', 'A004:normal'],
    'interleave every 2 (this department): the emergency, normal, normal, priority',
  );
});
