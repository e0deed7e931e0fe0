// The district admin's browser session on the hub's /reports page (docs/guides/district-hub.md, "The
// reports page"): the admin token is typed once into the page's login box and posted to
// POST /api/session; the answer sets an HttpOnly, SameSite=Strict cookie (Secure when the hub serves
// TLS) holding a random secret, so no page script ever holds the token. The hub keeps only the
// secret's SHA-256, in memory: a session ends at logout, after HUB_SESSION_HOURS, or when the hub
// restarts (the admin logs in again). Its own cookie name: a site and a hub on the same host (cookies
// ignore the port) must not overwrite each other's.

import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';

export const HUB_SESSION_COOKIE = 'tiepnhan_hub_session';
export const HUB_SESSION_HOURS = 8;
/** Live sessions kept at most; beyond, the oldest ends (a district office has a handful of admins). */
const MAX_SESSIONS = 1000;

const digest = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export class HubSessions {
  /** SHA-256 of the secret -> when the session ends (ms). */
  readonly #live = new Map<string, number>();
  readonly #now: () => number;
  readonly #secure: boolean;

  constructor(opts: { now: () => number; secure: boolean }) {
    this.#now = opts.now;
    this.#secure = opts.secure;
  }

  /** A new session: the Set-Cookie header value that gives it to the browser. */
  open(): string {
    const now = this.#now();
    for (const [hash, until] of this.#live) if (until <= now) this.#live.delete(hash);
    while (this.#live.size >= MAX_SESSIONS) this.#live.delete(this.#live.keys().next().value!);
    const secret = randomBytes(32).toString('base64url');
    const maxAgeS = HUB_SESSION_HOURS * 3600;
    this.#live.set(digest(secret), now + maxAgeS * 1000);
    return this.#cookie(secret, maxAgeS);
  }

  /** Whether a Cookie header holds a live session. */
  check(cookieHeader: string | undefined): boolean {
    const secret = cookieHeader ? parseCookie(cookieHeader)[HUB_SESSION_COOKIE] : undefined;
    if (!secret) return false;
    const hash = digest(secret);
    const until = this.#live.get(hash);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#live.delete(hash);
    return false;
  }

  /** Logs out: the session ends for good; the Set-Cookie header value that clears the cookie. */
  end(cookieHeader: string | undefined): string {
    const secret = cookieHeader ? parseCookie(cookieHeader)[HUB_SESSION_COOKIE] : undefined;
    if (secret) this.#live.delete(digest(secret));
    return this.#cookie('', 0);
  }

  #cookie(value: string, maxAge: number): string {
    return stringifySetCookie({
      name: HUB_SESSION_COOKIE,
      value,
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge,
      ...(this.#secure ? { secure: true } : {}),
    });
  }
}

/** A request a cookie may act for: made by the hub's own page, or by no page at all. Origin, when a
 *  browser sends one, must be the hub's own (scheme, host and port of the request); Sec-Fetch-Site
 *  "cross-site" or "same-site" (another port of the same host) is refused too, for the GETs that
 *  carry no Origin. The same rule as the site's browser boundary (daemon/src/http/browser-boundary.ts),
 *  without its Host list: the cookie is bound to the name the admin typed, so a DNS-rebinding page
 *  under another name never has it. */
export function sameOrigin(headers: IncomingHttpHeaders, tls: boolean): boolean {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  return headers.host !== undefined && origin.toLowerCase() === `${tls ? 'https' : 'http'}://${headers.host.toLowerCase()}`;
}
