// The access rules alone (no server): which role may call which route; who a request is, from a
// bearer token, a page session cookie or (on a PC without tokens) a request no browser made; and
// sessions (kept in a real SQLite file) that end: when their token leaves the configuration or gets
// another secret, when their time is up, by logging out or by an administrator.

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { Socket } from 'socket.io';
import { Access, type TokenConfig } from '../../../../daemon/src/http/access.ts';
import { SessionStore } from '../../../../daemon/src/http/session-store.ts';
import { SESSION_COOKIE } from '../../../../daemon/src/http/sessions.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
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

async function tempDb(t: Test): Promise<Db> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-access-'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  await migrate(db);
  t.teardown(async () => {
    await db.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return db;
}

/** Opens a page session of `token` on `access`; returns its Cookie header. */
function login(access: Access, token: string): string {
  let issued = '';
  const reply = { setCookie: (_name: string, value: string) => void (issued = value) } as unknown as FastifyReply;
  access.setSession(reply, access.callerOf({}, token)!);
  return `${SESSION_COOKIE}=${issued}`;
}

t.test('with tokens: bearer, session cookie, and sessions that end', async (t) => {
  const clock = { now: 1_000_000 };
  const db = await tempDb(t);
  const stores: SessionStore[] = [];
  const store = (): SessionStore => {
    const s = new SessionStore({ db, now: () => clock.now, idleMs: 30 * 60_000 });
    stores.push(s);
    return s;
  };
  const settled = () => Promise.all(stores.map((s) => s.settled()));
  const start = (list: TokenConfig[]) => Access.create({ tokens: list, sessionKey: key, sessionHours: 1, now: () => clock.now, sessions: store() });
  const access = await start(tokens);
  t.match(access.callerOf({}, 'desk1-token-cccccccccccc'), { id: 'desk1', role: 'reception', desk: 'desk-1' });
  t.equal(access.callerOf({}, 'wrong'), undefined);
  t.equal(access.callerOf({}, null), undefined, 'no anonymous local admin once tokens exist');
  const cookie = login(access, 'desk1-token-cccccccccccc');
  t.match(cookie, /^tiepnhan_session=[A-Za-z0-9_-]{43}$/, 'the cookie holds a random secret and nothing else');
  t.match(access.callerOf({ cookie, origin: 'http://127.0.0.1:7300' }, null), { id: 'desk1' }, 'a page with its session');
  t.equal(access.callerOf({ cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` }, null), undefined, 'a made-up secret is worth nothing');
  const tampered = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  t.equal(access.callerOf({ cookie: tampered }, null), undefined, 'a changed secret is worth nothing');
  t.equal(access.callerOf({ cookie: 'tiepnhan_session=desk1.1000000-abc.s1gnature' }, null), undefined, 'a signed cookie of an earlier version opens nothing');

  clock.now += 3600_001;
  t.equal(access.callerOf({ cookie }, null), undefined, 'a session past auth.sessionHours is worth nothing');
  const kept = login(access, 'desk1-token-cccccccccccc');
  const admin = login(access, 'admin-token-aaaaaaaaaaaa');
  await settled();

  const rotated = await start(tokens.map((x) => (x.id === 'desk1' ? { ...x, token: 'desk1-rotated-secret-dddd' } : x)));
  t.equal(rotated.callerOf({ cookie: kept }, null), undefined, 'the token’s secret rotated: its sessions end at start');
  t.match(rotated.callerOf({ cookie: admin }, null), { id: 'admin' }, 'a session of an unchanged token goes on');
  await settled();
  const back = await start(tokens);
  t.equal(back.callerOf({ cookie: kept }, null), undefined, 'ended for good: the old secret back does not bring it back');
  const removed = await start(tokens.filter((x) => x.id !== 'admin'));
  t.equal(removed.callerOf({ cookie: admin }, null), undefined, 'a session whose token left the configuration is worth nothing');
  const desk1 = login(back, 'desk1-token-cccccccccccc');
  await settled();
  const moved = await start(tokens.map((x) => (x.id === 'desk1' ? { ...x, desk: 'desk-2' } : x)));
  t.equal(moved.callerOf({ cookie: desk1 }, null), undefined, 'nor one whose token now acts for another desk');
});

t.test('logging out and an administrator end a session at once; sockets are told', async (t) => {
  const clock = { now: 5_000_000 };
  const sessions = new SessionStore({ db: await tempDb(t), now: () => clock.now, idleMs: 30 * 60_000 });
  const access = await Access.create({ tokens, sessionKey: key, sessionHours: 12, now: () => clock.now, sessions });
  const ended: string[] = [];
  access.onSessionEnded((hash) => ended.push(hash));
  const a = login(access, 'desk1-token-cccccccccccc');
  const b = login(access, 'desk1-token-cccccccccccc');
  const cleared: string[] = [];
  const reply = { clearCookie: (name: string) => void cleared.push(name) } as unknown as FastifyReply;
  access.clearSession(reply, a);
  t.same(cleared, [SESSION_COOKIE], 'the cookie is cleared');
  t.equal(access.callerOf({ cookie: a }, null), undefined, 'the logged-out cookie is no one');
  t.same(ended, [access.sessionHashOf({ cookie: a })], 'the sockets of that session are told');
  t.match(access.callerOf({ cookie: b }, null), { id: 'desk1' }, 'another session of the same token goes on');
  const listed = await (await sessions.settled(), access.listSessions());
  const live = listed.find((s) => s.active)!;
  t.match(listed, [{ callerId: 'desk1' }, { callerId: 'desk1' }]);
  t.match(
    listed.find((s) => !s.active),
    { revoked: true, revokedReason: 'logout' },
  );
  t.match(access.endSession(live.id), { id: live.id, callerId: 'desk1' }, 'an administrator ends the other');
  t.equal(access.callerOf({ cookie: b }, null), undefined);
  t.equal(access.endSession(live.id), undefined, 'once');
  t.equal(access.endSession('000000000000'), undefined, 'an unknown id');
  t.equal(ended.length, 2);
});

t.test('an open socket keeps its session in use; a heartbeat after its end closes the socket', async (t) => {
  const clock = { now: 9_000_000 };
  const sessions = new SessionStore({ now: () => clock.now, idleMs: 30 * 60_000 });
  const access = await Access.create({ tokens, sessionKey: key, sessionHours: 2, now: () => clock.now, sessions });
  const cookie = login(access, 'desk1-token-cccccccccccc');
  const socket = (headers: Record<string, string>, auth: Record<string, unknown> = {}) => {
    const s = { handshake: { auth }, request: { headers }, conn: new EventEmitter(), closed: false, disconnect: () => void (s.closed = true) };
    access.keepSessionAlive(s as unknown as Socket);
    return s;
  };
  const page = socket({ cookie });
  const withToken = socket({ cookie }, { token: 'desk1-token-cccccccccccc' });
  for (let i = 0; i < 4; i++) {
    clock.now += 20 * 60_000; // 80 minutes with no request, the socket's heartbeats only
    page.conn.emit('heartbeat');
  }
  t.equal(page.closed, false);
  t.match(access.callerOf({ cookie }, null), { id: 'desk1' }, 'still in use after 80 minutes without a request');
  clock.now += 45 * 60_000;
  page.conn.emit('heartbeat');
  t.equal(page.closed, true, 'past auth.sessionHours: the socket is closed');
  withToken.conn.emit('heartbeat');
  t.equal(withToken.closed, false, 'a socket with an API token is left alone');
});
