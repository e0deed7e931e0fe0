// Page sessions kept by the daemon (#32 item 2), on loopback with real daemons and SQLite files: after
// logging out, and after a token's secret changes and the daemon restarts on the same data folder, the
// old cookie reads no patient (401); a session unused past auth.sessionIdleMinutes ends; an
// administrator lists the sessions (no secret) and ends one, audited; the tokenless quick start still
// gives every page the local session; the logged-out list of earlier versions is removed at start.

import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import t, { type Test } from 'tap';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import { sessionHash } from '../../daemon/src/http/sessions.ts';
import { todayInVietnam } from '../../daemon/src/util/vietnam-time.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { raw } from '../helpers/raw-http.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const noSims = { simulators: { scanners: [], gateway: { latencyMs: 0 } } };
const TOKENS = { admin: 'admin-token-aaaaaaaaaaaa', desk1: 'desk1-token-cccccccccccc' };
const auth = {
  tokens: [
    { id: 'admin', token: TOKENS.admin, role: 'admin' },
    { id: 'desk1', token: TOKENS.desk1, role: 'reception', desk: 'desk-1' },
  ],
};
const browserish = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (d: TestDaemon, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${d.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function dataDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-sessions-e2e-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Logs a page in with `token`: its session cookie (name=value). */
async function login(d: TestDaemon, token: string): Promise<string> {
  const res = await post(d, '/api/session', { token });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (res.status !== 200 || !cookie.startsWith('tiepnhan_session=')) throw new Error(`login failed: ${res.status}`);
  return cookie;
}

/** A card read at desk-1 and registered: its registration id (a route that shows a patient). */
async function registration(d: TestDaemon): Promise<number> {
  const read = (await (
    await post(d, '/api/camera', { desk: 'desk-1', bytesBase64: Buffer.from(AN).toString('base64') }, bearer(TOKENS.desk1))
  ).json()) as ScanMessage;
  const reg = await post(d, '/api/registrations', { eventId: read.eventId, department: 'kham-noi' }, bearer(TOKENS.desk1));
  return ((await reg.json()) as { registration: { id: number } }).registration.id;
}

const fhir = async (d: TestDaemon, id: number, cookie: string) =>
  (await raw(`${d.url}/api/registrations/${id}/fhir`, { headers: { ...browserish, cookie } })).status;
const who = async (d: TestDaemon, cookie: string) =>
  JSON.parse((await raw(`${d.url}/api/session`, { headers: { ...browserish, cookie } })).body) as { caller: { id: string } | null };

t.test('after logging out, the old cookie gets 401 on a patient route, also after a restart', async (t) => {
  const dir = await dataDir(t);
  const d = await startTestDaemon(t, { dataDir: dir, config: { auth, ...noSims } });
  const id = await registration(d);
  const cookie = await login(d, TOKENS.desk1);
  t.equal(await fhir(d, id, cookie), 200, 'the session reads the registration');
  const out = await raw(`${d.url}/api/session`, { method: 'DELETE', headers: { ...browserish, cookie } });
  t.equal(out.status, 200);
  t.same((await who(d, cookie)).caller, null, 'GET /api/session: the kept cookie is no one');
  t.equal(await fhir(d, id, cookie), 401, 'and reads no patient');
  await d.stop();
  const again = await startTestDaemon(t, { dataDir: dir, config: { auth, ...noSims } });
  t.equal(await fhir(again, id, cookie), 401, 'still ended after a restart');
});

t.test('a token given a new secret: after a restart, a cookie opened with the old one gets 401', async (t) => {
  const dir = await dataDir(t);
  const d = await startTestDaemon(t, { dataDir: dir, config: { auth, ...noSims } });
  const id = await registration(d);
  const cookie = await login(d, TOKENS.desk1);
  const adminCookie = await login(d, TOKENS.admin);
  t.equal(await fhir(d, id, cookie), 200);
  await d.stop();
  const rotated = { tokens: auth.tokens.map((x) => (x.id === 'desk1' ? { ...x, token: 'desk1-new-secret-dddddddddd' } : x)) };
  const after = await startTestDaemon(t, { dataDir: dir, config: { auth: rotated, ...noSims } });
  t.equal(await fhir(after, id, cookie), 401, 'the old secret’s session reads no patient');
  t.equal(await fhir(after, id, adminCookie), 200, 'a session of an unchanged token goes on');
  t.ok(
    after.logs.some((l) => /page sessions of removed tokens or of tokens with a new secret ended/.test(l) && /"ended":1/.test(l)),
    'the start says how many sessions it ended',
  );
  const list = (await (await fetch(`${after.url}/api/sessions`, { headers: bearer(TOKENS.admin) })).json()) as Array<{
    callerId: string;
    revokedReason: string | null;
  }>;
  t.match(
    list.find((s) => s.callerId === 'desk1'),
    { revokedReason: 'token' },
    'listed as ended because of its token',
  );
});

t.test('a session unused past auth.sessionIdleMinutes ends; one in use does not', async (t) => {
  const clock = { now: Date.now() };
  const d = await startTestDaemon(t, { config: { auth: { ...auth, sessionIdleMinutes: 30 }, ...noSims }, override: { now: () => new Date(clock.now) } });
  const idle = await login(d, TOKENS.desk1);
  const busy = await login(d, TOKENS.desk1);
  const devices = async (cookie: string) => (await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie } })).status;
  clock.now += 20 * 60_000;
  t.equal(await devices(busy), 200);
  clock.now += 20 * 60_000;
  t.equal(await devices(busy), 200, 'used every 20 minutes: still open after 40');
  t.equal(await devices(idle), 401, 'unused for 40 minutes: ended');
  t.same((await who(d, idle)).caller, null);
});

t.test('an administrator lists the sessions without their secrets and ends one, audited', async (t) => {
  const d = await startTestDaemon(t, { config: { auth, ...noSims } });
  const cookie = await login(d, TOKENS.desk1);
  const other = await login(d, TOKENS.desk1);
  const secret = cookie.split('=')[1]!;
  t.equal((await fetch(`${d.url}/api/sessions`, { headers: bearer(TOKENS.desk1) })).status, 403, 'not for a desk');
  t.equal((await raw(`${d.url}/api/sessions`, { headers: { ...browserish, cookie } })).status, 403, 'nor for its page');
  const res = await fetch(`${d.url}/api/sessions`, { headers: bearer(TOKENS.admin) });
  const text = await res.text();
  t.equal(res.status, 200);
  t.notOk(text.includes(secret) || text.includes(sessionHash(secret)), 'no secret, no hash of one');
  const list = JSON.parse(text) as Array<{ id: string; callerId: string; role: string; desk: string | null; active: boolean; expiresAt: string }>;
  t.equal(list.length, 2);
  t.match(list, [
    { callerId: 'desk1', role: 'reception', desk: 'desk-1', active: true, revoked: false },
    { callerId: 'desk1', active: true },
  ]);
  const socket: Socket = ioClient(d.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie },
    auth: { view: 'reception', desk: 'desk-1' },
  });
  t.teardown(() => socket.close());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  // The newest is listed first: `other`. End the first one logged in, `cookie`.
  const target = list[1]!.id;
  const del = await fetch(`${d.url}/api/sessions/${target}`, { method: 'DELETE', headers: bearer(TOKENS.admin) });
  t.equal(del.status, 200);
  t.same(await del.json(), { ended: target, callerId: 'desk1' });
  t.equal(await closed, 'io server disconnect', 'its socket is closed');
  t.equal((await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie } })).status, 401, 'the ended session reads nothing');
  t.equal((await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie: other } })).status, 200, 'the other goes on');
  const again = await fetch(`${d.url}/api/sessions/${target}`, { method: 'DELETE', headers: bearer(TOKENS.admin) });
  t.equal(again.status, 404);
  t.match(await again.json(), { error: { code: 'SESSION_NOT_FOUND' } });
  t.equal((await fetch(`${d.url}/api/sessions/not-an-id`, { method: 'DELETE', headers: bearer(TOKENS.admin) })).status, 400);
  t.match((await (await fetch(`${d.url}/api/sessions`, { headers: bearer(TOKENS.admin) })).json()) as unknown[], [
    { active: true },
    { id: target, active: false, revoked: true, revokedReason: 'admin' },
  ]);
  const day = todayInVietnam();
  let rows: Array<{ actor: string; action: string; subject: string | null }> = [];
  for (let i = 0; i < 50 && !rows.some((r) => r.action === 'endSession'); i++) {
    const audit = (await (await fetch(`${d.url}/api/audit?from=${day}&to=${day}`, { headers: bearer(TOKENS.admin) })).json()) as { entries: typeof rows };
    rows = audit.entries;
    if (!rows.some((r) => r.action === 'endSession')) await new Promise((r) => setTimeout(r, 20));
  }
  t.match(
    rows.find((r) => r.action === 'endSession'),
    { actor: 'admin', subject: `session ${target} of desk1` },
    'audited: who ended whose session',
  );
});

t.test('the quick start: a page load gives the local session; the old logged-out list is removed', async (t) => {
  const dir = await dataDir(t);
  await writeFile(join(dir, 'revoked-sessions.json'), '{"0000":1}', { mode: 0o600 });
  const d = await startTestDaemon(t, { dataDir: dir, config: noSims });
  await t.rejects(stat(join(dir, 'revoked-sessions.json')), { code: 'ENOENT' }, 'revoked-sessions.json is gone');
  t.ok(
    d.logs.some((l) => /old logged-out session list removed/.test(l)),
    'with a line in the log',
  );
  const page = await raw(`${d.url}/`, { headers: { 'sec-fetch-site': 'none' } });
  const cookie = String(page.headers['set-cookie']).split(';')[0]!;
  t.match(cookie, /^tiepnhan_session=[A-Za-z0-9_-]{43}$/);
  t.notMatch(String(page.headers['set-cookie']), /Max-Age/i, 'a browser session cookie: the local session has no absolute end');
  t.match(await who(d, cookie), { caller: { id: 'local', role: 'admin' } });
  t.equal((await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie } })).status, 200, 'the page reads with it');
  const again = await raw(`${d.url}/`, { headers: { 'sec-fetch-site': 'none', cookie } });
  t.notOk(again.headers['set-cookie'], 'a page loaded with its session keeps it');
  await raw(`${d.url}/api/session`, { method: 'DELETE', headers: { ...browserish, cookie } });
  t.equal((await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie } })).status, 401, 'logged out: that cookie is no one');
  const reload = await raw(`${d.url}/`, { headers: { 'sec-fetch-site': 'none', cookie } });
  t.match(String(reload.headers['set-cookie']), /^tiepnhan_session=/, 'the next page load starts a new local session');
});
