// Page session cookies: the daemon's own pages hold an HttpOnly, SameSite=Strict cookie, which a
// browser never attaches to a request made by another site and which no script can read. It holds a
// random secret (32 bytes) and nothing else: who the session acts for, since when and until when are
// kept in the database (session-store.ts), which keeps only the secret's SHA-256. The header is
// parsed by `cookie`, the parser @fastify/cookie itself uses, since socket.io handshakes need it too.

import type { CookieSerializeOptions } from '@fastify/cookie';
import { parseCookie } from 'cookie';
import { createHash } from 'node:crypto';

export const SESSION_COOKIE = 'tiepnhan_session';

/** The session cookie's value in a Cookie header, valid or not. */
export function sessionSecretOf(header: string | undefined): string | undefined {
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

/** What the database keeps of a session's secret. */
export function sessionHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The one place the session cookie's attributes are set, when it is given and when it is cleared:
 *  HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure when the daemon
 *  serves HTTPS (the browser never sends it over plain HTTP). maxAgeS null: a browser session cookie
 *  (the local session of a PC without tokens). */
export function sessionCookie(maxAgeS: number | null, secure = false): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', ...(secure ? { secure: true } : {}), ...(maxAgeS === null ? {} : { maxAge: maxAgeS }) };
}
