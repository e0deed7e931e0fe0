// The token keeper, with fake timers: renews ahead of expiry, never while idle or held, and backs off
// when the gateway is down.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import type { GatewayStateCode } from '../../../../daemon/src/eligibility/result-codes.ts';
import { TokenKeeper } from '../../../../daemon/src/eligibility/token-keeper.ts';
import { createLogger } from '../../../../daemon/src/log.ts';

t.test('token keeper: renews ahead of expiry, not while idle, not while held; a refusal reaches the guard', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
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

t.test('token keeper: a gateway that is down gets a token request at 30 s, 60 s, 120 s… not every few seconds', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
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
