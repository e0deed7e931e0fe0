// The hub admin page's sessions (hub/src/hub-session.ts): a random secret in an HttpOnly,
// SameSite=Strict cookie (Secure under TLS), kept as a hash in memory, ended by logout and by the
// time limit; and the same-origin rule a cookie-authenticated request must pass.

import t from 'tap';
import { parseSetCookie } from 'cookie';
import { HUB_SESSION_COOKIE, HUB_SESSION_HOURS, HubSessions, sameOrigin } from '../../../hub/src/hub-session.ts';

const cookieOf = (setCookie: string) => `${HUB_SESSION_COOKIE}=${parseSetCookie(setCookie).value ?? ''}`;

t.test('a session: its cookie, checked until logout', async (t) => {
  const clock = { now: Date.parse('2026-04-15T03:00:00Z') };
  const sessions = new HubSessions({ now: () => clock.now, secure: false });
  const set = sessions.open();
  const parsed = parseSetCookie(set);
  t.match(parsed, { name: HUB_SESSION_COOKIE, httpOnly: true, sameSite: 'strict', path: '/', maxAge: HUB_SESSION_HOURS * 3600 });
  t.notOk(parsed.secure, 'not Secure over plain HTTP');
  t.ok((parsed.value ?? '').length >= 40, 'a random secret');
  const cookie = cookieOf(set);
  t.ok(sessions.check(cookie));
  t.ok(sessions.check(`other=1; ${cookie}`), 'among other cookies');
  t.notOk(sessions.check(`${HUB_SESSION_COOKIE}=${'x'.repeat(43)}`), 'a made-up secret');
  t.notOk(sessions.check(undefined), 'no cookie');
  t.notOk(parseSetCookie(sessions.open()).value === parsed.value, 'each session its own secret');
  const cleared = parseSetCookie(sessions.end(cookie));
  t.match(cleared, { name: HUB_SESSION_COOKIE, value: '', maxAge: 0, httpOnly: true });
  t.notOk(sessions.check(cookie), 'ended for good: the same cookie no longer works');
});

t.test('a session ends after its time limit; Secure under TLS', async (t) => {
  const clock = { now: 0 };
  const sessions = new HubSessions({ now: () => clock.now, secure: true });
  const set = sessions.open();
  t.equal(parseSetCookie(set).secure, true);
  clock.now = HUB_SESSION_HOURS * 3600_000 - 1;
  t.ok(sessions.check(cookieOf(set)));
  clock.now += 1;
  t.notOk(sessions.check(cookieOf(set)), 'expired');
});

t.test('same origin: the hub’s own page, or no page at all', async (t) => {
  const host = 'hub.quan.local:7310';
  t.ok(sameOrigin({ host }, false), 'curl: no Origin, no Sec-Fetch-Site');
  t.ok(sameOrigin({ host, origin: 'http://hub.quan.local:7310', 'sec-fetch-site': 'same-origin' }, false));
  t.ok(sameOrigin({ host, origin: 'https://HUB.quan.local:7310' }, true), 'TLS: https');
  t.notOk(sameOrigin({ host, origin: 'http://hub.quan.local:7310' }, true), 'TLS: http is another origin');
  t.notOk(sameOrigin({ host, origin: 'http://evil.example' }, false), 'a foreign page');
  t.notOk(sameOrigin({ host, origin: 'null' }, false), 'a sandboxed frame or file://');
  t.notOk(sameOrigin({ host, 'sec-fetch-site': 'same-site' }, false), 'another port of the same host');
  t.notOk(sameOrigin({ host, 'sec-fetch-site': 'cross-site' }, false), 'a cross-site GET without Origin');
});
