// Page sessions kept in a real SQLite file: only the secret's hash is stored; a session ends when it
// is unused past the idle limit, at its absolute end, when it is ended (at once, and for good across a
// restart), or at start when its token no longer holds it; last seen is written at most once a
// minute; rows ended more than a day ago go; the list never shows a secret.

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { removeOldRevocations, SessionStore, type SessionOwner, type SessionStoreDeps } from '../../../../daemon/src/http/session-store.ts';
import { sessionHash } from '../../../../daemon/src/http/sessions.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import type { Rows } from '../../../../daemon/src/storage/rows.ts';
import { Writable } from 'node:stream';

const T0 = Date.parse('2026-12-07T01:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const desk1: SessionOwner = { callerId: 'desk1', role: 'reception', desk: 'desk-1', fingerprint: 'f1f1f1f1f1f1f1f1' };
const admin: SessionOwner = { callerId: 'admin', role: 'admin', desk: null, fingerprint: 'a0a0a0a0a0a0a0a0' };

async function open(
  t: Test,
): Promise<{ dir: string; file: string; db: Db; clock: { now: number }; store: (more?: Partial<SessionStoreDeps>) => SessionStore }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-sessions-'));
  const file = join(dir, 'db.sqlite');
  const db = await Db.open(file, { synchronous: 'NORMAL' });
  await migrate(db);
  t.teardown(async () => {
    await db.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  const clock = { now: T0 };
  return { dir, file, db, clock, store: (more = {}) => new SessionStore({ db, now: () => clock.now, idleMs: 30 * MIN, ...more }) };
}

const rows = (db: Db) => db.all<Rows['sessions']>('SELECT * FROM sessions ORDER BY created_at, rowid');

t.test('a session is its secret: only the hash is kept, the list shows neither', async (t) => {
  const { db, file, store } = await open(t);
  const sessions = store();
  const { secret, session } = sessions.open(desk1, T0 + 12 * HOUR);
  t.match(secret, /^[A-Za-z0-9_-]{43}$/, '32 random bytes');
  t.match(session.id, /^[0-9a-f]{12}$/, 'a short public id');
  t.match(sessions.check(secret), { id: session.id, callerId: 'desk1', role: 'reception', desk: 'desk-1' }, 'valid at once');
  t.equal(sessions.check(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`), undefined, 'another secret is no session');
  t.equal(sessions.check('short'), undefined);
  await sessions.settled();
  const [row] = await rows(db);
  t.match(row, { id: session.id, secret_hash: sessionHash(secret), caller_id: 'desk1', token_fingerprint: desk1.fingerprint, revoked_at: null });
  t.equal(row!.expires_at, '2026-12-07T13:00:00.000Z');
  await db.checkpoint();
  t.notOk((await readFile(file)).includes(Buffer.from(secret)), 'the secret is not in the database file');
  const listed = await sessions.list();
  t.same(Object.keys(listed[0]!).sort(), [
    'active',
    'callerId',
    'createdAt',
    'desk',
    'expiresAt',
    'id',
    'idleUntil',
    'lastSeenAt',
    'revoked',
    'revokedAt',
    'revokedReason',
    'role',
  ]);
  t.notOk(JSON.stringify(listed).includes(secret) || JSON.stringify(listed).includes(sessionHash(secret)), 'no secret, no hash of one');
  t.match(listed[0], { id: session.id, active: true, revoked: false, idleUntil: '2026-12-07T01:30:00.000Z' });
});

t.test('idle and absolute limits; last seen written at most once a minute', async (t) => {
  const { db, clock, store } = await open(t);
  const sessions = store();
  const { secret, session } = sessions.open(desk1, T0 + 2 * HOUR);
  const seen = async () => {
    await sessions.settled();
    return (await db.get<{ s: string }>('SELECT last_seen_at AS s FROM sessions WHERE id = ?', [session.id]))!.s;
  };
  clock.now += 20 * 1000;
  sessions.check(secret);
  t.equal(await seen(), '2026-12-07T01:00:00.000Z', 'a use within the minute writes nothing');
  clock.now = T0 + MIN + 1000;
  sessions.check(secret);
  t.equal(await seen(), '2026-12-07T01:01:01.000Z', 'the first use after a minute is written');
  clock.now += 30 * MIN; // exactly the idle limit since the last use
  t.ok(sessions.check(secret), 'used again at the idle limit');
  clock.now += 30 * MIN + 1;
  t.equal(sessions.check(secret), undefined, 'unused past auth.sessionIdleMinutes: ended');
  clock.now -= 30 * MIN + 1;
  t.equal(sessions.check(secret), undefined, 'and it stays ended');

  const busy = sessions.open(admin, T0 + 2 * HOUR);
  while (clock.now < T0 + 2 * HOUR - 10 * MIN) {
    clock.now += 10 * MIN;
    t.ok(sessions.check(busy.secret));
  }
  clock.now = T0 + 2 * HOUR;
  t.equal(sessions.check(busy.secret), undefined, 'in use all along, yet ended at its absolute end');

  const local = sessions.open({ ...admin, callerId: 'local' }, null);
  clock.now += 29 * 24 * HOUR;
  t.ok(sessions.check(local.secret), 'a session without an absolute end: no idle limit of minutes');
  clock.now += 30 * 24 * HOUR + 1;
  t.equal(sessions.check(local.secret), undefined, 'but not 30 days unused');
});

t.test('ended: refused at once, and for good across a restart; the right one only', async (t) => {
  const { db, store } = await open(t);
  const sessions = store();
  const a = sessions.open(desk1, T0 + HOUR);
  const b = sessions.open(desk1, T0 + HOUR);
  t.match(sessions.end(a.session.id, 'logout'), { id: a.session.id, hash: sessionHash(a.secret) });
  t.equal(sessions.check(a.secret), undefined, 'refused by the next request');
  t.ok(sessions.check(b.secret), 'another session of the same token goes on');
  t.equal(sessions.end(a.session.id, 'admin'), undefined, 'ended once');
  t.equal(sessions.end('ffffffffffff', 'admin'), undefined, 'no such session');
  await sessions.settled();
  t.match(await rows(db), [
    { id: a.session.id, revoked_reason: 'logout' },
    { id: b.session.id, revoked_at: null },
  ]);
  const restarted = store();
  t.same(await restarted.load(() => true), { ended: 0, live: 1 });
  t.equal(restarted.check(a.secret), undefined, 'still ended after a restart');
  t.ok(restarted.check(b.secret), 'the other one is back');
  t.match(
    await restarted.list(),
    [
      { id: b.session.id, active: true },
      { id: a.session.id, active: false, revoked: true, revokedReason: 'logout', idleUntil: null },
    ],
    'newest first',
  );
});

t.test('at start: sessions their token no longer holds end; idle time counts across the restart', async (t) => {
  const { db, clock, store } = await open(t);
  const before = store();
  const kept = before.open(admin, T0 + 12 * HOUR);
  const rotated = before.open(desk1, T0 + 12 * HOUR);
  const idle = before.open({ ...admin, fingerprint: 'a0a0a0a0a0a0a0a1' }, T0 + 12 * HOUR);
  clock.now += 20 * MIN;
  before.check(kept.secret);
  before.check(rotated.secret);
  await before.settled();
  clock.now += 20 * MIN; // 40 minutes after `idle` was last used, 20 after the others
  const after = store();
  const holds = (o: SessionOwner) => o.callerId === 'admin' || o.fingerprint !== desk1.fingerprint;
  t.same(await after.load(holds), { ended: 1, live: 1 }, 'desk1’s secret changed: its session ended; the idle one had ended already');
  t.ok(after.check(kept.secret));
  t.equal(after.check(rotated.secret), undefined);
  t.equal(after.check(idle.secret), undefined);
  t.match(await rows(db), [
    { id: kept.session.id, revoked_at: null },
    { id: rotated.session.id, revoked_reason: 'token' },
    { id: idle.session.id, revoked_at: null },
  ]);
});

t.test('rows of sessions ended more than a day ago go; writes take the durable path', async (t) => {
  const { db, clock, store } = await open(t);
  const kept: string[] = [];
  const keep: SessionStoreDeps['keep'] = (what, fn) => (kept.push(what), fn());
  const sessions = store({ keep });
  const old = sessions.open(desk1, T0 + HOUR);
  sessions.end(old.session.id, 'logout');
  sessions.open(desk1, T0 + HOUR); // expires, then idles out
  clock.now += 90 * MIN;
  const recent = sessions.open(admin, clock.now + 12 * HOUR);
  sessions.end(recent.session.id, 'admin');
  const live = sessions.open(admin, clock.now + 12 * HOUR);
  await sessions.settled();
  t.same([...new Set(kept)].sort(), ['old sessions purged', 'session ended', 'session opened']);
  t.equal((await rows(db)).length, 4);
  clock.now = T0 + 25 * HOUR;
  await store().load(() => true);
  t.same(
    (await rows(db)).map((r) => r.id),
    [recent.session.id, live.session.id],
    'ended more than a day ago: gone; ended an hour ago, or live: kept',
  );
});

t.test('the logged-out list of earlier versions is removed at start, with a line in the log', async (t) => {
  const { dir } = await open(t);
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }));
  const file = join(dir, 'revoked-sessions.json');
  await writeFile(file, '{"abc":1}');
  await removeOldRevocations(file, log);
  await t.rejects(stat(file), { code: 'ENOENT' });
  t.match(lines.join(''), /old logged-out session list removed/);
  await removeOldRevocations(file, log);
  t.equal(lines.length, 1, 'nothing to say when it is gone');
});
