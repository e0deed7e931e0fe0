// Who may call what: the one place that maps routes to roles, and where a request's caller is found.
//   1. An API token (Authorization: Bearer, or socket.io's handshake auth): scripts, the HIS, tests.
//   2. A page session cookie (HttpOnly, SameSite=Strict; see sessions.ts), kept in the database
//      (session-store.ts): the daemon's own pages.
//      Without tokens configured, every page the daemon serves gets the local session; with tokens,
//      a page gets one by logging in with its token (POST /api/session), never from the URL.
//   3. Without tokens configured (loopback only: config refuses anything else), a request that no
//      browser made for a page (curl, the CLI, a HIS on this PC) is the local admin, as before.
// A browser request without a session gets nothing, so even if the Origin check (browser-boundary.ts)
// had a hole, a foreign page would hold no credential. Roles: reception (patients of its desk),
// technician (devices and raw-read structure, never a patient), admin (everything).

import fastifyCookie from '@fastify/cookie';
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'socket.io';
import { bearer, TokenTable } from '../util/tokens.ts';
import { fromBrowser } from './browser-boundary.ts';
import { SESSION_COOKIE, sessionCookie, sessionHash, sessionSecretOf } from './sessions.ts';
import { SessionStore, type EndReason, type LiveSession, type SessionListing, type SessionOwner } from './session-store.ts';
import type { Logger } from '../log.ts';
import { apiError } from '../api/errors.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller, Role } from '../http-kit/caller.ts';
import { AuthThrottle } from '../http-kit/auth-throttle.ts';
import { plainAddress } from '../http-kit/client-address.ts';

export interface TokenConfig {
  readonly id: string;
  readonly token: string;
  readonly role: Role;
  readonly desk: string | null;
}

const R: Role[] = ['reception', 'technician', 'admin'];
const T: Role[] = ['technician', 'admin'];
const A: Role[] = ['admin'];
const RA: Role[] = ['reception', 'admin'];

/** method + route pattern -> roles allowed. Anything under /api/ not listed is admin only. */
const ROUTES: Record<string, Role[] | 'public'> = {
  'GET /api/health': 'public',
  'GET /api/session': 'public',
  'POST /api/session': 'public',
  'DELETE /api/session': 'public',
  // The page sessions kept (who is logged in where), and ending one: admins only.
  'GET /api/sessions': A,
  'DELETE /api/sessions/:id': A,
  'GET /api/devices': R,
  // A chip read's portrait and the patient's consent: the desk that read the card (and admins), never a technician.
  'GET /api/chip/:eventId/portrait': RA,
  'POST /api/chip/:eventId/consent': RA,
  'GET /api/eligibility/:eventId': RA,
  'GET /api/eligibility/:eventId/fhir': RA,
  'GET /api/eligibility/:eventId/history': RA,
  'GET /api/eligibility/unanswered': T,
  'POST /api/eligibility/resume': T,
  'POST /api/search': RA,
  'POST /api/search/check': RA,
  'POST /api/camera': RA,
  'GET /api/devices/:id/reads': T,
  'PUT /api/devices/:id/test-mode': T,
  'PUT /api/devices/:id/status': T,
  'PUT /api/devices/:id/desk': T,
  'POST /api/storage/lost-reads/acknowledge': T,
  'GET /api/inventory': T,
  'PUT /api/stations/:id/equipment': T,
  'GET /api/counters': T,
  'GET /api/counters/daily': T,
  'GET /api/reports/phu-luc-03': A,
  'GET /api/reports/phu-luc-02': A,
  'GET /api/reports/phu-luc-03/submissions': A,
  'POST /api/reports/phu-luc-03/submissions': A,
  'GET /api/reports/phu-luc-03/submissions/:id': A,
  'GET /api/reports/phu-luc-03/submissions/:id/diff': A,
  'GET /api/checkins/rejected': T,
  'POST /api/checkins/:registrationId/resend': T,
  'GET /api/departments': RA,
  'GET /api/kiosk': RA,
  'POST /api/registrations': RA,
  // The day's visit list, with every patient of the day: admins only.
  'GET /api/registrations': A,
  'GET /api/registrations/:id': RA,
  'POST /api/registrations/:id/priority': RA,
  'GET /api/registrations/:id/fhir': RA,
  'GET /api/patients/:id': A,
  'GET /api/patients/:id/fhir': A,
  'GET /api/queue/:department': RA,
  'POST /api/queue/:department/call': RA,
  'POST /api/queue/:department/:ticket/serve': RA,
  'POST /api/queue/:department/:ticket/done': RA,
  'POST /api/queue/:department/:ticket/skip': RA,
  'GET /api/reports/waiting-times': A,
  'GET /api/duplicates': A,
  'POST /api/duplicates/:a/:b/reveal': A,
  'POST /api/duplicates/:a/:b/dismiss': A,
  'POST /api/duplicates/:a/:b/merge': A,
  'POST /api/merges/:id/undo': A,
  'GET /docs': 'public',
  'GET /docs/openapi.json': 'public',
};

/** Routes that answer everyone (public above) and tell more to some roles: the roles that get the
 *  whole answer. The health report's details map the site (gateway and hub URLs, the lookup account,
 *  world-readable files): technicians and admins only; anyone else gets its status and a sentence. */
const DETAILS: Record<string, Role[]> = {
  'GET /api/health': T,
};

/** The daemon's own pages: loading one on a PC without tokens starts the local page session. */
const PAGES = new Set([
  '/',
  '/index.html',
  '/tech',
  '/tech.html',
  '/reports',
  '/reports.html',
  '/kiosk',
  '/kiosk.html',
  '/duplicates',
  '/duplicates.html',
  '/queue',
  '/queue.html',
]);

const LOCAL: Caller = { id: 'local', role: 'admin', desk: null };

/** What a credential presented from an address gets: its caller, a refusal, or a wait (the address
 *  failed too often: http-kit/auth-throttle.ts; the credential was not looked at). */
export type CredentialCheck =
  { readonly caller: Caller } | { readonly refused: 'AUTH_REQUIRED' } | { readonly refused: 'RATE_LIMITED'; readonly waitS: number };

export interface AccessOptions {
  readonly tokens: readonly TokenConfig[];
  /** Per-install key of the keyed hash of each token's secret that a page session is bound to. */
  readonly sessionKey: Buffer;
  /** How long a page session made from a token lasts (the local session has no end). */
  readonly sessionHours: number;
  readonly now?: () => number;
  /** The page sessions, kept in the database; none: in memory only, without an idle limit (tests of
   *  the access rules). */
  readonly sessions?: SessionStore;
  /** The daemon serves HTTPS (config `tls`): session cookies are marked Secure. */
  readonly secureCookies?: boolean;
}

export class Access {
  readonly #tokens: TokenTable<Caller> | null;
  readonly #byId: Map<string, Caller>;
  readonly #sessions: SessionStore;
  readonly #fingerprints: Map<Caller, string>;
  readonly #sessionHours: number;
  readonly #ended = new Set<(sessionHash: string) => void>();
  readonly #now: () => number;
  readonly #secureCookies: boolean;
  /** Wrong credentials per client address, on every path (Bearer, cookie, socket.io, page login). */
  readonly #throttle: AuthThrottle;

  constructor(opts: AccessOptions) {
    this.#secureCookies = opts.secureCookies === true;
    // Wall-clock time (not opts.now, the daemon's business clock): a guesser's pace is real.
    this.#throttle = new AuthThrottle();
    const callers = opts.tokens.map((t) => [t.token, { id: t.id, role: t.role, desk: t.desk }] as const);
    this.#tokens = callers.length ? new TokenTable(callers) : null;
    this.#sessionHours = opts.sessionHours;
    this.#byId = new Map(callers.map(([, c]) => [c.id, c]));
    // Each caller's fingerprint once, here: sessions are checked on every request and socket.
    const fingerprintOf = (secret: string): string => createHmac('sha256', opts.sessionKey).update(`token-secret\u0000${secret}`).digest('hex').slice(0, 16);
    this.#fingerprints = new Map<Caller, string>([[LOCAL, fingerprintOf('local')], ...callers.map(([secret, c]) => [c, fingerprintOf(secret)] as const)]);
    this.#now = opts.now ?? Date.now;
    this.#sessions = opts.sessions ?? new SessionStore({ now: this.#now, idleMs: Number.POSITIVE_INFINITY });
  }

  /** The access rules over the sessions kept so far: those whose token was removed from the
   *  configuration or has another secret (or role, or desk) now are ended first, for good. */
  static async create(opts: AccessOptions & { readonly sessions: SessionStore }, log?: Logger): Promise<Access> {
    const access = new Access(opts);
    const { ended, live } = await opts.sessions.load((s) => access.#holder(s) !== undefined);
    if (ended > 0) log?.info({ ended, live }, 'page sessions of removed tokens or of tokens with a new secret ended');
    return access;
  }

  /** The caller a stored session acts for now: undefined once its token is gone or has another
   *  secret, role or desk (a leaked token given a new secret ends every session opened with it). */
  #holder(s: SessionOwner): Caller | undefined {
    const caller = this.open ? (s.callerId === LOCAL.id ? LOCAL : undefined) : this.#byId.get(s.callerId);
    if (!caller || caller.role !== s.role || caller.desk !== s.desk || this.#fingerprints.get(caller) !== s.fingerprint) return undefined;
    return caller;
  }

  /** The live session of a Cookie header and whom it acts for (its use counts as activity). */
  #session(cookieHeader: string | undefined): { session: LiveSession; caller: Caller } | undefined {
    const secret = sessionSecretOf(cookieHeader);
    const session = secret === undefined ? undefined : this.#sessions.check(secret);
    const caller = session && this.#holder(session);
    return session && caller ? { session, caller } : undefined;
  }

  get open(): boolean {
    return this.#tokens === null;
  }

  /** The caller of an API token; undefined when there is no such token. */
  byToken(token: string): Caller | undefined {
    return this.#tokens?.lookup(token);
  }

  /** The caller of a request or socket handshake; undefined when it has no valid credential. */
  callerOf(headers: IncomingHttpHeaders, token: string | null): Caller | undefined {
    if (token !== null && this.#tokens) return this.#tokens.lookup(token);
    const session = this.#session(headers.cookie);
    if (session) return session.caller;
    return this.open && !fromBrowser(headers) ? LOCAL : undefined;
  }

  /** An API token presented from `client` (an address: req.ip, or a handshake's: client-address.ts):
   *  its caller; a wrong one, counted against the address; while the address waits, a refusal without
   *  looking at the token (a right one would tell a guesser so). Other addresses never wait for it. */
  tokenFrom(client: string, token: string): CredentialCheck {
    const key = plainAddress(client);
    const waitS = this.#throttle.waitS(key);
    if (waitS > 0) return { refused: 'RATE_LIMITED', waitS };
    const caller = this.#tokens?.lookup(token);
    if (caller) return { caller };
    this.#throttle.fail(key);
    return { refused: 'AUTH_REQUIRED' };
  }

  /** callerOf, for a request or handshake from `client`, with wrong credentials counted against it.
   *  A session cookie is not guessable, so a waiting address's cookie is still read; one that fails
   *  (expired, logged out) counts once however often a page repeats it. */
  #check(client: string, headers: IncomingHttpHeaders, token: string | null): CredentialCheck {
    if (token !== null && this.#tokens) return this.tokenFrom(client, token);
    const who = this.callerOf(headers, null);
    if (who) return { caller: who };
    const cookie = this.sessionValue(headers);
    if (cookie !== undefined && !this.open) this.#throttle.fail(plainAddress(client), createHash('sha256').update(cookie).digest('base64url').slice(0, 22));
    return { refused: 'AUTH_REQUIRED' };
  }

  static allowed(method: string, url: string | undefined): Role[] | 'public' {
    const listed = ROUTES[`${method} ${url}`];
    if (listed) return listed;
    return url?.startsWith('/api/') ? A : 'public';
  }

  /** On a route listed in DETAILS: whether this request's caller gets the whole answer (on a PC
   *  without tokens, curl and the pages are the local admin and do). A wrong or missing credential
   *  is no refusal here, only the short answer. */
  seesDetails(req: FastifyRequest): boolean {
    const roles = DETAILS[`${req.method} ${req.routeOptions.url}`];
    if (!roles) return false;
    const who = this.callerOf(req.headers, bearer(req.headers.authorization));
    return who !== undefined && roles.includes(who.role);
  }

  /** Starts a page session, kept in the database; the cookie (sessions.ts) holds its secret. A token
   *  session ends after auth.sessionHours at the latest; the local session has no absolute end. */
  setSession(reply: FastifyReply, caller: Caller): void {
    const owner = { callerId: caller.id, role: caller.role, desk: caller.desk, fingerprint: this.#fingerprints.get(caller)! };
    const maxAgeS = caller === LOCAL ? null : Math.floor(this.#sessionHours * 3600);
    const { secret } = this.#sessions.open(owner, maxAgeS === null ? null : this.#now() + this.#sessionHours * 3600_000);
    reply.setCookie(SESSION_COOKIE, secret, sessionCookie(maxAgeS, this.#secureCookies));
  }

  /** On a PC without tokens: the local page session (what loading a page gives). */
  setLocalSession(reply: FastifyReply): Caller {
    this.setSession(reply, LOCAL);
    return LOCAL;
  }

  /** Logs out: the cookie is cleared, and the session it held is ended for good (the same cookie,
   *  kept or copied, is worth nothing afterwards, across restarts). */
  clearSession(reply: FastifyReply, cookieHeader: string | undefined): void {
    reply.clearCookie(SESSION_COOKIE, sessionCookie(null, this.#secureCookies));
    const found = this.#session(cookieHeader);
    if (found) this.#end(found.session.id, 'logout');
  }

  /** An administrator ends a session by its public id (DELETE /api/sessions/:id); undefined when no
   *  live session has that id. */
  endSession(id: string): LiveSession | undefined {
    return this.#end(id, 'admin');
  }

  #end(id: string, reason: EndReason): LiveSession | undefined {
    const ended = this.#sessions.end(id, reason);
    if (ended) for (const listener of this.#ended) listener(ended.hash);
    return ended;
  }

  /** The sessions kept, live and recently ended, without their secrets (GET /api/sessions). */
  listSessions(): Promise<SessionListing[]> {
    return this.#sessions.list();
  }

  /** The session cookie value a request or handshake carries (whether valid or not). */
  sessionValue(headers: IncomingHttpHeaders): string | undefined {
    return sessionSecretOf(headers.cookie);
  }

  /** What names the session of a request or handshake in onSessionEnded (whether valid or not). */
  sessionHashOf(headers: IncomingHttpHeaders): string | undefined {
    const secret = sessionSecretOf(headers.cookie);
    return secret === undefined ? undefined : sessionHash(secret);
  }

  /** Tells `listener` the sessionHashOf every session that ends by logout or by an administrator
   *  (socket.io closes its sockets). */
  onSessionEnded(listener: (sessionHash: string) => void): () => void {
    this.#ended.add(listener);
    return () => void this.#ended.delete(listener);
  }

  /** A page's open socket keeps its session in use: a queue display listens all day without a
   *  request, and must still be let in when its socket reconnects. Each heartbeat (socket.io pings
   *  every 25 s) counts as activity; one that finds the session over (its hours are up) closes the
   *  socket. A socket opened with an API token is left alone. */
  keepSessionAlive(socket: Socket): void {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    if (typeof auth?.['token'] === 'string' && this.#tokens) return;
    const secret = sessionSecretOf(socket.request.headers.cookie);
    if (secret === undefined || !this.#sessions.check(secret)) return;
    socket.conn.on('heartbeat', () => {
      if (!this.#session(socket.request.headers.cookie)) socket.disconnect(true);
    });
  }

  async install(app: FastifyInstance, onRefused: (code: string) => void): Promise<void> {
    await app.register(fastifyCookie);
    app.decorateRequest('caller', null);
    app.addHook('onRequest', async (req, reply) => {
      const url = req.routeOptions.url;
      if (req.method === 'GET' && PAGES.has(req.url.split('?')[0]!) && this.open && !this.#session(req.headers.cookie)) this.setSession(reply, LOCAL);
      const allowed = Access.allowed(req.method, url);
      const token = bearer(req.headers.authorization);
      const refuse = (code: 'AUTH_REQUIRED' | 'FORBIDDEN') => {
        onRefused(code);
        const e = apiError(code);
        return reply.code(e.status).send(e.body);
      };
      const wait = (waitS: number) => {
        onRefused('RATE_LIMITED');
        const e = apiError('RATE_LIMITED', { what: 'wrongTokens', waitS });
        return reply.code(e.status).header('retry-after', String(waitS)).send(e.body);
      };
      if (allowed === 'public') {
        // A public route reads a Bearer token too (GET /api/session, the health details): a guess
        // there is a guess as well.
        const check = token !== null && !this.open ? this.tokenFrom(req.ip, token) : null;
        return check && 'waitS' in check ? wait(check.waitS) : undefined;
      }
      const check = this.#check(req.ip, req.headers, token);
      if ('waitS' in check) return wait(check.waitS);
      if ('refused' in check) return refuse('AUTH_REQUIRED');
      if (!allowed.includes(check.caller.role)) return refuse('FORBIDDEN');
      req.caller = check.caller;
    });
  }

  /** socketCaller, for a handshake from `client` (its address), with wrong credentials counted. */
  socketCheck(socket: Socket, client: string): CredentialCheck {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    return this.#check(client, socket.request.headers, typeof auth?.['token'] === 'string' ? auth['token'] : null);
  }

  /** socket.io: an API token in the handshake's auth, else the page session cookie. */
  socketCaller(socket: Socket): Caller | undefined {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const token = typeof auth?.['token'] === 'string' ? auth['token'] : null;
    return this.callerOf(socket.request.headers, token);
  }
}
