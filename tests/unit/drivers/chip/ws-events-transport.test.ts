// The ws-events transport's own events against the simulated vendor service on loopback: the six
// fields and the portrait it carries, bad JSON, a card taken off mid-read, and its own reconnection
// backoff. What every chip transport must do (failures, lost connections, close(), option checks) is
// in chip-transport.test.ts. Every wait is for an event (with a generous cap so a broken build fails
// instead of hanging); nothing asserts a duration.
import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { WsEventsTransport } from '../../../../drivers/src/chip/ws-events-transport.ts';
import { SimulatedChipService } from '../../../../simulators/src/chip/chip-reader-service.ts';
import { firstCard, nextEvent, QUICK_RECONNECT, readerRig, SERVICE_CARD as CARD } from '../../../helpers/chip.ts';

t.test('a card arrives whole, with its bytes', async (t) => {
  const { rig: h, card: got } = await firstCard(t, 'ws-events', WsEventsTransport);
  // The protocol carries six fields and the portrait only (research note §1 B).
  const { oldIdCode: _notCarried, ...carried } = CARD.fields;
  t.same(got.fields, carried);
  t.same(Object.keys(got.raw ?? {}), ['image']);
  t.ok(got.raw?.image?.equals(CARD.raw!.image!), 'ChipFace byte for byte');
  t.type(got.at, 'number');
  t.same(h.failures, []);
});

t.test('bad JSON is a malformed failure, never a throw; the connection stays', async (t) => {
  const h = await readerRig(t, 'ws-events', WsEventsTransport);
  let failure = nextEvent(h.reader, 'failure');
  await h.sim.sendRaw('{"EventName": "READ"');
  t.equal((await failure).kind, 'malformed');
  failure = nextEvent(h.reader, 'failure');
  await h.sim.sendRaw({ EventName: 'CARD_RESULT', PersonalInfo: 'Nguyễn Văn An' });
  t.equal((await failure).kind, 'malformed', 'PersonalInfo not an object');
  t.ok(h.reader.connected);
  t.same(h.disconnects, []);
});

t.test('the card taken off the reader (NewState EMPTY) mid-card is incomplete', async (t) => {
  const h = await readerRig(t, 'ws-events', WsEventsTransport);
  const failure = nextEvent(h.reader, 'failure');
  await h.sim.sendRaw({ EventName: 'READ' });
  await h.sim.sendRaw({ NewState: 'EMPTY' });
  t.equal((await failure).kind, 'incomplete');
});

t.test('reconnection waits double from reconnectMinMs up to reconnectMaxMs', async (t) => {
  const sim = new SimulatedChipService({ protocol: 'ws-events' });
  const { url } = await sim.start();
  await sim.stop(); // a port nobody listens on: every attempt is refused at once
  // Only the transport's own waits are faked; the refused connections are real I/O.
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const reader = new WsEventsTransport({ url, ...QUICK_RECONNECT });
  t.teardown(() => reader.close());
  await reader.open();
  const waits: number[] = [];
  for (let i = 0; i < 5; i++) {
    while (clock.countTimers() === 0) await new Promise((r) => setImmediate(r));
    const before = clock.now;
    clock.next();
    waits.push(clock.now - before);
  }
  t.same(waits, [20, 40, 80, 80, 80]);
});
