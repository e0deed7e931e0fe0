// What the daemon actually serves, said where people look: the start-up log lists every URL (bound to
// 0.0.0.0 it answers on each of this PC's addresses, not only the 127.0.0.1 fastify reports), and
// /api/health and /tech say whether the LAN gets HTTPS or, on purpose, plain HTTP (http.plainLan).

import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { HttpTransport } from '../api/contract.ts';

const LOOPBACK: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);
const WILDCARD: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const hostPart = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/** Every URL the daemon answers on: the configured host, or with a wildcard host loopback and each
 *  address of this PC (IPv6 ones too when bound to `::`). */
export function servedUrls(host: string, port: number, tls: boolean, interfaces: Interfaces = networkInterfaces()): string[] {
  const scheme = tls ? 'https' : 'http';
  if (!WILDCARD.has(host)) return [`${scheme}://${hostPart(host)}:${port}`];
  const families = host === '::' ? ['IPv4', 'IPv6'] : ['IPv4'];
  const addresses = Object.values(interfaces)
    .flat()
    .filter((i): i is NetworkInterfaceInfo => i !== undefined && !i.internal && families.includes(i.family) && !i.address.startsWith('fe80:'))
    .map((i) => i.address);
  return [...new Set(['127.0.0.1', ...addresses])].map((a) => `${scheme}://${hostPart(a)}:${port}`);
}

/** How the LAN reaches the daemon, for /api/health and /tech. */
export function httpTransport(c: { host: string; tls: boolean; plainLan: boolean; urls: readonly string[] }): HttpTransport {
  const beyond = !LOOPBACK.has(c.host);
  const base = { tls: c.tls, plainLan: beyond && !c.tls, urls: [...c.urls] };
  if (c.tls) return { ...base, ok: true, vi: 'Trang và API được phục vụ qua HTTPS.', en: 'Pages and the API are served over HTTPS.' };
  if (!beyond) return { ...base, ok: true, vi: 'Chỉ phục vụ trên máy này (127.0.0.1).', en: 'Served on this PC only (127.0.0.1).' };
  return {
    ...base,
    ok: false,
    vi: 'HTTP thường trong mạng nội bộ (http.plainLan): mã truy cập, đăng nhập và thông tin người bệnh đi qua mạng không mã hoá. Tạo chứng chỉ: tiepnhan tls init.',
    en: 'Plain HTTP on the LAN (http.plainLan): tokens, logins and patients cross the network unencrypted. Make a certificate: tiepnhan tls init.',
  };
}
