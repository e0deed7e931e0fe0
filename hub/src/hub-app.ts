// The district hub's HTTP API. Sites push with their own token; only admin tokens read reports.
//   POST /api/hub/push            site token   HubPush -> { accepted, rows }; 403 FACILITY_NOT_BOUND for a
//                                              facility id of another site, 400 SENT_AT_FUTURE
//   GET  /api/hub/sites           admin token  which sites pushed, and when
//   GET  /api/hub/units           admin token  expected units: ok, late or silent
//   GET  /api/reports/phu-luc-03  admin token  the district/province report, every format (and its
//                                              submissions, see http/report-routes.ts)
//   GET  /api/reports/phu-luc-02  admin token  Phụ lục 2: gateway account, connection and exchanges per
//                                              unit, two periods (reports/phu-luc-02-routes.ts)
//   GET  /api/health              no token     liveness, no data
//   GET  /reports, POST/DELETE /api/session      the admin's page and its login (hub-pages.ts): every
//                                              admin route takes the page's session cookie as well as
//                                              an admin token, from the hub's own page only

import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SchemaTypes, TypedApp } from '../../daemon/src/http-kit/schema-types.ts';
import type { Logger } from '../../daemon/src/log.ts';
import { buildPhuLuc03, type ExpectedUnit } from '../../daemon/src/reports/phu-luc-03.ts';
import { DEFAULT_PERIOD_CONFIG, type ReportPeriodConfig } from '../../daemon/src/reports/period-config.ts';
import { escapeHtml } from '../../daemon/src/reports/render-html.ts';
import { submissionReminder } from '../../daemon/src/reports/submissions.ts';
import { vietnamDay } from '../../daemon/src/util/vietnam-time.ts';
import { reportedSince, unitStatuses, type UnitStatus } from './unit-status.ts';
import { reportRoutes } from '../../daemon/src/reports/report-routes.ts';
import { phuLuc02Routes } from '../../daemon/src/reports/phu-luc-02-routes.ts';
import { hubPhuLuc02 } from './hub-phu-luc-02.ts';
import { TenancyError, type HubStore, type Tenancy } from './hub-store.ts';
import { hubPushSchema } from '../../daemon/src/api/hub-push.ts';
import { bearer, TokenTable } from '../../daemon/src/util/tokens.ts';
import { apiError } from '../../daemon/src/api/errors.ts';
import { AuthThrottle } from '../../daemon/src/http-kit/auth-throttle.ts';
import { plainAddress, trustProxies } from '../../daemon/src/http-kit/client-address.ts';
import { pageHeaders } from '../../daemon/src/http-kit/page-policy.ts';
import { HubSessions, sameOrigin } from './hub-session.ts';
import { hubPageRoutes } from './hub-pages.ts';

export interface HubConfig {
  /** `facilities`: the facility ids this site may push; absent: bound at its first accepted push. */
  readonly sites: ReadonlyArray<{ readonly id: string; readonly token: string; readonly facilities?: readonly string[] }>;
  readonly adminTokens: readonly string[];
  readonly cumulativeSince: string;
  readonly periods?: ReportPeriodConfig;
  readonly expectedUnits?: readonly ExpectedUnit[];
  readonly lateAfterDays?: number;
  /** Proxies whose X-Forwarded-For names the client (addresses, CIDR ranges); none: the TCP peer. */
  readonly trustProxy?: readonly string[];
}

type Role = { role: 'site'; siteId: string } | { role: 'admin' };

/** A site's clock may run a little fast; a push dated further ahead is refused (it would win every
 *  "newest snapshot" comparison for as long as its date stays in the future). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface HubDeps {
  readonly store: HubStore;
  readonly config: HubConfig;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly https?: { cert: Buffer; key: Buffer };
}

type RoleCheck = (role: Role['role']) => (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export async function buildHubApp(deps: HubDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const tokens = new TokenTable<Role>([
    ...deps.config.sites.map((s) => [s.token, { role: 'site', siteId: s.id }] as const),
    ...deps.config.adminTokens.map((t) => [t, { role: 'admin' }] as const),
  ]);
  const trust = trustProxies(deps.config.trustProxy ?? []);
  const app = Fastify({
    logger: false,
    // req.ip, which wrong tokens are counted against: the site or PC behind a trusted proxy.
    ...(trust ? { trustProxy: (address: string) => trust(address) } : {}),
    bodyLimit: 16 * 1024 * 1024,
    forceCloseConnections: true,
    ajv: { customOptions: { removeAdditional: false } },
    ...(deps.https ? { https: deps.https } : {}),
  }) as unknown as FastifyInstance;
  const rejected = new Map<string, number>();
  const countRejected = (code: string) => void rejected.set(code, (rejected.get(code) ?? 0) + 1);
  const tls = deps.https !== undefined;
  const throttle = new AuthThrottle();
  const sessions = new HubSessions({ now: () => now().getTime(), secure: tls });
  const requireRole = roleCheck({ tokens, countRejected, throttle, sessions, tls });
  await app.register(helmet, pageHeaders(tls));
  await app.register(hubPageRoutes, {
    sessions,
    throttle,
    tls,
    countRejected,
    tokenRole: (token) => {
      const who = tokens.lookup(token);
      return who ? (who.role === 'admin' ? 'admin' : 'other') : null;
    },
  });
  const periods = deps.config.periods ?? DEFAULT_PERIOD_CONFIG;
  const expected = deps.config.expectedUnits ?? [];
  const units = async () => unitStatuses(expected, await deps.store.sites(), now(), deps.config.lateAfterDays ?? 2);
  // No data in health: only that a closed period is still due (and when), for monitoring.
  app.get('/api/health', async () => ({
    status: 'ok',
    role: 'hub',
    db: deps.store.dialect,
    rejectedRequests: Object.fromEntries(rejected),
    reportDue: await submissionReminder(deps.store.submissions, vietnamDay(now()), periods, () => deps.store.firstDay()),
  }));
  pushRoute(app.withTypeProvider<SchemaTypes>(), { ...deps, now, requireRole, rejected });
  app.get('/api/hub/sites', { onRequest: requireRole('admin') }, async () => deps.store.sites());
  app.get('/api/hub/units', { onRequest: requireRole('admin') }, units);
  const build = async (from: string, to: string) => {
    const reported = reportedSince(expected, await deps.store.sites(), from, (iso) => vietnamDay(new Date(iso)));
    return buildPhuLuc03(deps.store, { from, to, cumulativeSince: deps.config.cumulativeSince, periodConfig: periods, now: now(), expected, reported });
  };
  await app.register(async (scoped) => {
    scoped.addHook('onRequest', requireRole('admin'));
    await reportRoutes(scoped, {
      build,
      now,
      periods,
      submissions: deps.store.submissions,
      callerId: () => 'hub-admin',
      firstDay: () => deps.store.firstDay(),
      extraNotices: async () => unitNotice(await units()),
    });
    await phuLuc02Routes(scoped, { build: (list) => hubPhuLuc02(deps.store, expected, list, now()), now, periods });
  });
  return app;
}

/** Site and admin tokens, with wrong ones counted per client address (http-kit/auth-throttle.ts): an
 *  address that presented too many waits, its tokens not even looked at; every other address goes on.
 *  Admin routes also take the admin page's session cookie (hub-session.ts), from the hub's own page
 *  only: a foreign Origin is refused even if a browser sent the cookie along. */
function roleCheck(deps: {
  tokens: TokenTable<Role>;
  countRejected: (code: string) => void;
  throttle: AuthThrottle;
  sessions: HubSessions;
  tls: boolean;
}): RoleCheck {
  const { tokens, countRejected, throttle } = deps;
  return (role) => async (req, reply) => {
    const token = bearer(req.headers.authorization);
    if (token === null && role === 'admin' && deps.sessions.check(req.headers.cookie)) {
      if (!sameOrigin(req.headers, deps.tls)) {
        countRejected('ORIGIN_FORBIDDEN');
        return reply.code(403).send(apiError('ORIGIN_FORBIDDEN').body);
      }
      req.role = { role: 'admin' };
      return;
    }
    const client = plainAddress(req.ip);
    const waitS = token === null ? 0 : throttle.waitS(client);
    if (waitS > 0) {
      countRejected('RATE_LIMITED');
      const e = apiError('RATE_LIMITED', { what: 'wrongTokens', waitS });
      return reply.code(e.status).header('retry-after', String(waitS)).send(e.body);
    }
    const who = tokens.lookup(token);
    if (!who) {
      if (token !== null) throttle.fail(client);
      return reply.code(401).send(apiError('AUTH_REQUIRED').body);
    }
    if (who.role !== role) return reply.code(403).send(apiError('FORBIDDEN').body);
    req.role = who;
  };
}

/** Late and silent units above the printable report (never printed). */
function unitNotice(list: readonly UnitStatus[]): string {
  const missing = list.filter((u) => u.status !== 'ok');
  if (missing.length === 0) return '';
  const items = missing
    .map(
      (u) =>
        `<li data-status="${u.status}">${escapeHtml(u.name)} — ${u.status === 'silent' ? 'chưa gửi lần nào / never pushed' : `gửi lần cuối / last push ${escapeHtml(u.lastPushAt ?? '')}`}</li>`,
    )
    .join('');
  return `<div class="notice units"><p>Đơn vị chậm hoặc chưa gửi số liệu / late or silent units (${missing.length}):</p><ul>${items}</ul></div>`;
}

/** POST /api/hub/push: a site's own push only, dated no further than the clock skew ahead, naming only
 *  facilities bound to it. Refusals are counted (the hub's /api/health) and logged without the body. */
function pushRoute(app: TypedApp, deps: HubDeps & { now: () => Date; requireRole: RoleCheck; rejected: Map<string, number> }): void {
  const log = deps.log.child({ module: 'hub' });
  const refuse = (reply: FastifyReply, e: ReturnType<typeof apiError>, site: string) => {
    const code = e.body.error.code;
    deps.rejected.set(code, (deps.rejected.get(code) ?? 0) + 1);
    log.warn({ code, site }, 'push refused');
    return reply.code(e.status).send(e.body);
  };
  const tenancy: Tenancy = {
    listedFor: (siteId) => deps.config.sites.find((s) => s.id === siteId)?.facilities ?? null,
    listedOwners: (facilityId) => deps.config.sites.filter((s) => s.facilities?.includes(facilityId)).map((s) => s.id),
  };
  app.post('/api/hub/push', { schema: { body: hubPushSchema }, onRequest: deps.requireRole('site') }, async (req, reply) => {
    const site = req.body.siteId;
    if (req.role?.role !== 'site' || req.role.siteId !== site) {
      return refuse(reply, apiError('SITE_MISMATCH'), site);
    }
    if (Date.parse(req.body.sentAt) > deps.now().getTime() + MAX_CLOCK_SKEW_MS) {
      return refuse(reply, apiError('SENT_AT_FUTURE'), site);
    }
    try {
      const { rows } = await deps.store.ingest(req.body, deps.now(), tenancy);
      log.info({ site, rows }, 'push accepted');
      return { accepted: true, rows };
    } catch (err) {
      if (!(err instanceof TenancyError)) throw err;
      return refuse(reply, apiError('FACILITY_NOT_BOUND', { facilityId: err.facilityId }), site);
    }
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    role?: Role;
  }
}
