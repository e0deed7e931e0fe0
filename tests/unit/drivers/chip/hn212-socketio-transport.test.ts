// The HN212 transport against the simulated vendor service on loopback. Every wait is for an event
// (with a generous cap so a broken build fails instead of hanging); nothing asserts a duration.
import t, { type Test } from 'tap';
import { Hn212SocketIoTransport } from '../../../../drivers/src/chip/hn212-socketio-transport.ts';
import type { ChipCard, ChipFailure, ChipTransportEvents } from '../../../../drivers/src/chip/chip-transport.ts';
import type { TransportError } from '../../../../drivers/src/errors.ts';
import { SimulatedChipService, type SimulatedCard } from '../../../../simulators/src/chip/chip-reader-service.ts';
import { until } from '../../../helpers/wait.ts';

const CARD: SimulatedCard = {
  fields: { idCode: '001089012345', oldIdCode: '013456789', personName: 'Nguyễn Văn An', dateOfBirth: '15/03/1989', gender: 'Nam', residencePlace: 'Hà Nội' },
  raw: {
    dg13: Buffer.from('6d0a300802010113033030', 'hex'),
    sod: Buffer.from('7703300100', 'hex'),
    dg2: Buffer.concat([Buffer.from('7508', 'hex'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])]),
    image: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]),
  },
};

interface Harness {
  sim: SimulatedChipService;
  reader: Hn212SocketIoTransport;
  cards: ChipCard[];
  failures: ChipFailure[];
  disconnects: TransportError[];
  connects: number;
}

/** The next `event` the transport emits, or a rejection after `ms` (a cap, not an assertion). */
function next<E extends keyof ChipTransportEvents>(reader: Hn212SocketIoTransport, event: E, ms = 10_000): Promise<Parameters<ChipTransportEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const listener = ((value: Parameters<ChipTransportEvents[E]>[0]) => {
      clearTimeout(timer);
      reader.off(event, listener);
      resolve(value);
    }) as ChipTransportEvents[E];
    reader.on(event, listener);
  });
}

async function harness(t: Test, cardTimeoutMs = 5000): Promise<Harness> {
  const sim = new SimulatedChipService({ protocol: 'hn212-socketio' });
  const { url } = await sim.start();
  const reader = new Hn212SocketIoTransport({ url, cardTimeoutMs, reconnectMinMs: 20, reconnectMaxMs: 80 });
  const h: Harness = { sim, reader, cards: [], failures: [], disconnects: [], connects: 0 };
  reader.on('card', (c) => h.cards.push(c));
  reader.on('failure', (f) => h.failures.push(f));
  reader.on('disconnect', (e) => h.disconnects.push(e));
  reader.on('connected', () => h.connects++);
  t.teardown(async () => {
    await reader.close();
    await sim.stop();
  });
  const connected = next(reader, 'connected');
  await reader.open();
  await connected;
  return h;
}

t.test('a card arrives whole, with its bytes', async (t) => {
  const h = await harness(t);
  t.ok(h.reader.isOpen);
  t.ok(h.reader.connected);
  t.equal(h.reader.protocol, 'hn212-socketio');
  const card = next(h.reader, 'card');
  await h.sim.present(CARD);
  const got = await card;
  t.same(got.fields, CARD.fields);
  for (const key of ['dg13', 'sod', 'dg2', 'image'] as const) t.ok(got.raw?.[key]?.equals(CARD.raw![key]!), `${key} byte for byte`);
  t.notOk(got.raw && 'dg14' in got.raw, 'a file not sent stays absent');
  t.type(got.at, 'number');
  t.same(h.failures, []);
});

t.test('id 3 is a cardFailed failure, and the vendor message is not carried', async (t) => {
  const h = await harness(t);
  const failure = next(h.reader, 'failure');
  await h.sim.present(CARD, { fault: 'failure' });
  const got = await failure;
  t.equal(got.kind, 'cardFailed');
  t.same(Object.keys(got).sort(), ['at', 'kind']);
  t.same(h.cards, []);
});

t.test('a missing id 4 is incomplete once cardTimeoutMs has passed', async (t) => {
  const h = await harness(t, 150);
  const failure = next(h.reader, 'failure');
  await h.sim.present(CARD, { fault: 'missingRaw' });
  t.equal((await failure).kind, 'incomplete');
  t.same(h.cards, []);
  const card = next(h.reader, 'card');
  await h.sim.present(CARD);
  t.same((await card).fields, CARD.fields, 'the next card is read normally');
  t.equal(h.failures.length, 1);
});

t.test('payloads the protocol does not allow are malformed; a JSON string payload is read as JSON', async (t) => {
  const h = await harness(t);
  let failure = next(h.reader, 'failure');
  await h.sim.sendRaw({ id: 4, data: { dg13: 'AAAA' } });
  t.equal((await failure).kind, 'malformed', 'id 4 with no card');
  failure = next(h.reader, 'failure');
  await h.sim.sendRaw('{"id":3,"message":"x"}');
  t.equal((await failure).kind, 'cardFailed');
  failure = next(h.reader, 'failure');
  await h.sim.sendRaw('not json');
  t.equal((await failure).kind, 'malformed');
});

t.test('the service drops the connection mid-card: incomplete, one disconnect, and the reader comes back', async (t) => {
  const h = await harness(t);
  const failure = next(h.reader, 'failure');
  const disconnect = next(h.reader, 'disconnect');
  const reconnected = next(h.reader, 'connected');
  await h.sim.present(CARD, { fault: 'dropMidCard' });
  t.equal((await failure).kind, 'incomplete');
  t.equal((await disconnect).code, 'SCANNER_DISCONNECTED');
  await reconnected; // a disconnection the server asked for: Socket.IO leaves the retry to the transport
  t.ok(h.reader.connected);
  t.equal(h.disconnects.length, 1);
  const card = next(h.reader, 'card');
  await h.sim.present(CARD);
  t.same((await card).fields, CARD.fields);
});

t.test('the service stops: one disconnect; started again on the same port: connected again', async (t) => {
  const h = await harness(t);
  const url = h.sim.url;
  const disconnect = next(h.reader, 'disconnect');
  await h.sim.stop();
  const error = await disconnect;
  t.equal(error.code, 'SCANNER_DISCONNECTED');
  t.notOk(h.reader.connected);
  t.ok(h.reader.isOpen, 'still open: waiting for the service');
  // Let a few reconnection attempts fail (20-80 ms apart): none of them is a new loss.
  await new Promise((r) => setTimeout(r, 300));
  const connected = next(h.reader, 'connected');
  await h.sim.start();
  t.equal(h.sim.url, url, 'same port');
  await connected;
  t.equal(h.disconnects.length, 1, 'one disconnect for the whole outage');
  t.equal(h.connects, 2);
  const card = next(h.reader, 'card');
  await h.sim.present(CARD);
  t.same((await card).fields, CARD.fields);
});

t.test('open() resolves before the service runs; the reader connects when it starts', async (t) => {
  const sim = new SimulatedChipService({ protocol: 'hn212-socketio' });
  const { url } = await sim.start();
  await sim.stop();
  const reader = new Hn212SocketIoTransport({ url, reconnectMinMs: 20, reconnectMaxMs: 80 });
  let disconnects = 0;
  reader.on('disconnect', () => disconnects++);
  t.teardown(async () => {
    await reader.close();
    await sim.stop();
  });
  await reader.open();
  t.ok(reader.isOpen);
  t.notOk(reader.connected);
  const connected = next(reader, 'connected');
  await sim.start();
  await connected;
  t.equal(disconnects, 0, 'never connected before: nothing was lost');
});

t.test('close() emits no disconnect, drops a pending card silently, and the service sees the reader go', async (t) => {
  const h = await harness(t, 100);
  await h.sim.sendRaw({ id: 1, message: 'new card!' });
  await new Promise((r) => setTimeout(r, 50)); // time for id 1 to arrive (nothing shows it did)
  await h.reader.close();
  t.notOk(h.reader.isOpen);
  t.notOk(h.reader.connected);
  await until(() => h.sim.clients === 0, 5000);
  await h.sim.stop();
  await new Promise((r) => setTimeout(r, 200)); // past the card's deadline: its timer was cleared
  t.same(h.disconnects, []);
  t.same(h.failures, []);
  await h.reader.close(); // twice is harmless
});

t.test('bad reconnection delays are refused', async (t) => {
  t.throws(() => new Hn212SocketIoTransport({ url: 'http://127.0.0.1:1', reconnectMinMs: 0 }), TypeError);
  t.throws(() => new Hn212SocketIoTransport({ url: 'http://127.0.0.1:1', reconnectMinMs: 100, reconnectMaxMs: 50 }), TypeError);
  t.throws(() => new Hn212SocketIoTransport({ url: 'http://127.0.0.1:1', cardTimeoutMs: 0 }), TypeError);
});
