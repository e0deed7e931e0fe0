// At most perClient open connections from one address, counted on the TCP peer: the rest are closed at
// once, other addresses are untouched, a closed connection frees its slot, exempt addresses are not
// counted. Real sockets on loopback (127.0.0.2 is a second address of this PC on Linux).

import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import t from 'tap';
import { capConnectionsPerClient } from '../../../../daemon/src/http-kit/connection-cap.ts';

/** Connects from `from`; resolves whether the server kept the connection (it writes "hi" to those it keeps). */
function open(port: number, from: string, sockets: Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port, localAddress: from });
    sockets.push(s);
    s.once('data', () => resolve(true));
    s.once('close', () => resolve(false));
    s.once('error', () => undefined);
  });
}

t.test('one address holds at most perClient connections; others are unaffected', async (t) => {
  const refused: Array<[string, boolean]> = [];
  const server = createServer();
  const cap = capConnectionsPerClient(server, { perClient: 3, exempt: (a) => a === '127.0.0.3', onRefused: (a, first) => refused.push([a, first]) });
  server.on('connection', (s) => {
    if (!s.destroyed) s.write('hi');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sockets: Socket[] = [];
  t.teardown(() => {
    sockets.forEach((s) => s.destroy());
    return new Promise<void>((r) => server.close(() => r()));
  });
  const port = (server.address() as AddressInfo).port;
  const kept = await Promise.all(Array.from({ length: 10 }, () => open(port, '127.0.0.2', sockets)));
  t.equal(kept.filter(Boolean).length, 3, 'three of ten kept');
  t.equal(cap.open('127.0.0.2'), 3);
  t.same(refused[0], ['127.0.0.2', true], 'the first refusal is flagged (logged once)');
  t.equal(refused.filter(([, first]) => first).length, 1, 'the rest are not');
  t.ok(await open(port, '127.0.0.1', sockets), 'another address connects');
  t.ok((await Promise.all(Array.from({ length: 10 }, () => open(port, '127.0.0.3', sockets)))).every(Boolean), 'an exempt address is not capped');
  const first = sockets.find((s) => s.localAddress === '127.0.0.2' && !s.destroyed)!;
  first.destroy();
  await new Promise((r) => setTimeout(r, 50));
  t.equal(cap.open('127.0.0.2'), 2, 'a closed connection frees its slot');
  t.ok(await open(port, '127.0.0.2', sockets), 'and the address may open one again');
});
