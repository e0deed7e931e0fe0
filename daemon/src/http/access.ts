// Who may call what: the one place that maps routes to roles, and where a request's caller is found.
//   1. An API token (Authorization: Bearer, or socket.io's handshake auth): scripts, the HIS, tests.
//   2. A page session cookie (HttpOnly, SameSite=Strict; see sessions.ts): the daemon's own pages.
//      Without tokens configured, every page the daemon serves gets the local session; with tokens,
//      a page gets one by logging in with its token (POST /api/session), never from the URL.
//   3. Without tokens configured (loopback only: config refuses anything else), a request that no
//      browser made for a page (curl, the CLI, a HIS on this PC) is the local admin, as before.
// A browser request without a session gets nothing, so even if the Origin check (browser-boundary.ts)
// had a hole, a foreign page would hold no credential. Roles: reception (patients of its desk),
// technician (devices and raw-read structure, never a patient), admin (everything).

import fastifyCookie from '@fastify/cookie';
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'socket.io';
import { bearer, TokenTable } from '../util/tokens.ts';
import { fromBrowser } from './browser-boundary.ts';
import { SESSION_COOKIE, Sessions } from './sessions.ts';
import type { SessionRevocations } from './session-revocations.ts';
import { apiError } from '../api/errors.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller, Role } from '../http-kit/caller.ts';

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
  'GET /api/devices': R,
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
  'GET /api/counters': T,
  'GET /api/counters/daily': T,
  'GET /api/reports/phu-luc-03': A,
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

export interface AccessOptions {
  readonly tokens: readonly TokenConfig[];
  /** Per-install key that signs page-session cookies. */
  readonly sessionKey: Buffer;
  /** How long a page session made from a token lasts (the local session has no end). */
  readonly sessionHours: number;
  readonly now?: () => number;
  /** Logged-out sessions (kept in the data folder); none: logging out only clears the cookie. */
  readonly revocations?: SessionRevocations;
}

export class Access {
  readonly #tokens: TokenTable<Caller> | null;
  readonly #byId: Map<string, Caller>;
  readonly #sessions: Sessions<Caller>;
  readonly #sessionHours: number;
  readonly #revocations: SessionRevocations | null;
  readonly #ended = new Set<(cookieValue: string) => void>();
  readonly #now: () => number;

  constructor(opts: AccessOptions) {
    const callers = opts.tokens.map((t) => [t.token, { id: t.id, role: t.role, desk: t.desk }] as const);
    this.#tokens = callers.length ? new TokenTable(callers) : null;
    this.#sessionHours = opts.sessionHours;
    this.#byId = new Map(callers.map(([, c]) => [c.id, c]));
    // Each caller's fingerprint once, here: sessions are checked on every request and socket.
    const fingerprintOf = (secret: string): string => createHmac('sha256', opts.sessionKey).update(`token-secret\u0000${secret}`).digest('hex').slice(0, 16);
    const fingerprints = new Map<Caller, string>([[LOCAL, fingerprintOf('local')], ...callers.map(([secret, c]) => [c, fingerprintOf(secret)] as const)]);
    this.#revocations = opts.revocations ?? null;
    this.#now = opts.now ?? Date.now;
    this.#sessions = new Sessions<Caller>({
      revoked: (value) => this.#revocations?.has(value) ?? false,
      fingerprint: (c) => fingerprints.get(c)!,
      key: opts.sessionKey,
      lookup: (id) => (this.open ? (id === LOCAL.id ? LOCAL : undefined) : this.#byId.get(id)),
      maxAgeMs: (c) => (c === LOCAL ? null : opts.sessionHours * 3600_000),
      now: opts.now ?? Date.now,
    });
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
    const session = this.#sessions.fromCookieHeader(headers.cookie);
    if (session) return session;
    return this.open && !fromBrowser(headers) ? LOCAL : undefined;
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

  /** Starts a page session: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
  setSession(reply: FastifyReply, caller: Caller): void {
    reply.setCookie(SESSION_COOKIE, this.#sessions.issue(caller), {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      ...(caller === LOCAL ? {} : { maxAge: Math.floor(this.#sessionHours * 3600) }),
    });
  }

  /** On a PC without tokens: the local page session (what loading a page gives). */
  setLocalSession(reply: FastifyReply): Caller {
    this.setSession(reply, LOCAL);
    return LOCAL;
  }

  /** Logs out: the cookie is cleared, and the session it held is ended for good (the same cookie,
   *  kept or copied, is worth nothing afterwards, across restarts). */
  async clearSession(reply: FastifyReply, cookieHeader: string | undefined): Promise<void> {
    reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/' });
    const s = this.#sessions.fromHeaderWithExpiry(cookieHeader);
    // The local session of a PC without tokens never expires: kept as ended for 30 days.
    if (s && this.#revocations) await this.#revocations.revoke(s.value, s.expiresAt ?? this.#now() + 30 * 86_400_000);
    if (s) for (const listener of this.#ended) listener(s.value);
  }

  /** The session cookie value a request or handshake carries (whether valid or not). */
  sessionValue(headers: IncomingHttpHeaders): string | undefined {
    return this.#sessions.valueOf(headers.cookie);
  }

  /** Tells `listener` the cookie value of every session that ends (socket.io closes its sockets). */
  onSessionEnded(listener: (cookieValue: string) => void): () => void {
    this.#ended.add(listener);
    return () => void this.#ended.delete(listener);
  }

  async install(app: FastifyInstance, onRefused: (code: string) => void): Promise<void> {
    await app.register(fastifyCookie);
    app.decorateRequest('caller', null);
    app.addHook('onRequest', async (req, reply) => {
      const url = req.routeOptions.url;
      if (req.method === 'GET' && PAGES.has(req.url.split('?')[0]!) && this.open && !this.#sessions.fromCookieHeader(req.headers.cookie))
        this.setSession(reply, LOCAL);
      const allowed = Access.allowed(req.method, url);
      if (allowed === 'public') return;
      const who = this.callerOf(req.headers, bearer(req.headers.authorization));
      const refuse = (code: 'AUTH_REQUIRED' | 'FORBIDDEN') => {
        onRefused(code);
        const e = apiError(code);
        return reply.code(e.status).send(e.body);
      };
      if (!who) return refuse('AUTH_REQUIRED');
      if (!allowed.includes(who.role)) return refuse('FORBIDDEN');
      req.caller = who;
    });
  }

  /** socket.io: an API token in the handshake's auth, else the page session cookie. */
  socketCaller(socket: Socket): Caller | undefined {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const token = typeof auth?.['token'] === 'string' ? auth['token'] : null;
    return this.callerOf(socket.request.headers, token);
  }
}
