// A chip reader service's address may carry a user and password (user:secret@host): neither reaches
// a message the transports emit (the daemon logs and shows them) nor the device list (shownUrl).

import t from 'tap';
import { shownUrl, type ChipProtocol, type ChipReaderTransport, type ChipTransportEvents } from '../../../../drivers/src/chip/chip-transport.ts';
import { Hn212SocketIoTransport } from '../../../../drivers/src/chip/hn212-socketio-transport.ts';
import { WsEventsTransport } from '../../../../drivers/src/chip/ws-events-transport.ts';
import type { TransportError } from '../../../../drivers/src/errors.ts';
import { SimulatedChipService } from '../../../../simulators/src/chip/chip-reader-service.ts';

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

/** The next `event` of the reader, or a rejection after 10 s (a cap, not an assertion). */
function next<E extends 'connected' | 'disconnect'>(reader: ChipReaderTransport, event: E): Promise<Parameters<ChipTransportEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 10 s`)), 10_000);
    const listener = ((value: Parameters<ChipTransportEvents[E]>[0]) => {
      clearTimeout(timer);
      reader.off(event, listener);
      resolve(value);
    }) as ChipTransportEvents[E];
    reader.on(event, listener);
  });
}

const transports: Record<ChipProtocol, (url: string) => ChipReaderTransport> = {
  'hn212-socketio': (url) => new Hn212SocketIoTransport({ url, reconnectMinMs: 20, reconnectMaxMs: 80 }),
  'ws-events': (url) => new WsEventsTransport({ url, reconnectMinMs: 20, reconnectMaxMs: 80 }),
};

for (const protocol of Object.keys(transports) as ChipProtocol[]) {
  t.test(`${protocol}: the disconnect’s message names the service without its password`, async (t) => {
    const sim = new SimulatedChipService({ protocol });
    const { url } = await sim.start();
    const withPassword = new URL(url);
    withPassword.username = 'user';
    withPassword.password = 'secret';
    const reader = transports[protocol](withPassword.toString());
    t.teardown(async () => {
      await reader.close();
      await sim.stop();
    });
    const connected = next(reader, 'connected');
    await reader.open();
    await connected;
    const disconnect = next(reader, 'disconnect');
    await sim.stop();
    const error: TransportError = await disconnect;
    t.equal(error.code, 'SCANNER_DISCONNECTED');
    t.ok(error.message.includes(new URL(url).host), `the service is named: ${error.message}`);
    t.notOk(error.message.includes('secret'), 'never its password');
    t.notOk(error.message.includes('user:'), 'nor its user');
  });
}
