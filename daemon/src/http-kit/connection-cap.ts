// At most `perClient` open connections (HTTP, keep-alive and socket.io alike) from one address, beside
// the server's global cap: one PC opening hundreds of idle connections is refused past its own share
// and can no longer hold the slots every other desk needs (docs/reference/security.md, "Limits per
// client"). Counted on the TCP peer, before any byte is read: behind a reverse proxy that peer is the
// proxy, so trusted proxies are exempt (`exempt`) and the proxy limits its own clients.

import type { Server } from 'node:net';
import { plainAddress } from './client-address.ts';

export interface ConnectionCapOptions {
  readonly perClient: number;
  /** Addresses never capped here (trusted proxies: every client behind one shares its address). */
  readonly exempt: (address: string) => boolean;
  /** A connection over the cap was closed; `first`: the first since the address went over it. */
  readonly onRefused: (address: string, first: boolean) => void;
}

/** Counts open connections per TCP peer on `server` and closes those over the cap at once. */
export function capConnectionsPerClient(server: Server, opts: ConnectionCapOptions): { readonly open: (address: string) => number } {
  const open = new Map<string, number>();
  const refused = new Set<string>();
  server.on('connection', (socket) => {
    if (socket.remoteAddress === undefined) return; // already gone
    const peer = plainAddress(socket.remoteAddress);
    if (opts.exempt(peer)) return;
    const n = open.get(peer) ?? 0;
    if (n >= opts.perClient) {
      socket.destroy();
      opts.onRefused(peer, !refused.has(peer));
      refused.add(peer);
      return;
    }
    open.set(peer, n + 1);
    socket.once('close', () => {
      const left = (open.get(peer) ?? 1) - 1;
      if (left > 0) open.set(peer, left);
      else open.delete(peer);
      refused.delete(peer);
    });
  });
  return { open: (address) => open.get(plainAddress(address)) ?? 0 };
}
