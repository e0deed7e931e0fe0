// The browser boundary: which Host names the daemon answers under, and which web pages may call it.
// A page on another site must get nothing, even on this PC's loopback address:
//   - Host must be a name the daemon serves under (loopback names, the configured host, this
//     machine's own addresses, http.allowedHosts). A DNS-rebinding page reaches 127.0.0.1 under its
//     own name ("evil.example:7300") and is refused here.
//   - Origin, when a browser sends one, must be the daemon's own (same scheme, host and port as the
//     request's Host) or listed in http.allowedOrigins. "null" (sandboxed frames, file://) is foreign.
//   - Sec-Fetch-Site "cross-site" or "same-site" (another port on localhost is the same *site*) is
//     refused too: it covers the GETs for which browsers send no Origin.
// Requests with neither header (curl, the CLI, a HIS on the same machine) pass as before.

import type { IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';

export type BoundaryCode = 'HOST_FORBIDDEN' | 'ORIGIN_FORBIDDEN';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** Host header -> lower-case name without port or IPv6 brackets; null when it cannot be parsed. */
export function hostName(host: string | undefined): string | null {
  if (!host) return null;
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]\s/@]+))(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m) return null;
  return (m[1] ?? m[2] ?? '').toLowerCase().replace(/\.$/, '');
}

export interface BoundaryOptions {
  readonly host: string;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
}

export class BrowserBoundary {
  readonly #hosts: Set<string>;
  readonly #origins: Set<string>;

  constructor(opts: BoundaryOptions) {
    const names = [...LOOPBACK_NAMES, ...opts.allowedHosts.map((h) => hostName(h) ?? h.toLowerCase())];
    if (WILDCARD.has(opts.host)) {
      // Listening on every interface: the PC's own addresses are names it serves under. An IP literal
      // cannot be rebound by DNS, so this admits no foreign site.
      for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.push(a.address.toLowerCase());
    } else names.push(opts.host.toLowerCase());
    this.#hosts = new Set(names);
    this.#origins = new Set(opts.allowedOrigins.map((o) => o.toLowerCase().replace(/\/$/, '')));
  }

  /** null when the request may pass; else the stable code it is refused with. */
  check(headers: IncomingHttpHeaders): BoundaryCode | null {
    const name = hostName(headers.host);
    if (name === null || !this.#hosts.has(name)) return 'HOST_FORBIDDEN';
    const origin = headers.origin;
    if (origin !== undefined && !this.#ownOrigin(origin, headers.host!)) return 'ORIGIN_FORBIDDEN';
    const site = headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') {
      // An allowed foreign origin (a HIS web app listed in http.allowedOrigins) is cross-site by nature.
      if (origin === undefined || !this.#origins.has(origin.toLowerCase())) return 'ORIGIN_FORBIDDEN';
    }
    return null;
  }

  #ownOrigin(origin: string, host: string): boolean {
    const o = origin.toLowerCase();
    if (this.#origins.has(o)) return true;
    return o === `http://${host.toLowerCase()}`;
  }
}

/** A request a browser made on a page's behalf (rather than curl, a script, or the user typing the URL). */
export function fromBrowser(headers: IncomingHttpHeaders): boolean {
  if (headers.origin !== undefined) return true;
  const site = headers['sec-fetch-site'];
  return site !== undefined && site !== 'none';
}
