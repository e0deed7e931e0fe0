// The access rules alone (no server): which role may call which route; who a request is, from a
// bearer token, a page session cookie or (on a PC without tokens) a request no browser made; and
// sessions that stop working when their token leaves the configuration or their time is up.

import { randomBytes } from 'node:crypto';
import t from 'tap';
import { Access, type TokenConfig } from '../../../../daemon/src/http/access.ts';
import { SESSION_COOKIE, Sessions } from '../../../../daemon/src/http/sessions.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';

const key = randomBytes(32);
const tokens: TokenConfig[] = [
  { id: 'admin', token: 'admin-token-aaaaaaaaaaaa', role: 'admin', desk: null },
  { id: 'desk1', token: 'desk1-token-cccccccccccc', role: 'reception', desk: 'desk-1' },
];

t.test('the role table', async (t) => {
  t.equal(Access.allowed('GET', '/api/health'), 'public');
  t.equal(Access.allowed('GET', '/'), 'public', 'pages are public; their data is not');
  t.same(Access.allowed('GET', '/api/devices/:id/reads'), ['technician', 'admin']);
  t.same(Access.allowed('POST', '/api/search'), ['reception', 'admin']);
  t.same(Access.allowed('GET', '/api/patients/:id'), ['admin']);
  t.same(Access.allowed('POST', '/api/simulators/:id/scan'), ['admin'], 'an /api/ route nobody listed is admin-only');
  t.same(Access.allowed('GET', '/api/anything-new'), ['admin']);
});

t.test('health answers everyone; its details only technicians and admins (the local admin without tokens)', async (t) => {
  const tech: TokenConfig = { id: 'tech', token: 'tech-token-bbbbbbbbbbbbb', role: 'technician', desk: null };
  const access = new Access({ tokens: [...tokens, tech], sessionKey: key, sessionHours: 12 });
  const req = (authorization?: string, url = '/api/health', headers: Record<string, string> = {}) =>
    ({ method: 'GET', routeOptions: { url }, headers: { ...headers, ...(authorization ? { authorization } : {}) } }) as unknown as FastifyRequest;
  t.notOk(access.seesDetails(req()), 'no credential');
  t.notOk(access.seesDetails(req('Bearer desk1-token-cccccccccccc')), 'a desk');
  t.notOk(access.seesDetails(req('Bearer not-a-token-xxxxxxxxxx')), 'a wrong token: the short answer, no refusal');
  t.ok(access.seesDetails(req('Bearer tech-token-bbbbbbbbbbbbb')), 'a technician');
  t.ok(access.seesDetails(req('Bearer admin-token-aaaaaaaaaaaa')), 'an admin');
  t.notOk(access.seesDetails(req('Bearer admin-token-aaaaaaaaaaaa', '/api/session')), 'only routes listed with details');
  const open = new Access({ tokens: [], sessionKey: key, sessionHours: 12 });
  t.ok(open.seesDetails(req()), 'without tokens, curl on this PC is the local admin');
  t.notOk(open.seesDetails(req(undefined, '/api/health', { 'sec-fetch-site': 'same-origin' })), 'a browser without the local session is nobody');
});

t.test('a PC without tokens: curl is the local admin, a browser needs the page session', async (t) => {
  const open = new Access({ tokens: [], sessionKey: key, sessionHours: 12 });
  t.match(open.callerOf({ host: '127.0.0.1:7300' }, null), { id: 'local', role: 'admin' }, 'no Origin, no Sec-Fetch-*: curl, the CLI, a HIS on this PC');
  t.equal(open.callerOf({ host: '127.0.0.1:7300', origin: 'http://127.0.0.1:7300' }, null), undefined, 'a page request without the cookie: nobody');
  t.equal(open.callerOf({ host: '127.0.0.1:7300', 'sec-fetch-site': 'same-origin' }, null), undefined);
  t.match(
    open.callerOf({ host: '127.0.0.1:7300', 'sec-fetch-site': 'none' }, null),
    { id: 'local' },
    'the user typing the URL is not a page acting on its own',
  );
  t.equal(open.callerOf({ host: '127.0.0.1:7300' }, 'admin-token-aaaaaaaaaaaa')?.id, 'local', 'a token means nothing where none is configured');
});

t.test('with tokens: bearer, session cookie, and sessions that end', async (t) => {
  const clock = { now: 1_000_000 };
  const access = new Access({ tokens, sessionKey: key, sessionHours: 1, now: () => clock.now });
  t.match(access.callerOf({}, 'desk1-token-cccccccccccc'), { id: 'desk1', role: 'reception', desk: 'desk-1' });
  t.equal(access.callerOf({}, 'wrong'), undefined);
  t.equal(access.callerOf({}, null), undefined, 'no anonymous local admin once tokens exist');
  const sessions = new Sessions({ key, lookup: (id) => tokens.find((x) => x.id === id), maxAgeMs: () => 3600_000, now: () => clock.now });
  let issued = '';
  const reply = { setCookie: (_name: string, value: string) => void (issued = value) } as unknown as FastifyReply;
  access.setSession(reply, access.callerOf({}, 'desk1-token-cccccccccccc')!);
  const cookie = `${SESSION_COOKIE}=${encodeURIComponent(issued)}`;
  t.match(access.callerOf({ cookie, origin: 'http://127.0.0.1:7300' }, null), { id: 'desk1' }, 'a page with its session');
  const unbound = `${SESSION_COOKIE}=${encodeURIComponent(sessions.issue(tokens[1]!))}`;
  t.equal(access.callerOf({ cookie: unbound }, null), undefined, 'a session not bound to the token’s secret is worth nothing');
  const rotated = new Access({
    tokens: tokens.map((x) => (x.id === 'desk1' ? { ...x, token: 'desk1-rotated-secret-dddd' } : x)),
    sessionKey: key,
    sessionHours: 1,
    now: () => clock.now,
  });
  t.equal(rotated.callerOf({ cookie }, null), undefined, 'the token’s secret rotated: its sessions end');
  clock.now += 3600_001;
  t.equal(access.callerOf({ cookie }, null), undefined, 'a session past auth.sessionHours is worth nothing');
  clock.now -= 3600_001;
  const forged = `${SESSION_COOKIE}=${encodeURIComponent(sessions.issue(tokens[1]!).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))}`;
  t.equal(access.callerOf({ cookie: forged }, null), undefined, 'a tampered signature is worth nothing');
  const otherKey = new Sessions({ key: randomBytes(32), lookup: () => ({ id: 'admin' }), maxAgeMs: () => null, now: () => clock.now });
  t.equal(
    access.callerOf({ cookie: `${SESSION_COOKIE}=${encodeURIComponent(otherKey.issue({ id: 'admin' }))}` }, null),
    undefined,
    'a cookie signed by another install is worth nothing',
  );
  const removed = new Access({ tokens: tokens.filter((x) => x.id !== 'desk1'), sessionKey: key, sessionHours: 1, now: () => clock.now });
  t.equal(removed.callerOf({ cookie }, null), undefined, 'a session whose token left the configuration is worth nothing');
});
