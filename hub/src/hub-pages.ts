// The hub's one page and its login (docs/guides/district-hub.md, "The reports page"):
//   GET    /reports              the district admin's page: Phụ lục 03 and Phụ lục 2 for a period, and
//                                their downloads (kiosk-ui/hub-reports.html, the site's modules reused)
//   GET    /<module>.js, /style.css   the few kiosk-ui files that page loads, nothing else of kiosk-ui/
//   POST   /api/session {token}  an admin token, once -> the HttpOnly session cookie (hub-session.ts);
//                                wrong tokens count in the hub's auth throttle, a waiting address gets 429
//   DELETE /api/session          logs out: the session ends for good, the cookie is cleared
// Both session routes refuse a foreign page (Origin or Sec-Fetch-Site, hub-session.ts sameOrigin).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SchemaTypes } from '../../daemon/src/http-kit/schema-types.ts';
import type { AuthThrottle } from '../../daemon/src/http-kit/auth-throttle.ts';
import { plainAddress } from '../../daemon/src/http-kit/client-address.ts';
import { apiError } from '../../daemon/src/api/errors.ts';
import { PROJECT_ROOT } from '../../daemon/src/util/project-root.ts';
import { sameOrigin, type HubSessions } from './hub-session.ts';

const UI_DIR = join(PROJECT_ROOT, 'kiosk-ui');
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', html: 'text/html; charset=utf-8' };
/** URL -> the kiosk-ui file it serves. */
const FILES: Record<string, string> = {
  '/reports': 'hub-reports.html',
  '/hub-reports.js': 'hub-reports.js',
  '/reports-phu-luc-03.js': 'reports-phu-luc-03.js',
  '/reports-phu-luc-02.js': 'reports-phu-luc-02.js',
  '/common.js': 'common.js',
  '/style.css': 'style.css',
};

export interface HubPageDeps {
  readonly sessions: HubSessions;
  readonly throttle: AuthThrottle;
  /** Whether a token is an admin token ('admin'), another known token ('other') or none (null). */
  readonly tokenRole: (token: string) => 'admin' | 'other' | null;
  readonly tls: boolean;
  readonly countRejected: (code: string) => void;
}

export async function hubPageRoutes(untyped: FastifyInstance, deps: HubPageDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  // Read once: the hub serves these few files and no path a request names.
  const files = Object.entries(FILES).map(([url, file]) => [url, readFileSync(join(UI_DIR, file)), TYPES[file.split('.').pop()!]!] as const);
  for (const [url, body, type] of files) app.get(url, async (_req, reply) => reply.type(type).header('cache-control', 'no-cache').send(body));
  app.get('/', async (_req, reply) => reply.redirect('/reports'));
  const refuse = (reply: FastifyReply, e: ReturnType<typeof apiError>) => {
    deps.countRejected(e.body.error.code);
    return reply.code(e.status).send(e.body);
  };
  app.post(
    '/api/session',
    {
      schema: {
        body: { type: 'object', additionalProperties: false, required: ['token'], properties: { token: { type: 'string', minLength: 1, maxLength: 256 } } },
      },
    },
    async (req, reply) => {
      if (!sameOrigin(req.headers, deps.tls)) return refuse(reply, apiError('ORIGIN_FORBIDDEN'));
      const client = plainAddress(req.ip);
      const waitS = deps.throttle.waitS(client);
      if (waitS > 0) return refuse(reply.header('retry-after', String(waitS)), apiError('RATE_LIMITED', { what: 'logins', waitS }));
      const role = deps.tokenRole(req.body.token);
      if (role === null) {
        deps.throttle.fail(client);
        return refuse(reply, apiError('AUTH_REQUIRED'));
      }
      if (role !== 'admin') return refuse(reply, apiError('FORBIDDEN'));
      return reply.header('set-cookie', deps.sessions.open()).send({ open: false, caller: { role: 'admin' } });
    },
  );
  app.delete('/api/session', async (req, reply) => {
    if (!sameOrigin(req.headers, deps.tls)) return refuse(reply, apiError('ORIGIN_FORBIDDEN'));
    return reply.header('set-cookie', deps.sessions.end(req.headers.cookie)).send({ open: false, caller: null });
  });
}
