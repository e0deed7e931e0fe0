// Who a request comes from, for the limits that count per client: the TCP peer, unless that peer is a
// proxy listed in http.trustProxy, whose X-Forwarded-For is then believed. The header is read from its
// right end (each trusted hop appended the address it received from) to the first address that is not
// a trusted proxy: that is the client. A header from anyone else is ignored, so a PC cannot name itself
// someone else. fastify is given the same function (its `trustProxy` option), so `req.ip` and a
// socket.io handshake (which never passes through fastify's router) name the same client.

import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../vocabulary/config-error.ts';

/** The configuration key (the daemon's http.trustProxy, the hub's trustProxy): addresses and CIDR
 *  ranges, checked in full by `trustProxies` at start. */
export const TRUST_PROXY_SCHEMA = {
  type: 'array',
  default: [],
  items: { type: 'string', pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' },
} as const;

/** Whether an address (the TCP peer, or a hop of X-Forwarded-For) is a proxy to believe. */
export type TrustProxy = (address: string) => boolean;

/** An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d: the same client, one key. */
export function plainAddress(address: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return m ? m[1]! : address;
}

/** The trust function of a list of addresses and CIDR ranges ("10.0.0.5", "10.0.0.0/24", "fd00::/8");
 *  null for none. Throws on an entry that is neither (the configuration's schema refuses most first). */
export function trustProxies(list: readonly string[]): TrustProxy | null {
  if (list.length === 0) return null;
  const trusted = new BlockList();
  for (const entry of list) {
    const [address = '', bits, rest] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
    if (family === 0 || rest !== undefined || !/^\d{1,3}$/.test(String(prefix)) || prefix > (family === 4 ? 32 : 128))
      throw new ConfigError(`invalid configuration: http.trustProxy: "${entry}" is neither an address nor a CIDR range (10.0.0.5, 10.0.0.0/24, fd00::/8)`);
    trusted.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return (address) => {
    const a = plainAddress(address);
    const family = isIP(a);
    return family !== 0 && trusted.check(a, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** The client behind `peer` (the TCP peer's address), as fastify's `req.ip` names it with the same trust. */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: TrustProxy | null): string {
  let client = plainAddress(peer ?? '');
  // Not a string: fastify ignores it too (@fastify/forwarded).
  if (!trust || typeof forwardedFor !== 'string') return client;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  while (hops.length > 0 && trust(client)) client = plainAddress(hops.pop()!);
  return client;
}
