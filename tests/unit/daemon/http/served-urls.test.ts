// What the start-up log and /api/health say is served: a daemon bound to 0.0.0.0 answers on every
// address of the PC, not only the 127.0.0.1 fastify reports; the scheme follows `tls`; plain HTTP
// beyond this PC (http.plainLan) is a warning in both languages.

import type { NetworkInterfaceInfo } from 'node:os';
import t from 'tap';
import { httpTransport, servedUrls } from '../../../../daemon/src/http/served-urls.ts';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;
const PC = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('10.0.0.5', 'IPv4'), nic('fe80::1', 'IPv6'), nic('2001:db8::5', 'IPv6')],
  wlan0: [nic('192.168.1.20', 'IPv4')],
};

t.test('a wildcard host: loopback and every address of this PC; a named host: that one', async (t) => {
  t.same(servedUrls('0.0.0.0', 7300, true, PC), ['https://127.0.0.1:7300', 'https://10.0.0.5:7300', 'https://192.168.1.20:7300']);
  t.same(
    servedUrls('::', 7300, false, PC),
    ['http://127.0.0.1:7300', 'http://10.0.0.5:7300', 'http://[2001:db8::5]:7300', 'http://192.168.1.20:7300'],
    'bound to :: (both families): the IPv6 addresses too, link-local left out',
  );
  t.same(servedUrls('10.0.0.5', 7443, true, PC), ['https://10.0.0.5:7443']);
  t.same(servedUrls('127.0.0.1', 7300, false, PC), ['http://127.0.0.1:7300']);
});

t.test('how the LAN reaches the daemon: HTTPS, this PC only, or plain HTTP on purpose (a warning)', async (t) => {
  t.match(httpTransport({ host: '0.0.0.0', tls: true, plainLan: false, urls: [] }), { ok: true, tls: true, plainLan: false, en: /over HTTPS/ });
  t.match(httpTransport({ host: '127.0.0.1', tls: false, plainLan: false, urls: [] }), { ok: true, plainLan: false, en: /this PC only/ });
  t.match(httpTransport({ host: '0.0.0.0', tls: false, plainLan: true, urls: ['http://10.0.0.5:7300'] }), {
    ok: false,
    plainLan: true,
    urls: ['http://10.0.0.5:7300'],
    vi: /HTTP thường.*không mã hoá.*tiepnhan tls init/,
    en: /Plain HTTP.*unencrypted.*tiepnhan tls init/,
  });
});
