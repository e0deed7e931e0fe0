// Wrong credentials per client address: a few free, then a wait that doubles up to its cap; only the
// address that failed waits; a success buys nothing; addresses are forgotten, and the map stays bounded.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { AUTH_THROTTLE, AuthThrottle } from '../../../../daemon/src/http-kit/auth-throttle.ts';

const clockFor = (t: { teardown(fn: () => unknown): void }) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['Date'], now: 1_700_000_000_000 });
  t.teardown(() => clock.uninstall());
  return clock;
};

t.test('free failures, then a wait that doubles per failure up to maxWaitMs; other addresses never wait', async (t) => {
  const clock = clockFor(t);
  const throttle = new AuthThrottle();
  for (let i = 0; i < AUTH_THROTTLE.free; i++) {
    t.equal(throttle.waitS('10.0.0.9'), 0, `failure ${i + 1} is answered at once`);
    throttle.fail('10.0.0.9');
  }
  t.equal(throttle.waitS('10.0.0.9'), 0, 'the free ones cost nothing');
  throttle.fail('10.0.0.9');
  t.equal(throttle.waitS('10.0.0.9'), 1, 'the first failure over them: 1 s');
  t.equal(throttle.waitS('10.0.0.10'), 0, 'another address does not wait');
  clock.tick(1000);
  t.equal(throttle.waitS('10.0.0.9'), 0, 'after the wait, one more try');
  throttle.fail('10.0.0.9');
  t.equal(throttle.waitS('10.0.0.9'), 2, 'then 2 s');
  clock.tick(2000);
  throttle.fail('10.0.0.9');
  t.equal(throttle.waitS('10.0.0.9'), 4, 'then 4 s');
  for (let i = 0; i < 30; i++) {
    clock.tick(AUTH_THROTTLE.maxWaitMs);
    throttle.fail('10.0.0.9');
  }
  t.equal(throttle.waitS('10.0.0.9'), AUTH_THROTTLE.maxWaitMs / 1000, 'never more than maxWaitMs');
  clock.tick(AUTH_THROTTLE.maxWaitMs - 1500);
  t.equal(throttle.waitS('10.0.0.9'), 2, 'Retry-After counts down in whole seconds, rounded up');
});

t.test('a success clears nothing; the same failing cookie counts once; quiet addresses are forgotten', async (t) => {
  const clock = clockFor(t);
  const throttle = new AuthThrottle();
  for (let i = 0; i < 50; i++) throttle.fail('10.0.0.9', 'cookie-a');
  t.equal(throttle.waitS('10.0.0.9'), 0, 'a page repeating one expired cookie is one failure');
  for (let i = 0; i < AUTH_THROTTLE.free; i++) throttle.fail('10.0.0.9', `guess-${i}`);
  t.ok(throttle.waitS('10.0.0.9') > 0, 'different ones count, each');
  clock.tick(AUTH_THROTTLE.forgetAfterMs - 1);
  t.equal(throttle.waitS('10.0.0.9'), 0, 'the wait is over');
  t.equal(throttle.size, 1, 'but the address is remembered (a success in between would change nothing)');
  throttle.fail('10.0.0.9');
  t.equal(throttle.waitS('10.0.0.9'), 2, 'so its next failure (the 12th) waits longer at once');
  clock.tick(AUTH_THROTTLE.forgetAfterMs);
  t.equal(throttle.waitS('10.0.0.9'), 0);
  t.equal(throttle.size, 0, 'forgotten forgetAfterMs after its last failure');
  throttle.fail('10.0.0.9');
  t.equal(throttle.waitS('10.0.0.9'), 0, 'and starts afresh');
});

t.test('bounded: a flood of new addresses shares one count and resets nobody', async (t) => {
  const clock = clockFor(t);
  const policy = { ...AUTH_THROTTLE, maxAddresses: 100 };
  const throttle = new AuthThrottle(policy);
  for (let i = 0; i <= policy.free; i++) throttle.fail('victim-guesser');
  const waited = throttle.waitS('victim-guesser');
  t.ok(waited > 0);
  for (let i = 0; i < 10_000; i++) throttle.fail(`10.1.${i >> 8}.${i & 255}`);
  t.ok(throttle.size <= policy.maxAddresses, `the map stays bounded (${throttle.size})`);
  t.equal(throttle.waitS('victim-guesser'), waited, 'the guesser tracked before the flood still waits');
  t.ok(throttle.waitS('10.9.9.9') > 0, 'a new address while the map is full shares the flood’s count');
  clock.tick(policy.forgetAfterMs + policy.maxWaitMs);
  t.equal(throttle.waitS('10.9.9.9'), 0, 'once the flood has expired, a new address starts free');
  throttle.fail('10.9.9.9');
  t.ok(throttle.size <= 2, `expired entries were swept to make room (${throttle.size})`);
});
