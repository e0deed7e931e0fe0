// The client of a request: the TCP peer, or whom a trusted proxy forwards for; X-Forwarded-For from
// anyone else is ignored. The same answer as fastify's req.ip given the same trust function.

import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import t from 'tap';
import { clientAddress, plainAddress, trustProxies } from '../../../../daemon/src/http-kit/client-address.ts';
import { ConfigError } from '../../../../daemon/src/vocabulary/config-error.ts';

t.test('trusted proxies: addresses and CIDR ranges, IPv4 clients of a dual-stack socket included', async (t) => {
  t.equal(trustProxies([]), null, 'none by default');
  const trust = trustProxies(['10.0.0.5', '192.168.1.0/24', 'fd00::/8'])!;
  t.ok(trust('10.0.0.5'));
  t.ok(trust('::ffff:10.0.0.5'), 'an IPv4-mapped address is the same address');
  t.notOk(trust('10.0.0.6'));
  t.ok(trust('192.168.1.200'));
  t.notOk(trust('192.168.2.1'));
  t.ok(trust('fd12::1'));
  t.notOk(trust('fe80::1'));
  t.notOk(trust('unknown'), 'a hop that is no address is never trusted');
  for (const bad of ['10.0.0.300', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/8', 'proxy.bv.local'])
    t.throws(() => trustProxies([bad]), ConfigError, `"${bad}" is refused at start`);
  t.equal(plainAddress('::ffff:127.0.0.2'), '127.0.0.2');
  t.equal(plainAddress('::1'), '::1');
});

t.test('X-Forwarded-For is read from its right end, up to the first hop that is not a trusted proxy', async (t) => {
  const trust = trustProxies(['10.0.0.5', '10.0.0.6']);
  t.equal(clientAddress('10.0.0.9', '1.2.3.4', trust), '10.0.0.9', 'a PC that is no proxy cannot name itself someone else');
  t.equal(clientAddress('10.0.0.9', '1.2.3.4', null), '10.0.0.9', 'nor without trusted proxies');
  t.equal(clientAddress('10.0.0.5', '192.168.1.20', trust), '192.168.1.20', 'the PC a trusted proxy forwards for');
  t.equal(clientAddress('::ffff:10.0.0.5', ' 192.168.1.20 ', trust), '192.168.1.20');
  t.equal(clientAddress('10.0.0.5', '6.6.6.6, 192.168.1.20', trust), '192.168.1.20', 'what the PC wrote itself (left) is not believed');
  t.equal(clientAddress('10.0.0.5', '192.168.1.20, 10.0.0.6', trust), '192.168.1.20', 'through two trusted proxies');
  t.equal(clientAddress('10.0.0.5', undefined, trust), '10.0.0.5', 'no header: the proxy itself');
  t.equal(clientAddress('10.0.0.5', '10.0.0.6', trust), '10.0.0.6', 'all trusted: the last one named');
});

t.test('fastify given the same function names the same client (req.ip)', async (t) => {
  const trust = trustProxies(['127.0.0.1'])!;
  const app = Fastify({ trustProxy: (a: string) => trust(a) });
  app.get('/', async (req) => ({ ip: req.ip, ours: clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trust) }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  for (const xff of ['10.1.1.1', '9.9.9.9, 10.1.1.2', '127.0.0.1, 10.1.1.3', ' 10.1.1.4 ,127.0.0.1']) {
    const r = (await (await fetch(url, { headers: { 'x-forwarded-for': xff } })).json()) as { ip: string; ours: string };
    t.equal(r.ours, r.ip, `"${xff}" -> ${r.ip}`);
  }
});
