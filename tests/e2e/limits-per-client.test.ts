// Limits per client, not per server (docs/reference/security.md): wrong tokens on every path throttle
// the address that sent them and nobody else; one address cannot hold the connections the desks
// need; behind a trusted proxy each PC counts for itself, and X-Forwarded-For from anyone else is
// ignored. On loopback: Linux routes all of 127.0.0.0/8 to this PC, so 127.0.0.1 and 127.0.0.3 are two
// clients of a daemon listening on 127.0.0.2 (a non-loopback host as far as the limits are concerned).

import { Agent, request } from 'node:http';
import { connect, type Socket as NetSocket } from 'node:net';
import { io as ioClient, type Socket } from 'socket.io-client';
import t from 'tap';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const TOKENS = { admin: 'admin-token-aaaaaaaaaaaa', desk1: 'desk1-token-cccccccccccc' };
const config = (http: Record<string, unknown> = {}) => ({
  simulators: { scanners: [], gateway: { latencyMs: 0 } },
  host: '127.0.0.2',
  http: { plainLan: true, ...http },
  auth: {
    tokens: [
      { id: 'admin', token: TOKENS.admin, role: 'admin' },
      { id: 'desk1', token: TOKENS.desk1, role: 'reception', desk: 'desk-1' },
    ],
  },
});

interface Answer {
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly body: { error?: { code: string; vi: string; en: string }; caller?: { id: string } | null };
}

const agents = new Map<string, Agent>();
/** One keep-alive agent per source address (closed at the end of the file). */
function agentFor(from: string): Agent {
  let a = agents.get(from);
  if (!a) agents.set(from, (a = new Agent({ keepAlive: true, localAddress: from })));
  return a;
}
t.teardown(() => agents.forEach((a) => a.destroy()));

/** A request to the daemon from the source address `from`. */
function call(d: TestDaemon, from: string, path: string, opts: { token?: string; xff?: string; body?: unknown; method?: string } = {}): Promise<Answer> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${d.url}${path}`,
      {
        agent: agentFor(from),
        method: opts.method ?? (payload ? 'POST' : 'GET'),
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.xff ? { 'x-forwarded-for': opts.xff } : {}),
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: (text ? JSON.parse(text) : {}) as Answer['body'] }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A socket.io handshake from `from`: 'connected', or the refusal's message and data. */
function handshake(d: TestDaemon, from: string, token: string): Promise<{ error: string | null; data?: { retryAfterS?: number } }> {
  return new Promise((resolve) => {
    const s: Socket = ioClient(d.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      localAddress: from,
      auth: { token, view: 'all' },
    } as never);
    s.once('connect', () => {
      s.close();
      resolve({ error: null });
    });
    s.once('connect_error', (err: Error & { data?: { retryAfterS?: number } }) => {
      s.close();
      resolve({ error: err.message, data: err.data });
    });
  });
}

t.test('300 wrong Bearer tokens from one address are throttled; the right token from another works at once', async (t) => {
  const d = await startTestDaemon(t, { config: config() });
  const statuses: number[] = [];
  let last: Answer | null = null;
  for (let i = 0; i < 300; i++) {
    last = await call(d, '127.0.0.3', '/api/devices', { token: `guess-${i}-xxxxxxxxxxxxxxxx` });
    statuses.push(last.status);
  }
  const wrong = statuses.filter((s) => s === 401).length;
  t.ok(wrong <= 13, `only the first guesses are looked at (${wrong} answered 401, the rest 429)`);
  t.equal(statuses.filter((s) => s === 429).length, 300 - wrong, 'every other one waits');
  t.equal(last!.body.error?.code, 'RATE_LIMITED');
  t.match(last!.body.error, { vi: /Thử mã truy cập sai quá nhiều/, en: /Too many wrong access tokens/ }, 'in Vietnamese and English');
  t.ok(Number(last!.retryAfter) >= 1, `Retry-After: ${last!.retryAfter}`);

  const t0 = Date.now();
  t.equal((await call(d, '127.0.0.1', '/api/devices', { token: TOKENS.desk1 })).status, 200, 'the right token from another address: 200');
  t.ok(Date.now() - t0 < 1000, `at once (${Date.now() - t0} ms)`);
  t.equal(
    (await call(d, '127.0.0.3', '/api/devices', { token: TOKENS.desk1 })).status,
    429,
    'from the guessing address even the right token waits (not looked at)',
  );
  t.equal((await call(d, '127.0.0.3', '/api/session', { token: TOKENS.desk1 })).status, 429, 'on a public route that reads the token too');
  t.equal((await call(d, '127.0.0.1', '/api/session', { token: TOKENS.desk1 })).body.caller?.id, 'desk1');
  const login = await call(d, '127.0.0.3', '/api/session', { body: { token: TOKENS.desk1 } });
  t.equal(login.status, 429, 'a page login from the guessing address waits');
  t.equal((await call(d, '127.0.0.1', '/api/session', { body: { token: TOKENS.desk1 } })).status, 200, 'a page login from another address does not');
  t.equal(
    (await call(d, '127.0.0.3', '/api/devices', { token: TOKENS.desk1, xff: '10.9.9.9' })).status,
    429,
    'X-Forwarded-For from a PC that is no trusted proxy changes nothing',
  );
  const refused = await handshake(d, '127.0.0.3', TOKENS.desk1);
  t.equal(refused.error, 'RATE_LIMITED', 'nor a socket.io handshake');
  t.ok((refused.data?.retryAfterS ?? 0) >= 1, `which says when to retry (${refused.data?.retryAfterS} s)`);
  t.same(await handshake(d, '127.0.0.1', TOKENS.desk1), { error: null }, 'which works from another address');
});

t.test('wrong socket.io handshake tokens are throttled per address too', async (t) => {
  const d = await startTestDaemon(t, { config: config() });
  const errors: string[] = [];
  for (let i = 0; i < 15; i++) errors.push((await handshake(d, '127.0.0.4', `guess-${i}-xxxxxxxxxxxxxxxx`)).error ?? 'connected');
  t.same(errors.slice(0, 10), Array(10).fill('AUTH_REQUIRED'), 'the first wrong ones are refused as such');
  t.equal(errors.at(-1), 'RATE_LIMITED', 'then the address waits');
  t.equal((await call(d, '127.0.0.4', '/api/devices', { token: TOKENS.desk1 })).status, 429, 'on HTTP as well: one count per address for every path');
  t.equal((await handshake(d, '127.0.0.1', TOKENS.desk1)).error, null, 'another address connects at once');
});

t.test('400 idle connections from one address leave another address’s desk working', async (t) => {
  const d = await startTestDaemon(t, { config: config() });
  t.equal(d.daemon.app.server.keepAliveTimeout, 5000, 'idle keep-alive connections are closed after 5 s (http.keepAliveTimeoutMs)');
  const idle: NetSocket[] = [];
  t.teardown(() => idle.forEach((s) => s.destroy()));
  const port = Number(new URL(d.url).port);
  await Promise.all(
    Array.from(
      { length: 400 },
      () =>
        new Promise<void>((resolve) => {
          const s = connect({ host: '127.0.0.2', port, localAddress: '127.0.0.5' }, () => resolve());
          s.on('error', () => resolve());
          s.on('close', () => resolve());
          idle.push(s);
        }),
    ),
  );
  await until(() => idle.filter((s) => !s.destroyed).length <= 32, 5000);
  t.equal(idle.filter((s) => !s.destroyed).length, 32, 'the address keeps its 32 (http.maxConnectionsPerClient); the rest are closed at once');
  t.equal((await call(d, '127.0.0.1', '/api/devices', { token: TOKENS.desk1 })).status, 200, 'another address’s desk is answered');
  t.equal((await handshake(d, '127.0.0.1', TOKENS.desk1)).error, null, 'and its socket connects');
  const health = await call(d, '127.0.0.1', '/api/health', { token: TOKENS.admin });
  t.ok(
    ((health.body as { rejectedRequests?: Record<string, number> }).rejectedRequests?.['TOO_MANY_CONNECTIONS'] ?? 0) >= 368,
    'the refused connections are counted',
  );
  t.ok(
    d.logs.some((l) => l.includes('per-client cap') && l.includes('127.0.0.5')),
    'and logged once for the address',
  );
  t.equal(d.logs.filter((l) => l.includes('per-client cap')).length, 1, 'once');
});

t.test('with http.trustProxy, a proxy forwarding for two PCs does not lock one out for the other’s mistakes', async (t) => {
  const d = await startTestDaemon(t, { config: config({ trustProxy: ['127.0.0.1'] }) });
  const PC_A = '192.168.1.21';
  const PC_B = '192.168.1.22';
  const logins: number[] = [];
  for (let i = 0; i < 12; i++) logins.push((await call(d, '127.0.0.1', '/api/session', { xff: PC_A, body: { token: `typo-${i}-xxxxxxxxxxxxxxxx` } })).status);
  t.equal(logins.at(-1), 429, `PC A, behind the proxy, is throttled after its typos (${logins.join(' ')})`);
  t.equal((await call(d, '127.0.0.1', '/api/session', { xff: PC_A, body: { token: TOKENS.desk1 } })).status, 429, 'even with the right token');
  t.equal((await call(d, '127.0.0.1', '/api/session', { xff: PC_B, body: { token: TOKENS.desk1 } })).status, 200, 'PC B, through the same proxy, logs in');
  t.equal((await call(d, '127.0.0.1', '/api/devices', { xff: PC_B, token: TOKENS.admin })).status, 200, 'and its admin token works');
  for (let i = 0; i < 12; i++) await call(d, '127.0.0.1', '/api/devices', { xff: PC_A, token: `guess-${i}-xxxxxxxxxxxxxxxx` });
  t.equal((await call(d, '127.0.0.1', '/api/devices', { xff: `${PC_B}, 127.0.0.1`, token: TOKENS.admin })).status, 200, 'through two proxy hops as well');
  t.equal((await call(d, '127.0.0.1', '/api/devices', { token: TOKENS.admin })).status, 200, 'and the proxy itself is not blocked for them');
  t.equal(
    (await call(d, '127.0.0.3', '/api/session', { xff: PC_A, body: { token: `x-xxxxxxxxxxxxxxxxxx` } })).status,
    401,
    'a PC that is no trusted proxy cannot borrow PC A’s address: its header is ignored, its own count is clean',
  );
  const port = Number(new URL(d.url).port);
  const viaProxy: NetSocket[] = [];
  t.teardown(() => viaProxy.forEach((s) => s.destroy()));
  for (let i = 0; i < 40; i++) viaProxy.push(connect({ host: '127.0.0.2', port, localAddress: '127.0.0.1' }));
  await new Promise((r) => setTimeout(r, 300));
  t.equal(viaProxy.filter((s) => !s.destroyed).length, 40, 'a trusted proxy is not held to the per-client connection cap (its PCs share its address)');
});
