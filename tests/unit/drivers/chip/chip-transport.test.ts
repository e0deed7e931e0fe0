// The contract of chip-transport.ts, for each transport against the simulated vendor service on
// loopback: failures and unfinished cards, one disconnect per loss, waiting for a service not running
// yet, a silent close(), option checks, and a service's address never shown with its password. Each
// protocol's own events are in hn212-socketio-transport.test.ts and ws-events-transport.test.ts.
// Every wait is for an event (with a generous cap so a broken build fails instead of hanging);
// nothing asserts a duration.

import t from 'tap';
import { shownUrl, type ChipProtocol } from '../../../../drivers/src/chip/chip-transport.ts';
import { Hn212SocketIoTransport } from '../../../../drivers/src/chip/hn212-socketio-transport.ts';
import { WsEventsTransport } from '../../../../drivers/src/chip/ws-events-transport.ts';
import type { TransportError } from '../../../../drivers/src/errors.ts';
import { SimulatedChipService } from '../../../../simulators/src/chip/chip-reader-service.ts';
import { nextEvent, openConnected, QUICK_RECONNECT, readerRig, SERVICE_CARD, type ChipTransportClass } from '../../../helpers/chip.ts';
import { until } from '../../../helpers/wait.ts';

t.test('shownUrl: the address without its user and password', async (t) => {
  t.equal(shownUrl('http://user:secret@127.0.0.1:8000'), 'http://127.0.0.1:8000');
  t.equal(shownUrl('ws://user:secret@reader.local:9000/events'), 'ws://reader.local:9000/events');
  t.equal(shownUrl('http://secret@127.0.0.1:8000/'), 'http://127.0.0.1:8000', 'a user alone');
  t.equal(shownUrl('http://127.0.0.1:8000'), 'http://127.0.0.1:8000', 'nothing to strip');
  // An address URL() cannot parse (a bad port) keeps everything but its credentials.
  const bad = shownUrl('http://user:secret@reader.local:99999999/x');
  t.notOk(bad.includes('secret'), `unparsable: ${bad}`);
  t.notOk(bad.includes('user'), 'nor its user');
  t.ok(bad.includes('reader.local'), 'the host is still shown');
  const spaced = shownUrl('ws://us er:se cret@[bad host/x');
  t.notOk(spaced.includes('cret'), `unparsable: ${spaced}`);
});

interface Subject {
  readonly Transport: ChipTransportClass;
  /** The address of a service nobody runs, in the protocol's scheme. */
  readonly nowhere: string;
  /** The protocol's message that starts a card. */
  readonly cardStart: unknown;
  /** SERVICE_CARD's fields as the protocol carries them. */
  readonly carried: Readonly<Record<string, string>>;
  /** How the protocol says a card failed, and a card whose end never came. */
  readonly failed: string;
  readonly unfinished: string;
}

// ws-events carries six fields and the portrait only (research note §1 B).
const { oldIdCode: _notCarried, ...wsCarried } = SERVICE_CARD.fields;

const SUBJECTS: Record<ChipProtocol, Subject> = {
  'hn212-socketio': {
    Transport: Hn212SocketIoTransport,
    nowhere: 'http://127.0.0.1:1',
    cardStart: { id: 1, message: 'new card!' },
    carried: SERVICE_CARD.fields,
    failed: 'id 3',
    unfinished: 'a missing id 4',
  },
  'ws-events': {
    Transport: WsEventsTransport,
    nowhere: 'ws://127.0.0.1:1',
    cardStart: { EventName: 'READ' },
    carried: wsCarried,
    failed: 'Status FAILURE',
    unfinished: 'a READ without its CARD_RESULT',
  },
};

for (const [protocol, s] of Object.entries(SUBJECTS) as Array<[ChipProtocol, Subject]>) {
  t.test(`${protocol}: the disconnect’s message names the service without its password`, async (t) => {
    const sim = new SimulatedChipService({ protocol });
    const { url } = await sim.start();
    const withPassword = new URL(url);
    withPassword.username = 'user';
    withPassword.password = 'secret';
    const reader = new s.Transport({ url: withPassword.toString(), ...QUICK_RECONNECT });
    t.teardown(async () => {
      await reader.close();
      await sim.stop();
    });
    await openConnected(reader);
    const disconnect = nextEvent(reader, 'disconnect');
    await sim.stop();
    const error: TransportError = await disconnect;
    t.equal(error.code, 'SCANNER_DISCONNECTED');
    t.ok(error.message.includes(new URL(url).host), `the service is named: ${error.message}`);
    t.notOk(error.message.includes('secret'), 'never its password');
    t.notOk(error.message.includes('user:'), 'nor its user');
  });

  t.test(`${protocol}: ${s.failed} is a cardFailed failure, and the vendor message is not carried`, async (t) => {
    const h = await readerRig(t, protocol, s.Transport);
    const failure = nextEvent(h.reader, 'failure');
    await h.sim.present(SERVICE_CARD, { fault: 'failure' });
    const got = await failure;
    t.equal(got.kind, 'cardFailed');
    t.same(Object.keys(got).sort(), ['at', 'kind']);
    t.same(h.cards, []);
  });

  t.test(`${protocol}: ${s.unfinished} is incomplete once cardTimeoutMs has passed`, async (t) => {
    const h = await readerRig(t, protocol, s.Transport, 150);
    const failure = nextEvent(h.reader, 'failure');
    await h.sim.present(SERVICE_CARD, { fault: 'missingRaw' });
    t.equal((await failure).kind, 'incomplete');
    t.same(h.cards, []);
    const card = nextEvent(h.reader, 'card');
    await h.sim.present(SERVICE_CARD);
    t.same((await card).fields, s.carried, 'the next card is read normally');
    t.equal(h.failures.length, 1);
  });

  defineConnectionTests(protocol, s);
}

/** Losing the service and getting it back, and the reader's own end. */
function defineConnectionTests(protocol: ChipProtocol, s: Subject): void {
  t.test(`${protocol}: the service drops the connection mid-card: incomplete, one disconnect, and the reader comes back`, async (t) => {
    const h = await readerRig(t, protocol, s.Transport);
    const failure = nextEvent(h.reader, 'failure');
    const disconnect = nextEvent(h.reader, 'disconnect');
    const reconnected = nextEvent(h.reader, 'connected');
    await h.sim.present(SERVICE_CARD, { fault: 'dropMidCard' });
    t.equal((await failure).kind, 'incomplete');
    t.equal((await disconnect).code, 'SCANNER_DISCONNECTED');
    await reconnected; // HN212: a disconnection the server asked for, which Socket.IO leaves to the transport to retry
    t.ok(h.reader.connected);
    t.equal(h.disconnects.length, 1);
    const card = nextEvent(h.reader, 'card');
    await h.sim.present(SERVICE_CARD);
    t.same((await card).fields, s.carried);
  });

  t.test(`${protocol}: the service stops: one disconnect; started again on the same port: connected again`, async (t) => {
    const h = await readerRig(t, protocol, s.Transport);
    const url = h.sim.url;
    const disconnect = nextEvent(h.reader, 'disconnect');
    await h.sim.stop();
    const error = await disconnect;
    t.equal(error.code, 'SCANNER_DISCONNECTED');
    t.notOk(h.reader.connected);
    t.ok(h.reader.isOpen, 'still open: waiting for the service');
    // Let a few reconnection attempts fail (20-80 ms apart): none of them is a new loss.
    await new Promise((r) => setTimeout(r, 300));
    const connected = nextEvent(h.reader, 'connected');
    await h.sim.start();
    t.equal(h.sim.url, url, 'same port');
    await connected;
    t.equal(h.disconnects.length, 1, 'one disconnect for the whole outage');
    t.equal(h.connects, 2);
    const card = nextEvent(h.reader, 'card');
    await h.sim.present(SERVICE_CARD);
    t.same((await card).fields, s.carried);
  });

  t.test(`${protocol}: open() resolves before the service runs; the reader connects when it starts`, async (t) => {
    const sim = new SimulatedChipService({ protocol });
    const { url } = await sim.start();
    await sim.stop();
    const reader = new s.Transport({ url, ...QUICK_RECONNECT });
    let disconnects = 0;
    reader.on('disconnect', () => disconnects++);
    t.teardown(async () => {
      await reader.close();
      await sim.stop();
    });
    await reader.open();
    t.ok(reader.isOpen);
    t.notOk(reader.connected);
    const connected = nextEvent(reader, 'connected');
    await sim.start();
    await connected;
    t.equal(disconnects, 0, 'never connected before: nothing was lost');
  });

  t.test(`${protocol}: close() emits no disconnect, drops a pending card silently, and the service sees the reader go`, async (t) => {
    const h = await readerRig(t, protocol, s.Transport, 100);
    await h.sim.sendRaw(s.cardStart);
    await new Promise((r) => setTimeout(r, 50)); // time for the card's start to arrive (nothing shows it did)
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

  t.test(`${protocol}: bad reconnection delays are refused`, async (t) => {
    t.throws(() => new s.Transport({ url: s.nowhere, reconnectMinMs: 0 }), TypeError);
    t.throws(() => new s.Transport({ url: s.nowhere, reconnectMinMs: 100, reconnectMaxMs: 50 }), TypeError);
    t.throws(() => new s.Transport({ url: s.nowhere, cardTimeoutMs: 0 }), TypeError);
  });
}
