// Page sessions: the daemon's own pages hold an HttpOnly, SameSite=Strict cookie, which a browser
// never attaches to a request made by another site and which no script can read. It carries who the
// session acts for (a token's id, or "local" on a PC without tokens) and when it was issued, signed
// with a per-install key from the data folder (HMAC-SHA256, @fastify/cookie's signer; the header is
// parsed by `cookie`, the parser @fastify/cookie itself uses, since socket.io handshakes need it too), so it
// survives restarts and is dropped at once when its token leaves the configuration. It also carries a
// fingerprint of the token's secret (a keyed hash, never the secret): rotating a leaked token's secret
// ends every session opened with it, although the token keeps its id.

import { sign, unsign } from '@fastify/cookie';
import { parseCookie } from 'cookie';
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'tiepnhan_session';

export interface SessionSubject {
  readonly id: string;
}

export class Sessions<C extends SessionSubject> {
  constructor(
    private readonly deps: {
      readonly key: Buffer;
      /** The caller a session id stands for now; undefined once its token is gone. */
      readonly lookup: (id: string) => C | undefined;
      /** null: sessions never expire (the local session of a PC without tokens). */
      readonly maxAgeMs: (caller: C) => number | null;
      readonly now: () => number;
      /** What the caller's credential is now (a keyed hash of its token's secret): a session made
       *  with another one is no longer valid. */
      readonly fingerprint?: (caller: C) => string;
      /** Whether a cookie value was logged out (http/session-revocations.ts). */
      readonly revoked?: (value: string) => boolean;
    },
  ) {}

  /** The cookie value for a new session of `caller`. */
  issue(caller: C): string {
    const fp = this.deps.fingerprint ? `.${this.deps.fingerprint(caller)}` : '';
    // A random part makes every session its own, so that logging one out never ends another opened
    // in the same millisecond with the same token.
    return sign(`${encodeURIComponent(caller.id)}.${this.deps.now()}-${randomBytes(6).toString('hex')}${fp}`, this.deps.key);
  }

  /** The caller of a Cookie header, if it holds a valid, unexpired session. */
  fromCookieHeader(header: string | undefined): C | undefined {
    const value = this.valueOf(header);
    return value ? this.fromValue(value) : undefined;
  }

  fromValue(value: string): C | undefined {
    return this.session(value)?.caller;
  }

  /** The session cookie's value in a Cookie header, valid or not. */
  valueOf(header: string | undefined): string | undefined {
    return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
  }

  /** The cookie value of a Cookie header, with its caller and when it expires (null: never), if valid. */
  fromHeaderWithExpiry(header: string | undefined): { value: string; caller: C; expiresAt: number | null } | undefined {
    const value = this.valueOf(header);
    const s = value ? this.session(value) : undefined;
    return s && value ? { value, ...s } : undefined;
  }

  private session(value: string): { caller: C; expiresAt: number | null } | undefined {
    if (this.deps.revoked?.(value)) return undefined;
    const r = unsign(value, this.deps.key);
    if (!r.valid || r.value === null) return undefined;
    const m = /^([^.]+)\.(\d+)(?:-[0-9a-f]+)?(?:\.([0-9a-f]+))?$/.exec(r.value);
    if (!m) return undefined;
    const caller = this.deps.lookup(decodeURIComponent(m[1]!));
    if (!caller) return undefined;
    if (this.deps.fingerprint && m[3] !== this.deps.fingerprint(caller)) return undefined;
    const maxAge = this.deps.maxAgeMs(caller);
    const issued = Number(m[2]);
    const age = this.deps.now() - issued;
    if (maxAge !== null && !(age >= 0 && age <= maxAge)) return undefined;
    return { caller, expiresAt: maxAge === null ? null : issued + maxAge };
  }
}
