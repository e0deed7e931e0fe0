// Trust beyond loopback, checked from outside as a hostile PC on the same LAN would (issue #32): the
// daemon bound to this side of a veth pair with the LAN guide's configuration plus `tls`, the other
// PCs in a network namespace the test makes and removes (tests/helpers/netns.ts). Traffic goes only
// to loopback and to that namespace.

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { runCli } from '../helpers/cli.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { makeLan, netnsRequirement, type Lan } from '../helpers/netns.ts';

const PROBE = fileURLToPath(new URL('../helpers/lan-probe.mjs', import.meta.url));
const TOKENS = [
  { id: 'quay-1', token: 'desk-token-quay-1-0123456789', role: 'reception', desk: 'quay-1' },
  { id: 'ky-thuat', token: 'tech-token-0123456789abcdef', role: 'technician' },
  { id: 'quan-tri', token: 'admin-token-0123456789abcdef', role: 'admin' },
];

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  error?: string;
}

async function probe<T = Answer>(lan: Lan, mode: string, args: object): Promise<T> {
  const { stdout } = await lan.exec(process.execPath, [PROBE, mode, JSON.stringify(args)], { timeoutMs: 120_000 });
  return JSON.parse(stdout) as T;
}

/** The facility's CA and the daemon's certificate for its LAN address, in a data folder of the test. */
async function certified(t: Parameters<typeof startTestDaemon>[0], lan: Lan): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-lan-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const init = await runCli(['tls', 'init', '--name', 'tiepnhan.bv.local', '--ip', lan.server, '--data-dir', join(dir, 'data')]);
  if (init.code !== 0) throw new Error(init.stderr);
  return dir;
}

/** The LAN guide's configuration plus `tls`, bound to this side of the veth pair. */
async function lanDaemon(
  t: Parameters<typeof startTestDaemon>[0],
  lan: Lan,
  o: { dir?: string; extra?: Record<string, unknown>; tokens?: typeof TOKENS } = {},
) {
  const dir = o.dir ?? (await certified(t, lan));
  const config = {
    host: lan.server,
    tls: { cert: join(dir, 'data', 'tls', 'server.crt'), key: join(dir, 'data', 'tls', 'server.key') },
    http: { allowedHosts: ['tiepnhan.bv.local'] },
    auth: { tokens: o.tokens ?? TOKENS },
    facility: { id: '01001', name: 'Bệnh viện Đa khoa', stations: [{ id: 'main', desks: ['quay-1', 'quay-2'] }] },
    ...o.extra,
  };
  const d: TestDaemon = await startTestDaemon(t, { dataDir: join(dir, 'data'), config });
  return { d, dir, ca: join(dir, 'data', 'tls', 'ca.crt'), base: d.url.replace('127.0.0.1', lan.server) };
}

t.test(
  'HTTPS with the configured certificate; plain HTTP on that port gets nothing; /api/health tells an anonymous PC no URL',
  netnsRequirement('the LAN test'),
  async (t) => {
    const lan = await makeLan(t, 2);
    const { d, ca, base } = await lanDaemon(t, lan);
    t.match(d.url, /^https:/);
    const from = lan.clients[0]!;
    const health = await probe(lan, 'request', { url: `${base}/api/health`, from, ca });
    t.equal(health.status, 200, 'HTTPS answers, and the certificate checks against the CA tls init made');
    t.match(health.headers?.['strict-transport-security'], /max-age=/);
    const body = health.body ?? '';
    t.notMatch(body, /https?:\/\/|tokenExpiresAt|\.sqlite|\.key/, 'no URL, account or file for an anonymous PC');
    t.match(JSON.parse(body), { status: /ok|degraded/ });
    const untrusted = await probe(lan, 'request', { url: `${base}/api/health`, from });
    t.match(untrusted.error, /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/, 'a PC that does not trust the CA is warned, not served silently');
    const plain = await probe(lan, 'request', { url: `${base.replace('https:', 'http:')}/api/health`, from });
    t.notOk(plain.status, `plain HTTP: no answer (${plain.error ?? ''})`);
    const tech = await probe(lan, 'request', { url: `${base}/api/health`, from, ca, headers: { authorization: `Bearer ${TOKENS[1]!.token}` } });
    t.match(JSON.parse(tech.body ?? '{}'), { http: { tls: true, urls: [`${base}`] } }, "a technician's token sees the details");
    t.ok(readFileSync(ca).length > 0);
  },
);

t.test("a session ends: after logout, and after its token's secret changes and the daemon restarts", netnsRequirement('the LAN test'), async (t) => {
  const lan = await makeLan(t, 1);
  const from = lan.clients[0]!;
  const started = await lanDaemon(t, lan);
  const dir = started.dir;
  let { ca, base } = started;
  const json = { 'content-type': 'application/json' };
  const login = async (token: string): Promise<string> => {
    const r = await probe(lan, 'request', { url: `${base}/api/session`, from, ca, method: 'POST', headers: json, body: JSON.stringify({ token }) });
    t.equal(r.status, 200, 'logged in over HTTPS');
    return String(r.headers?.['set-cookie']).split(';')[0]!;
  };
  const devices = async (cookie: string): Promise<number | undefined> =>
    (await probe(lan, 'request', { url: `${base}/api/devices`, from, ca, headers: { cookie } })).status;
  const first = await login(TOKENS[0]!.token);
  t.equal(await devices(first), 200, 'the session works');
  await probe(lan, 'request', { url: `${base}/api/session`, from, ca, method: 'DELETE', headers: { cookie: first } });
  t.equal(await devices(first), 401, 'after logout the same cookie gets 401');

  const second = await login(TOKENS[0]!.token);
  await started.d.stop();
  const rotated = TOKENS.map((x) => (x.id === 'quay-1' ? { ...x, token: 'desk-token-quay-1-rotated-9876543210' } : x));
  ({ ca, base } = await lanDaemon(t, lan, { dir, tokens: rotated }));
  t.equal(await devices(second), 401, "after the token's secret changed and a restart, a cookie opened with the old one gets 401");
  t.equal(await devices(await login(rotated[0]!.token)), 200, 'the new secret logs in');
});

t.test('one PC cannot lock the others out: idle connections, guessed tokens, a proxy for two PCs', netnsRequirement('the LAN test'), async (t) => {
  const lan = await makeLan(t, 3);
  const [desk, attacker, proxy] = lan.clients as [string, string, string];
  const { ca, base } = await lanDaemon(t, lan, { extra: { http: { allowedHosts: ['tiepnhan.bv.local'], trustProxy: [proxy] } } });
  const port = Number(new URL(base).port);
  const asDesk = { authorization: `Bearer ${TOKENS[0]!.token}` };

  const holding = probe<{ open: number }>(lan, 'hold', { host: lan.server, port, from: attacker, count: 400, ms: 4_000 });
  await new Promise((r) => setTimeout(r, 1_500));
  const during = await probe(lan, 'request', { url: `${base}/api/devices`, from: desk, ca, headers: asDesk });
  t.equal(during.status, 200, "400 idle connections from one PC: another PC's desk still works");
  t.ok((await holding).open <= 32, `the idle PC kept at most http.maxConnectionsPerClient connections (${(await holding).open})`);

  const guesses = await probe<{ statuses: Record<string, number>; ms: number }>(lan, 'wrongBearer', {
    url: `${base}/api/devices`,
    from: attacker,
    ca,
    count: 300,
  });
  t.ok((guesses.statuses['429'] ?? 0) >= 280, `300 wrong Bearer tokens from one PC are throttled (${JSON.stringify(guesses.statuses)})`);
  const started = Date.now();
  const right = await probe(lan, 'request', { url: `${base}/api/devices`, from: desk, ca, headers: asDesk });
  t.equal(right.status, 200, `the right token from another PC answers at once (${Date.now() - started} ms with the probe's start)`);

  const viaProxy = (pc: string, token: string) =>
    probe(lan, 'request', {
      url: `${base}/api/session`,
      from: proxy,
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': pc },
      body: JSON.stringify({ token }),
    });
  for (let i = 0; i < 15; i++) await viaProxy('192.168.50.11', `typo-token-${i}-0123456789`);
  t.equal((await viaProxy('192.168.50.11', TOKENS[0]!.token)).status, 429, 'the PC that typed wrong waits');
  t.equal((await viaProxy('192.168.50.12', TOKENS[0]!.token)).status, 200, 'the other PC behind the same proxy logs in (http.trustProxy)');
});
