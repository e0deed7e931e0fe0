// Who may call what: the one place that maps routes to roles. With no tokens configured the daemon
// serves only loopback (config refuses anything else) and every caller is the local admin; with
// tokens, every API call needs one, by Authorization: Bearer (or access_token on a GET, for download
// links). Roles: reception (patients of its desk), technician (devices and raw reads, no patient
// names), admin (everything).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Socket } from 'socket.io';
import { bearer, TokenTable } from '../hub/tokens.ts';

export type Role = 'reception' | 'technician' | 'admin';

export interface Caller {
  readonly id: string;
  readonly role: Role;
  /** A reception token bound to one desk may act only for that desk. */
  readonly desk: string | null;
}

export interface TokenConfig {
  readonly id: string;
  readonly token: string;
  readonly role: Role;
  readonly desk: string | null;
}

const R: Role[] = ['reception', 'technician', 'admin'];
const T: Role[] = ['technician', 'admin'];
const A: Role[] = ['admin'];

/** method + route pattern -> roles allowed. Anything under /api/ not listed is admin only. */
const ROUTES: Record<string, Role[] | 'public'> = {
  'GET /api/health': 'public',
  'GET /api/devices': R,
  'GET /api/eligibility/:eventId': ['reception', 'admin'],
  'GET /api/eligibility/:eventId/fhir': ['reception', 'admin'],
  'POST /api/search': ['reception', 'admin'],
  'POST /api/search/check': ['reception', 'admin'],
  'POST /api/camera': ['reception', 'admin'],
  'GET /api/devices/:id/reads': T,
  'PUT /api/devices/:id/test-mode': T,
  'PUT /api/devices/:id/status': T,
  'GET /api/inventory': T,
  'GET /api/counters': T,
  'GET /api/counters/daily': T,
  'GET /api/simulators': T,
  'POST /api/simulators/:id/scan': T,
  'POST /api/simulators/:id/unplug': T,
  'POST /api/simulators/:id/replug': T,
  'GET /api/reports/phu-luc-03': A,
  'GET /api/departments': ['reception', 'admin'],
  'GET /api/kiosk': ['reception', 'admin'],
  'POST /api/registrations': ['reception', 'admin'],
  'GET /api/registrations/:id': ['reception', 'admin'],
  'GET /api/registrations/:id/fhir': ['reception', 'admin'],
  'GET /api/patients/:id': A,
  'GET /api/patients/:id/fhir': A,
  'GET /docs': 'public',
  'GET /docs/openapi.json': 'public',
};

export const ACCESS_ERRORS = {
  AUTH_REQUIRED: { vi: 'Thiếu hoặc sai mã truy cập (token).', en: 'Missing or unknown access token.' },
  FORBIDDEN: { vi: 'Vai trò của mã truy cập này không được làm việc này.', en: 'This token’s role may not do this.' },
  DESK_MISMATCH: { vi: 'Mã truy cập này thuộc quầy khác.', en: 'This token belongs to another desk.' },
} as const;

const LOCAL: Caller = { id: 'local', role: 'admin', desk: null };

export class Access {
  readonly #tokens: TokenTable<Caller> | null;

  constructor(tokens: readonly TokenConfig[]) {
    this.#tokens = tokens.length ? new TokenTable(tokens.map((t) => [t.token, { id: t.id, role: t.role, desk: t.desk }] as const)) : null;
  }

  get open(): boolean {
    return this.#tokens === null;
  }

  /** undefined: no valid token. */
  caller(token: string | null): Caller | undefined {
    return this.#tokens ? this.#tokens.lookup(token) : LOCAL;
  }

  static allowed(method: string, url: string | undefined): Role[] | 'public' {
    const listed = ROUTES[`${method} ${url}`];
    if (listed) return listed;
    return url?.startsWith('/api/') ? A : 'public';
  }

  install(app: FastifyInstance, onRefused: (code: string) => void): void {
    app.decorateRequest('caller', null);
    app.addHook('onRequest', async (req, reply) => {
      const allowed = Access.allowed(req.method, req.routeOptions.url);
      if (allowed === 'public') return;
      const query = req.method === 'GET' ? ((req.query as Record<string, unknown> | undefined)?.['access_token'] as string | undefined) : undefined;
      const who = this.caller(bearer(req.headers.authorization) ?? query ?? null);
      const refuse = (status: number, code: keyof typeof ACCESS_ERRORS) => {
        onRefused(code);
        return reply.code(status).send({ error: { code, ...ACCESS_ERRORS[code] } });
      };
      if (!who) return refuse(401, 'AUTH_REQUIRED');
      if (!allowed.includes(who.role)) return refuse(403, 'FORBIDDEN');
      req.caller = who;
    });
  }

  /** socket.io: the token comes in the handshake's auth; the caller decides which rooms it joins. */
  socketCaller(socket: Socket): Caller | undefined {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const token = typeof auth?.['token'] === 'string' ? auth['token'] : null;
    return this.caller(token);
  }
}

/** The desk a request acts for must be the token's own desk, when the token has one. */
export function deskAllowed(req: FastifyRequest, desk: string): boolean {
  const who = req.caller;
  return !who || who.desk === null || who.desk === desk;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}
