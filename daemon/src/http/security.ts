// Everything that stands between a browser and the API, installed before any route:
//   1. the browser boundary (Host and Origin, browser-boundary.ts), first, so a refused request never
//      reaches a route, a body parser or a log line with its contents;
//   2. response headers from @fastify/helmet: a Content-Security-Policy that fits the pages (scripts
//      and styles only from the daemon, no inline script, no framing), nosniff, no referrer;
//   3. JSON bodies only: fastify's text/plain parser is removed, so the "simple" cross-site POST a
//      foreign page can send without CORS pre-flight is a 415 even before the Origin check;
//   4. callers and roles (access.ts).

import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Access } from './access.ts';
import { type BrowserBoundary } from './browser-boundary.ts';
import { apiError } from '../api/errors.ts';
import { pageHeaders } from '../http-kit/page-policy.ts';

export async function installSecurity(
  app: FastifyInstance,
  deps: { boundary: BrowserBoundary; access: Access; countRejected: (code: string) => void; log: { warn(o: object, m: string): void }; tls: boolean },
): Promise<void> {
  app.addHook('onRequest', async (req, reply) => {
    const code = deps.boundary.check(req.headers);
    if (code === null) return;
    deps.countRejected(code);
    // Method and route only: never the body, the query or the foreign origin's full URL.
    deps.log.warn({ code, method: req.method, route: req.routeOptions.url ?? 'unknown' }, 'request refused at the browser boundary');
    const e = apiError(code);
    return reply.code(e.status).send(e.body);
  });
  await app.register(helmet, pageHeaders(deps.tls));
  app.removeContentTypeParser('text/plain');
  await deps.access.install(app, deps.countRejected);
}
