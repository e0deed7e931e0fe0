import t from 'tap';
import { CHIP_PROTOCOLS, type ChipProtocol } from '../../../../drivers/src/chip/chip-transport.ts';
import { openChipTransport } from '../../../../drivers/src/chip/chip-transports.ts';
import { Hn212SocketIoTransport } from '../../../../drivers/src/chip/hn212-socketio-transport.ts';
import { WsEventsTransport } from '../../../../drivers/src/chip/ws-events-transport.ts';

t.test('each protocol gets its transport, not opened yet', async (t) => {
  const hn212 = openChipTransport({ protocol: 'hn212-socketio', url: 'http://127.0.0.1:8000' });
  t.type(hn212, Hn212SocketIoTransport);
  t.equal(hn212.protocol, 'hn212-socketio');
  t.equal(hn212.url, 'http://127.0.0.1:8000');
  t.notOk(hn212.isOpen);
  t.notOk(hn212.connected);
  const ws = openChipTransport({ protocol: 'ws-events', url: 'ws://127.0.0.1:8000', cardTimeoutMs: 3000, reconnectMinMs: 100, reconnectMaxMs: 1000 });
  t.type(ws, WsEventsTransport);
  t.equal(ws.protocol, 'ws-events');
  t.notOk(ws.isOpen);
});

t.test('every declared protocol is served', async (t) => {
  for (const protocol of CHIP_PROTOCOLS) t.equal(openChipTransport({ protocol, url: 'http://127.0.0.1:8000' }).protocol, protocol);
});

t.test('an unknown protocol (from a configuration file) is refused by name', async (t) => {
  t.throws(() => openChipTransport({ protocol: 'pcsc' as ChipProtocol, url: 'http://127.0.0.1:8000' }), {
    name: 'TypeError',
    message: /"pcsc".*hn212-socketio, ws-events/,
  });
});

t.test('options are checked when the transport is made', async (t) => {
  t.throws(() => openChipTransport({ protocol: 'ws-events', url: 'ws://127.0.0.1:8000', reconnectMinMs: 500, reconnectMaxMs: 100 }), TypeError);
});
