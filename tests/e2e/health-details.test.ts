// GET /api/health answers anyone with its status, a sentence and the storage alarm the pages show;
// the details (the gateway's and the hub's URLs, the hub's last error, the lookup account and its
// token's expiry, the files other users can read, refusal counts) only a technician or an admin gets,
// or, on a PC without tokens, the local admin (curl on this PC, the daemon's own pages). Real daemons
// on loopback, real HTTP.

import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import type { HealthDetails, HealthSummary } from '../../daemon/src/api/contract.ts';
import { freePort } from '../helpers/cli.ts';
import { startTestDaemon } from '../helpers/daemon.ts';
import { raw } from '../helpers/raw-http.ts';

const noSims = { simulators: { scanners: [], gateway: { latencyMs: 0 } } };
const TOKENS = { admin: 'admin-token-aaaaaaaaaaaa', tech: 'tech-token-bbbbbbbbbbbbb', desk1: 'desk1-token-cccccccccccc' };
const auth = {
  tokens: [
    { id: 'admin', token: TOKENS.admin, role: 'admin' },
    { id: 'tech', token: TOKENS.tech, role: 'technician' },
    { id: 'desk1', token: TOKENS.desk1, role: 'reception', desk: 'desk-1' },
  ],
};
const SHORT_KEYS = ['disk', 'en', 'simulated', 'status', 'storage', 'vi'];
const browserish = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };

async function health(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const r = await raw(`${url}/api/health`, { headers });
  return { status: r.status, text: r.body, body: JSON.parse(r.body) as Record<string, unknown> };
}

t.test('with tokens: no credential and a desk get the status and a sentence; a technician and an admin the report', async (t) => {
  // A first start makes the data folder; a database file made readable by others is then reported
  // (by name) in the details of the second.
  const hub = { url: `http://127.0.0.1:${await freePort()}`, siteId: 'ttyt-hai-hau', token: 'hub-token-1234567890' };
  const first = await startTestDaemon(t, { config: { ...noSims, auth, hub } });
  await first.stop();
  await chmod(join(first.dataDir, 'tiepnhan.sqlite'), 0o644);
  const d = await startTestDaemon(t, { dataDir: first.dataDir, config: { ...noSims, auth, hub } });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  for (const [who, headers] of [
    ['no credential', {}],
    ['a desk token', bearer(TOKENS.desk1)],
    ['a wrong token', bearer('not-a-token-at-all-xxxx')],
    ['a browser without a session', browserish],
  ] as const) {
    const r = await health(d.url, headers);
    t.equal(r.status, 200, `${who}: 200 (health is public)`);
    t.same(Object.keys(r.body).sort(), SHORT_KEYS, `${who}: the short answer`);
    const short = r.body as unknown as HealthSummary;
    t.match(
      short,
      {
        status: /^(ok|degraded)$/,
        vi: String,
        en: String,
        storage: { ok: true, vi: String, en: String },
        disk: { ok: Boolean },
        simulated: { scanners: [], gateway: true },
      },
      `${who}: what the pages show (the storage alarm, the simulation banner)`,
    );
    t.notMatch(r.text, /http/i, `${who}: no URL`);
    t.notMatch(
      r.text,
      /tokenExpiresAt|restricted|credentials|eligibility|"hub"|"url"|127\.0\.0\.1/,
      `${who}: nothing of the lookup account, the gateway or the hub`,
    );
    t.notMatch(r.text, /tiepnhan\.sqlite|\.key|DATA_PERMISSIONS|loose/, `${who}: no file name`);
    t.notOk(r.text.includes(d.dataDir), `${who}: no folder`);
    t.notMatch(r.text, /rejectedRequests|pendingVerifications/, `${who}: no counts`);
  }

  for (const [who, token] of [
    ['a technician', TOKENS.tech],
    ['an admin', TOKENS.admin],
  ] as const) {
    const r = await health(d.url, bearer(token));
    const full = r.body as unknown as HealthDetails;
    t.match(full.gateway.url, /^http:\/\/127\.0\.0\.1:\d+/, `${who}: the gateway's URL`);
    t.match(full.hub, { url: hub.url }, `${who}: the hub's URL`);
    t.match(full.eligibility, { state: 'ok' }, `${who}: the lookup account`);
    t.ok('tokenExpiresAt' in full.eligibility, `${who}: its token's expiry`);
    if (process.platform !== 'win32')
      t.match(full, { status: 'degraded', files: { ok: false, code: 'DATA_PERMISSIONS', loose: ['tiepnhan.sqlite'] } }, `${who}: the loose file, by name`);
    t.match(full, { vi: String, en: String, rejectedRequests: Object, pendingVerifications: Number }, `${who}: the sentence and the counts`);
  }

  // A page session carries its token's role: a desk's page gets the short answer, the technician's the report.
  const session = async (token: string): Promise<string> => {
    const r = await fetch(`${d.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  };
  t.same(Object.keys((await health(d.url, { ...browserish, cookie: await session(TOKENS.desk1) })).body).sort(), SHORT_KEYS, 'a desk page: short');
  t.ok('gateway' in (await health(d.url, { ...browserish, cookie: await session(TOKENS.tech) })).body, 'the technician page: the report');
});

t.test('without tokens (loopback): the local admin gets the report, a browser without the page session the short answer', async (t) => {
  const d = await startTestDaemon(t, { config: noSims });
  const curl = await health(d.url);
  t.match(curl.body, { gateway: { url: /^http:/ }, files: { ok: true }, rejectedRequests: Object }, 'curl on this PC is the local admin');
  t.same(Object.keys((await health(d.url, browserish)).body).sort(), SHORT_KEYS, 'a browser request without the local session');
  const page = await raw(`${d.url}/tech`, { headers: { 'sec-fetch-site': 'none' } });
  const cookie = String(page.headers['set-cookie']).split(';')[0]!;
  t.ok('gateway' in (await health(d.url, { ...browserish, cookie })).body, 'a page of this PC (the local session) gets the report');
});
