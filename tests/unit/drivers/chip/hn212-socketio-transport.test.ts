// The HN212 transport's own events against the simulated vendor service on loopback: a card's text
// fields and raw files, and the payloads the protocol does not allow. What every chip transport must
// do (failures, lost connections, close(), option checks) is in chip-transport.test.ts. Every wait is
// for an event (with a generous cap so a broken build fails instead of hanging); nothing asserts a duration.
import t from 'tap';
import { Hn212SocketIoTransport } from '../../../../drivers/src/chip/hn212-socketio-transport.ts';
import { firstCard, nextEvent, readerRig, SERVICE_CARD as CARD } from '../../../helpers/chip.ts';

t.test('a card arrives whole, with its bytes', async (t) => {
  const { rig: h, card: got } = await firstCard(t, 'hn212-socketio', Hn212SocketIoTransport);
  t.same(got.fields, CARD.fields);
  for (const key of ['dg13', 'sod', 'dg2', 'image'] as const) t.ok(got.raw?.[key]?.equals(CARD.raw![key]!), `${key} byte for byte`);
  t.notOk(got.raw && 'dg14' in got.raw, 'a file not sent stays absent');
  t.type(got.at, 'number');
  t.same(h.failures, []);
});

t.test('payloads the protocol does not allow are malformed; a JSON string payload is read as JSON', async (t) => {
  const h = await readerRig(t, 'hn212-socketio', Hn212SocketIoTransport);
  let failure = nextEvent(h.reader, 'failure');
  await h.sim.sendRaw({ id: 4, data: { dg13: 'AAAA' } });
  t.equal((await failure).kind, 'malformed', 'id 4 with no card');
  failure = nextEvent(h.reader, 'failure');
  await h.sim.sendRaw('{"id":3,"message":"x"}');
  t.equal((await failure).kind, 'cardFailed');
  failure = nextEvent(h.reader, 'failure');
  await h.sim.sendRaw('not json');
  t.equal((await failure).kind, 'malformed');
});
