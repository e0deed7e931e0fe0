// The hub's /reports page and its login (hub/src/hub-pages.ts, through buildHubApp and Fastify's
// inject): the page and its modules are served with the site's CSP; the admin token posted once to
// POST /api/session gives an HttpOnly session cookie that every admin route accepts like the token;
// logout ends it; a site token, a wrong token or a foreign page gets no session; wrong logins count in
// the hub's auth throttle; a cookie sent by a foreign page is refused.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSetCookie } from 'cookie';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { createLogger } from '../../../daemon/src/log.ts';
import { openSql } from '../../../daemon/src/storage/sql-client.ts';
import { buildHubApp } from '../../../hub/src/hub-app.ts';
import { HubStore } from '../../../hub/src/hub-store.ts';
import { HUB_SESSION_COOKIE } from '../../../hub/src/hub-session.ts';

const ADMIN = 'admin-token-quan-tay-ho';
const SITE = 'site-token-tay-ho-0001';
const HOST = 'hub.quan.local:7310';
type ApiError = { error: { code: string } };

async function startHub(t: Test): Promise<FastifyInstance> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const store = await HubStore.open(await openSql(`sqlite:${join(dir, 'hub.sqlite')}`));
  const app = await buildHubApp({
    store,
    log: createLogger('silent'),
    now: () => new Date('2026-04-15T03:00:00Z'),
    config: { sites: [{ id: 'tay-ho', token: SITE }], adminTokens: [ADMIN], cumulativeSince: '2026-01-01' },
  });
  t.teardown(async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return app;
}

const login = (app: FastifyInstance, token: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/session', headers: { host: HOST, origin: `http://${HOST}`, ...headers }, payload: { token }, remoteAddress });
const report = (app: FastifyInstance, headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/api/reports/phu-luc-03?format=json', headers: { host: HOST, ...headers } });
function cookieOf(res: { headers: Record<string, unknown> }): string {
  const set = parseSetCookie(String(res.headers['set-cookie']));
  return `${set.name}=${set.value ?? ''}`;
}

t.test('the page and the modules it loads, with the site’s CSP; nothing else of kiosk-ui/', async (t) => {
  const app = await startHub(t);
  const page = await app.inject({ method: 'GET', url: '/reports', headers: { host: HOST } });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.body, /<script type="module" src="\/hub-reports.js">/);
  t.match(page.headers['content-security-policy'], /script-src 'self'/);
  t.match(page.headers['content-security-policy'], /frame-ancestors 'none'/);
  t.notOk(page.headers['strict-transport-security'], 'no HSTS over plain HTTP');
  for (const url of ['/hub-reports.js', '/reports-phu-luc-03.js', '/reports-phu-luc-02.js', '/common.js', '/style.css']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 200, url);
  }
  for (const url of ['/kiosk.html', '/tech.js', '/reports.js', '/../package.json']) t.equal((await app.inject({ method: 'GET', url })).statusCode, 404, url);
  const root = await app.inject({ method: 'GET', url: '/' });
  t.same([root.statusCode, root.headers['location']], [302, '/reports']);
});

t.test('login with the admin token: a session cookie every admin route accepts; logout ends it', async (t) => {
  const app = await startHub(t);
  t.equal((await report(app, {})).statusCode, 401, 'without a session: refused');
  const res = await login(app, ADMIN);
  t.same([res.statusCode, res.json()], [200, { open: false, caller: { role: 'admin' } }]);
  t.match(parseSetCookie(String(res.headers['set-cookie'])), { name: HUB_SESSION_COOKIE, httpOnly: true, sameSite: 'strict', path: '/' });
  t.notOk(String(res.headers['set-cookie']).includes(ADMIN), 'the cookie is not the token');
  const cookie = cookieOf(res);
  const ok = await report(app, { cookie, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' });
  t.equal(ok.statusCode, 200, 'the hub’s own page reads Phụ lục 03');
  t.match(ok.json(), { period: { from: String, to: String } });
  const p2 = await app.inject({ method: 'GET', url: '/api/reports/phu-luc-02?format=json', headers: { host: HOST, cookie } });
  t.equal(p2.statusCode, 200, 'and Phụ lục 2');
  t.equal((await app.inject({ method: 'GET', url: '/api/hub/units', headers: { host: HOST, cookie } })).statusCode, 200, 'and the units');
  const print = await app.inject({ method: 'GET', url: '/api/reports/phu-luc-03?format=html', headers: { host: HOST, cookie } });
  t.match(print.headers['content-security-policy'], /^default-src 'none'/, 'the printable report keeps its own CSP (no script)');
  const xlsx = await app.inject({ method: 'GET', url: '/api/reports/phu-luc-02?format=xlsx', headers: { host: HOST, cookie } });
  t.equal(xlsx.statusCode, 200, 'a download');
  t.match(xlsx.headers['content-disposition'], /attachment/);
  const push = await app.inject({ method: 'POST', url: '/api/hub/push', headers: { host: HOST, cookie }, payload: {} });
  t.equal(push.statusCode, 401, 'a site route takes no cookie');
  const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { host: HOST, cookie, origin: `http://${HOST}` } });
  t.same([out.statusCode, out.json()], [200, { open: false, caller: null }]);
  t.match(parseSetCookie(String(out.headers['set-cookie'])), { name: HUB_SESSION_COOKIE, value: '', maxAge: 0 });
  t.equal((await report(app, { cookie })).statusCode, 401, 'after logout the same cookie is refused');
});

t.test('no session for a site token, a wrong token, or a foreign page', async (t) => {
  const app = await startHub(t);
  const site = await login(app, SITE);
  t.same([site.statusCode, site.json<ApiError>().error.code], [403, 'FORBIDDEN'], 'a site token');
  const wrong = await login(app, 'not-a-token-xxxxxxxxxx');
  t.same([wrong.statusCode, wrong.json<ApiError>().error.code], [401, 'AUTH_REQUIRED'], 'a wrong token');
  const foreign = await login(app, ADMIN, { origin: 'http://evil.example' });
  t.same([foreign.statusCode, foreign.json<ApiError>().error.code], [403, 'ORIGIN_FORBIDDEN'], 'posted by a foreign page');
  t.equal((await login(app, ADMIN, { 'sec-fetch-site': 'cross-site', origin: `http://${HOST}` })).statusCode, 403, 'cross-site');
  for (const res of [site, wrong, foreign]) t.notOk(res.headers['set-cookie'], 'no cookie');
  t.equal((await report(app, { cookie: `${HUB_SESSION_COOKIE}=${'A'.repeat(43)}` })).statusCode, 401, 'a made-up cookie');
});

t.test('a live cookie sent by a foreign page is refused', async (t) => {
  const app = await startHub(t);
  const cookie = cookieOf(await login(app, ADMIN));
  const foreign: Array<Record<string, string>> = [
    { origin: 'http://evil.example' },
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site' },
    { origin: 'https://hub.quan.local:7310' },
  ];
  for (const headers of foreign) {
    const res = await report(app, { cookie, ...headers });
    t.same([res.statusCode, res.json<ApiError>().error.code], [403, 'ORIGIN_FORBIDDEN'], JSON.stringify(headers));
  }
  const health = (await app.inject({ method: 'GET', url: '/api/health' })).json<{ rejectedRequests: Record<string, number> }>();
  t.equal(health.rejectedRequests['ORIGIN_FORBIDDEN'], 4, 'counted in /api/health');
  t.equal((await report(app, { cookie })).statusCode, 200, 'the session itself stays');
});

t.test('wrong logins go through the hub’s auth throttle, shared with wrong bearer tokens', async (t) => {
  const app = await startHub(t);
  for (let i = 0; i < 12; i++) await login(app, `guess-${i}-xxxxxxxxxxxxxxxx`, {}, '10.0.0.9');
  const waiting = await login(app, ADMIN, {}, '10.0.0.9');
  t.same([waiting.statusCode, waiting.json<ApiError>().error.code], [429, 'RATE_LIMITED'], 'even the right token waits');
  t.ok(Number(waiting.headers['retry-after']) >= 1, 'Retry-After');
  const bearer = await app.inject({ method: 'GET', url: '/api/hub/units', headers: { authorization: `Bearer ${ADMIN}` }, remoteAddress: '10.0.0.9' });
  t.equal(bearer.statusCode, 429, 'and the bearer token from that address');
  t.equal((await login(app, ADMIN, {}, '10.0.0.10')).statusCode, 200, 'another address logs in');
});
