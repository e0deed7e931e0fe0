// What stands between a lookup and the gateway, with fake timers: the call limiter (concurrency and
// per-minute caps, arrival order), the account guard (a restricted or refused account stops every
// call until resumed) and the token keeper (renews ahead of expiry, never while idle or held).

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { AccountGuard } from '../../../daemon/src/eligibility/account-guard.ts';
import { CallLimiter } from '../../../daemon/src/eligibility/call-limiter.ts';
import type { EligibilityAnswer, EligibilityRequest } from '../../../daemon/src/eligibility/gateway-client.ts';
import type { GatewayStateCode } from '../../../daemon/src/eligibility/result-codes.ts';
import { TokenKeeper } from '../../../daemon/src/eligibility/token-keeper.ts';
import { createLogger } from '../../../daemon/src/log.ts';

const answer = (code: string, outcome: EligibilityAnswer['outcome'] = 'eligible'): EligibilityAnswer => ({
  outcome,
  code,
  vi: code,
  en: code,
  action: { vi: '', en: '' },
  checkedAt: '2026-12-01T03:00:00.000Z',
  card: null,
  mismatch: null,
});
const req = (n: number): EligibilityRequest => ({ maThe: String(n), hoTen: 'X', ngaySinh: '2000' });

t.test('call limiter: at most maxConcurrent out, at most perMinute started per rolling minute, in arrival order', async (t) => {
  const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  t.teardown(() => clock.uninstall());
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const limiter = new CallLimiter(
    {
      check: (r) =>
        new Promise((resolve) => {
          started.push(r.maThe);
          release.set(r.maThe, () => resolve(answer('000')));
        }),
    },
    { maxConcurrent: 2, perMinute: 3 },
  );
  const done = [1, 2, 3, 4, 5].map((n) => limiter.check(req(n)));
  await clock.tickAsync(0);
  t.same(started, ['1', '2'], 'two out at once');
  t.equal(limiter.waiting, 3);
  release.get('1')!();
  await clock.tickAsync(0);
  t.same(started, ['1', '2', '3'], 'the next in arrival order when one returns');
  release.get('2')!();
  release.get('3')!();
  await clock.tickAsync(0);
  t.same(started, ['1', '2', '3'], 'three started this minute: the fourth waits though nothing is out');
  await clock.tickAsync(60_000);
  t.same(started, ['1', '2', '3', '4', '5'], 'the minute rolled: the rest go, in order');
  release.get('4')!();
  release.get('5')!();
  t.equal((await Promise.all(done)).length, 5, 'nothing dropped');
  t.equal(limiter.calls, 5);
});

t.test('account guard: a restricted answer stops every later call until resumed', async (t) => {
  let calls = 0;
  const states: string[] = [];
  const script = [answer('accountRestricted', 'unavailable'), answer('000')];
  const guard = new AccountGuard({ check: async () => (calls++, script.shift()!) }, { now: () => new Date(0), onChange: (s) => states.push(s) });
  t.match(await guard.check(req(1)), { code: 'accountRestricted' });
  t.equal(guard.state, 'restricted');
  for (let i = 0; i < 5; i++) t.match(await guard.check(req(i)), { code: 'accountHalted', outcome: 'unavailable' });
  t.equal(calls, 1, 'no call reached the gateway after the restriction');
  t.ok(guard.resume());
  t.match(await guard.check(req(9)), { code: '000' });
  t.equal(calls, 2);
  t.same(states, ['restricted', 'ok']);
  t.notOk(guard.resume(), 'nothing to resume');
});

t.test('account guard: refused credentials (from a token renewal) hold the account too; a system error does not', async (t) => {
  let calls = 0;
  const guard = new AccountGuard({ check: async () => (calls++, answer('http', 'unavailable')) }, { now: () => new Date(0), onChange: () => undefined });
  await guard.check(req(1));
  t.equal(guard.state, 'ok', 'HTTP 500 system error: the breaker and the queue handle it, the account is not held');
  guard.observe('credentials');
  t.equal(guard.state, 'credentials');
  await guard.check(req(2));
  t.equal(calls, 1);
});

t.test('token keeper: renews ahead of expiry, not while idle, not while held; a refusal reaches the guard', async (t) => {
  const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
  t.teardown(() => clock.uninstall());
  let expires: number | null = null;
  let result: { ok: true } | { ok: false; code: GatewayStateCode } = { ok: true };
  let renewals = 0;
  let halted = false;
  const refused: string[] = [];
  const keeper = new TokenKeeper(
    {
      get tokenExpiresAt() {
        return expires;
      },
      renewToken: async () => {
        renewals++;
        if (result.ok) expires = Date.now() + 10 * 60_000;
        return result;
      },
    },
    {
      leadMs: 60_000,
      idleAfterMs: 30 * 60_000,
      checkEveryMs: 5_000,
      now: () => Date.now(),
      halted: () => halted,
      onRefused: (c) => void refused.push(c),
      log: createLogger('silent'),
    },
  );
  keeper.start();
  await clock.tickAsync(0);
  t.equal(renewals, 1, 'a token is taken at start');
  await clock.tickAsync(8 * 60_000);
  t.equal(renewals, 1, 'not before the lead time');
  await clock.tickAsync(70_000);
  t.equal(renewals, 2, 'renewed about a minute before the 10-minute token lapses');
  await clock.tickAsync(40 * 60_000);
  const whileIdle = renewals;
  await clock.tickAsync(30 * 60_000);
  t.equal(renewals, whileIdle, 'no lookups for 30 minutes: the keeper lets the token lapse');
  keeper.touch();
  await clock.tickAsync(5_000);
  t.equal(renewals, whileIdle + 1, 'a lookup wakes it');
  result = { ok: false, code: 'credentials' };
  expires = null;
  await clock.tickAsync(5_000);
  t.same(refused, ['credentials'], 'the refusal goes to the guard');
  halted = true;
  const before = renewals;
  await clock.tickAsync(60_000);
  t.equal(renewals, before, 'held: no token requests');
  await keeper.stop();
});

t.test('call limiter: at stop, calls still waiting are not made (their lookups stay written ahead)', async (t) => {
  let made = 0;
  let finish: () => void = () => undefined;
  const limiter = new CallLimiter({ check: () => (made++, new Promise((r) => (finish = () => r(answer('000'))))) }, { maxConcurrent: 1, perMinute: 100 });
  const out = limiter.check(req(1));
  const waiting = [limiter.check(req(2)), limiter.check(req(3))];
  limiter.close();
  for (const w of waiting) await t.rejects(w, { name: 'Error', message: /stopping/ });
  finish();
  t.match(await out, { code: '000' }, 'the call already out finishes');
  t.equal(made, 1);
  await t.rejects(limiter.check(req(4)), { message: /stopping/ }, 'nothing new after close');
});

t.test('token keeper: a gateway that is down gets a token request at 30 s, 60 s, 120 s… not every few seconds', async (t) => {
  const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
  t.teardown(() => clock.uninstall());
  const at: number[] = [];
  const keeper = new TokenKeeper(
    { tokenExpiresAt: null, renewToken: async () => (at.push(Date.now()), { ok: false, code: 'network' }) },
    {
      leadMs: 60_000,
      idleAfterMs: 30 * 60_000,
      checkEveryMs: 5_000,
      now: () => Date.now(),
      halted: () => false,
      onRefused: () => undefined,
      log: createLogger('silent'),
    },
  );
  keeper.start();
  for (let i = 0; i < 48; i++) {
    keeper.touch();
    await clock.tickAsync(5_000);
  }
  t.same(
    at.map((x) => Math.round(x / 5000) * 5),
    [0, 30, 90, 210],
    'requests at 0 s, then after 30, 60 and 120 s (4 in 4 minutes, not 48)',
  );
  await keeper.stop();
});
