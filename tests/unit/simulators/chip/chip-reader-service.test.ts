// The simulated chip-reader service seen from plain clients (socket.io-client, ws, fetch), not
// through tiepnhan's transports: the wire sequences as documented, the control route, /info, loopback.
import t, { type Test } from 'tap';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { parseSimulateCardRequest, SimulatedChipService, type SimulatedCard } from '../../../../simulators/src/chip/chip-reader-service.ts';
import type { ChipProtocol } from '../../../../drivers/src/chip/chip-transport.ts';
import { until } from '../../../helpers/wait.ts';

const CARD: SimulatedCard = {
  fields: { idCode: '001089012345', personName: 'Nguyễn Văn An', dateOfBirth: '15/03/1989', gender: 'Nam', residencePlace: 'Hà Nội', issueDate: '20/04/2021' },
  raw: {
    dg13: Buffer.from('6d03020101', 'hex'),
    sod: Buffer.from('77023000', 'hex'),
    dg2: Buffer.from('7502ffd8', 'hex'),
    image: Buffer.from('ffd8ffe0', 'hex'),
  },
};
const CARD_JSON = {
  fields: CARD.fields,
  raw: Object.fromEntries(Object.entries(CARD.raw!).map(([k, v]) => [k, (v as Buffer).toString('base64')])),
};

async function started(t: Test, protocol: ChipProtocol): Promise<{ sim: SimulatedChipService; url: string }> {
  const sim = new SimulatedChipService({ protocol });
  const { url } = await sim.start();
  t.teardown(() => sim.stop());
  return { sim, url };
}

/** A Socket.IO client recording every `/event` payload, connected. */
async function hn212Client(t: Test, url: string): Promise<{ socket: Socket; events: unknown[] }> {
  const socket = io(url, { forceNew: true, reconnection: false });
  const events: unknown[] = [];
  socket.on('/event', (e: unknown) => events.push(e));
  t.teardown(() => void socket.disconnect());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, events };
}

/** A WebSocket client recording every message parsed as JSON, open. */
async function wsClient(t: Test, url: string): Promise<{ ws: WebSocket; events: unknown[] }> {
  const ws = new WebSocket(url);
  const events: unknown[] = [];
  ws.on('message', (data: Buffer) => events.push(JSON.parse(data.toString('utf8'))));
  t.teardown(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, events };
}

const post = (url: string, body: string) =>
  fetch(new URL('/simulate/card', url.replace(/^ws/, 'http')), { method: 'POST', body, headers: { 'content-type': 'application/json' } });

t.test('binds 127.0.0.1 only, and refuses any other address', async (t) => {
  for (const protocol of ['hn212-socketio', 'ws-events'] as const) {
    const { url } = await started(t, protocol);
    t.match(url, protocol === 'ws-events' ? /^ws:\/\/127\.0\.0\.1:\d+$/ : /^http:\/\/127\.0\.0\.1:\d+$/);
  }
  for (const host of ['0.0.0.0', '192.168.5.1', 'localhost', '::']) {
    t.throws(() => new SimulatedChipService({ protocol: 'hn212-socketio', host }), TypeError, host);
  }
});

t.test('HN212: id 1, id 2 with the fields, id 4 with base64 files, to every client', async (t) => {
  const { sim, url } = await started(t, 'hn212-socketio');
  const a = await hn212Client(t, url);
  const b = await hn212Client(t, url);
  await until(() => sim.clients === 2);
  await sim.present(CARD);
  await until(() => a.events.length === 3 && b.events.length === 3);
  t.same(a.events, b.events);
  t.same(a.events[0], { id: 1, message: 'new card!' });
  t.match(a.events[1], { id: 2, message: String, data: CARD.fields });
  t.same((a.events[2] as { data: unknown }).data, {
    img_data: CARD.raw!.image!.toString('base64'),
    dg2: CARD.raw!.dg2!.toString('base64'),
    dg13: CARD.raw!.dg13!.toString('base64'),
    sod: CARD.raw!.sod!.toString('base64'),
  });
});

t.test('HN212 faults: failure, missingRaw, dropMidCard (the server keeps listening)', async (t) => {
  const { sim, url } = await started(t, 'hn212-socketio');
  const c = await hn212Client(t, url);
  await sim.present(CARD, { fault: 'failure' });
  await until(() => c.events.length === 2);
  t.same(c.events[1], { id: 3, message: 'Đọc thẻ thất bại' });
  c.events.length = 0;
  await sim.present(CARD, { fault: 'missingRaw', gapMs: 5 });
  await until(() => c.events.length === 2);
  t.same(
    c.events.map((e) => (e as { id: number }).id),
    [1, 2],
  );
  c.events.length = 0;
  const gone = new Promise<string>((resolve) => c.socket.once('disconnect', resolve));
  await sim.present(CARD, { fault: 'dropMidCard' });
  t.equal(await gone, 'io server disconnect');
  t.same(
    c.events.map((e) => (e as { id: number }).id),
    [1, 2],
  );
  await until(() => sim.clients === 0);
  await hn212Client(t, url); // still listening
  t.equal(sim.clients, 1);
});

t.test('ws-events: READ, CARD_RESULT with PersonalInfo and ChipFace, then EMPTY; failure; drop', async (t) => {
  const { sim, url } = await started(t, 'ws-events');
  const c = await wsClient(t, url);
  await until(() => sim.clients === 1);
  await sim.present(CARD);
  await until(() => c.events.length === 3);
  t.same(c.events, [
    { EventName: 'READ' },
    { EventName: 'CARD_RESULT', PersonalInfo: CARD.fields, ChipFace: CARD.raw!.image!.toString('base64') },
    { NewState: 'EMPTY' },
  ]);
  c.events.length = 0;
  await sim.present(CARD, { fault: 'failure' });
  await until(() => c.events.length === 3);
  t.same(c.events[1], { EventName: 'CARD_RESULT', Status: 'FAILURE' });
  c.events.length = 0;
  const closed = new Promise((resolve) => c.ws.once('close', resolve));
  await sim.present(CARD, { fault: 'dropMidCard' });
  await closed;
  t.same(c.events, [{ EventName: 'READ' }]);
  await wsClient(t, url); // still listening
});

t.test('stop closes the clients; start again reuses the port', async (t) => {
  const { sim, url } = await started(t, 'ws-events');
  const c = await wsClient(t, url);
  const closed = new Promise((resolve) => c.ws.once('close', resolve));
  await sim.stop();
  await closed;
  t.equal(sim.url, null);
  t.equal(sim.clients, 0);
  t.same(await sim.start(), { url });
  await wsClient(t, url);
  t.equal(sim.clients, 1);
  await t.rejects(sim.start(), /already started/);
  t.same(await sim.restart(), { url }, 'restart: same port');
  await until(() => sim.clients === 0);
});

t.test('GET /info answers a simulated serial', async (t) => {
  const { sim, url } = await started(t, 'hn212-socketio');
  const res = await fetch(new URL('/info', url));
  t.equal(res.status, 200);
  const body = (await res.json()) as { serial: string; simulated: boolean };
  t.match(body, { serial: /^SIM-[0-9A-F]{8}$/, simulated: true });
  t.equal(body.serial, sim.serial);
  t.equal((await fetch(new URL('/info', url), { method: 'POST' })).status, 405);
  t.equal((await fetch(new URL('/nothing', url))).status, 404);
});

t.test('POST /simulate/card plays the card (204), with a fault if asked', async (t) => {
  const { url } = await started(t, 'ws-events');
  const c = await wsClient(t, url);
  const res = await post(url, JSON.stringify({ card: CARD_JSON }));
  t.equal(res.status, 204);
  await until(() => c.events.length === 3);
  t.match(c.events[1], { EventName: 'CARD_RESULT', PersonalInfo: { idCode: '001089012345' } });
  c.events.length = 0;
  t.equal((await post(url, JSON.stringify({ card: { fields: { idCode: '001089012345' } }, fault: 'failure' }))).status, 204);
  await until(() => c.events.length === 3);
  t.same(c.events[1], { EventName: 'CARD_RESULT', Status: 'FAILURE' });
  t.equal((await fetch(new URL('/simulate/card', url.replace(/^ws/, 'http')))).status, 405);
});

t.test('POST /simulate/card refuses a bad body with 400 and a reason', async (t) => {
  const { url } = await started(t, 'hn212-socketio');
  const bad: Array<[string, string]> = [
    ['not JSON', '{"card":'],
    ['empty', ''],
    ['an array', '[]'],
    ['no card', '{}'],
    ['unknown top-level key', JSON.stringify({ card: CARD_JSON, gapMs: 5 })],
    ['fields not strings', JSON.stringify({ card: { fields: { idCode: 1089012345 } } })],
    ['fields missing', JSON.stringify({ card: { raw: null } })],
    ['unknown card key', JSON.stringify({ card: { ...CARD_JSON, at: 1 } })],
    ['raw bad base64', JSON.stringify({ card: { fields: {}, raw: { dg13: 'not base64!' } } })],
    ['raw empty', JSON.stringify({ card: { fields: {}, raw: { dg13: '' } } })],
    ['raw unknown file', JSON.stringify({ card: { fields: {}, raw: { dg1: 'AAAA' } } })],
    ['raw not an object', JSON.stringify({ card: { fields: {}, raw: 'AAAA' } })],
    ['unknown fault', JSON.stringify({ card: CARD_JSON, fault: 'explode' })],
  ];
  for (const [name, body] of bad) {
    const res = await post(url, body);
    t.equal(res.status, 400, name);
    t.match(await res.json(), { error: String }, `${name}: a reason`);
  }
});

t.test('parseSimulateCardRequest decodes the files', async (t) => {
  const parsed = parseSimulateCardRequest({ card: CARD_JSON, fault: 'missingRaw' });
  if (typeof parsed === 'string') throw new Error(parsed);
  t.equal(parsed.fault, 'missingRaw');
  t.same(parsed.card.fields, CARD.fields);
  t.ok(parsed.card.raw?.dg13?.equals(CARD.raw!.dg13!));
  t.same(parseSimulateCardRequest({ card: { fields: {}, raw: null } }), { card: { fields: {}, raw: null } });
});
