// The hub's admin page session over real HTTPS on loopback (the hub serving TLS itself): the login
// answers a Secure, HttpOnly, SameSite=Strict cookie with HSTS; the cookie reads the reports from the
// hub's own https:// origin and is refused from its plain http:// twin and from a foreign page;
// logging out ends it.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSetCookie } from 'cookie';
import t from 'tap';
import { createLogger } from '../../daemon/src/log.ts';
import { openSql } from '../../daemon/src/storage/sql-client.ts';
import { buildHubApp } from '../../hub/src/hub-app.ts';
import { HUB_SESSION_COOKIE } from '../../hub/src/hub-session.ts';
import { HubStore } from '../../hub/src/hub-store.ts';
import { makeCertificate } from '../helpers/signing.ts';

const ADMIN = 'admin-token-0123456789';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** HTTPS with the headers a browser would send (Origin, Sec-Fetch-Site), trusting the test certificate. */
function https(url: string, ca: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: opts.method ?? 'GET',
        headers: opts.headers ?? {},
        ca,
        servername: 'localhost',
        checkServerIdentity: () => undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

t.test('the admin page session over HTTPS: a Secure cookie, from the hub’s own https:// origin only', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-hub-tls-'));
  const pem = makeCertificate(dir, 'localhost');
  const ca = await readFile(pem.cert, 'utf8');
  const store = await HubStore.open(await openSql(`sqlite:${join(dir, 'hub.sqlite')}`));
  const app = await buildHubApp({
    store,
    log: createLogger('silent'),
    config: { sites: [], adminTokens: [ADMIN], cumulativeSince: '2026-01-01' },
    https: { cert: await readFile(pem.cert), key: await readFile(pem.key) },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const host = new URL(url).host;
  const own = { origin: `https://${host}`, 'sec-fetch-site': 'same-origin' };

  const page = await https(`${url}/reports`, ca);
  t.equal(page.status, 200);
  t.match(page.headers['strict-transport-security'], /max-age=15552000/, 'HSTS under TLS');
  const login = await https(`${url}/api/session`, ca, {
    method: 'POST',
    headers: { ...own, 'content-type': 'application/json' },
    body: JSON.stringify({ token: ADMIN }),
  });
  t.equal(login.status, 200);
  const set = parseSetCookie(String(login.headers['set-cookie']));
  t.match(set, { name: HUB_SESSION_COOKIE, secure: true, httpOnly: true, sameSite: 'strict' });
  const cookie = `${set.name}=${set.value ?? ''}`;

  const report = (headers: Record<string, string>) => https(`${url}/api/reports/phu-luc-02?format=json`, ca, { headers: { cookie, ...headers } });
  t.equal((await report(own)).status, 200, 'from the hub’s own page');
  t.equal((await report({ 'sec-fetch-site': 'same-origin' })).status, 200, 'a same-origin GET without Origin');
  t.equal((await report({ origin: `http://${host}` })).status, 403, 'the plain http:// origin is another one');
  t.equal((await report({ origin: 'https://evil.example' })).status, 403, 'a foreign page');

  const out = await https(`${url}/api/session`, ca, { method: 'DELETE', headers: { ...own, cookie } });
  t.equal(out.status, 200);
  t.match(parseSetCookie(String(out.headers['set-cookie'])), { name: HUB_SESSION_COOKIE, value: '', secure: true });
  t.equal((await report(own)).status, 401, 'logged out');
});
