// The district hub's HTTP API. Sites push with their own token; only admin tokens read reports.
//   POST /api/hub/push            site token   HubPush -> { accepted, rows }
//   GET  /api/hub/sites           admin token  which sites pushed, and when
//   GET  /api/reports/phu-luc-03  admin token  the district/province report, every format
//   GET  /api/health              no token     liveness, no data

import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from '../log.ts';
import { buildPhuLuc03 } from '../reports/phu-luc-03.ts';
import { registerReportRoutes } from '../http/report-routes.ts';
import type { HubStore } from './hub-store.ts';
import { hubPushSchema, type HubPush } from './push.ts';
import { bearer, TokenTable } from './tokens.ts';

export interface HubConfig {
  readonly sites: ReadonlyArray<{ readonly id: string; readonly token: string }>;
  readonly adminTokens: readonly string[];
  readonly cumulativeSince: string;
}

type Role = { role: 'site'; siteId: string } | { role: 'admin' };

const AUTH_ERRORS = {
  401: { code: 'AUTH_REQUIRED', vi: 'Thiếu hoặc sai mã truy cập (token).', en: 'Missing or unknown access token.' },
  403: { code: 'FORBIDDEN', vi: 'Mã truy cập này không được phép thao tác này.', en: 'This token is not allowed to do this.' },
} as const;

export async function buildHubApp(deps: { store: HubStore; config: HubConfig; log: Logger; now?: () => Date; https?: { cert: Buffer; key: Buffer } }): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const tokens = new TokenTable<Role>([
    ...deps.config.sites.map((s) => [s.token, { role: 'site', siteId: s.id }] as const),
    ...deps.config.adminTokens.map((t) => [t, { role: 'admin' }] as const),
  ]);
  const app = Fastify({
    logger: false,
    bodyLimit: 16 * 1024 * 1024,
    forceCloseConnections: true,
    ajv: { customOptions: { removeAdditional: false } },
    ...(deps.https ? { https: deps.https } : {}),
  }) as unknown as FastifyInstance;
  const log = deps.log.child({ module: 'hub' });

  const requireRole = (role: Role['role']) => async (req: FastifyRequest, reply: FastifyReply) => {
    const who = tokens.lookup(bearer(req.headers.authorization));
    if (!who) return reply.code(401).send({ error: AUTH_ERRORS[401] });
    if (who.role !== role) return reply.code(403).send({ error: AUTH_ERRORS[403] });
    req.role = who;
  };

  app.get('/api/health', async () => ({ status: 'ok', role: 'hub', db: deps.store.dialect }));

  app.post<{ Body: HubPush }>('/api/hub/push', { schema: { body: hubPushSchema }, onRequest: requireRole('site') }, async (req, reply) => {
    const who = req.role;
    if (who?.role !== 'site' || who.siteId !== req.body.siteId) {
      return reply.code(403).send({ error: { code: 'SITE_MISMATCH', vi: 'Token không thuộc cơ sở này.', en: 'This token belongs to another site.' } });
    }
    const { rows } = await deps.store.ingest(req.body, now());
    log.info({ site: req.body.siteId, rows }, 'push accepted');
    return { accepted: true, rows };
  });

  app.get('/api/hub/sites', { onRequest: requireRole('admin') }, async () => deps.store.sites());

  await app.register(async (scoped) => {
    scoped.addHook('onRequest', requireRole('admin'));
    registerReportRoutes(scoped, { build: (from, to) => buildPhuLuc03(deps.store, { from, to, cumulativeSince: deps.config.cumulativeSince, now: now() }), now });
  });
  return app;
}

declare module 'fastify' {
  interface FastifyRequest {
    role?: Role;
  }
}
