// The call limiter, with fake timers: at most maxConcurrent calls out, at most perMinute started per
// rolling minute, in arrival order; calls still waiting at stop are not made.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { CallLimiter } from '../../../../daemon/src/eligibility/call-limiter.ts';
import type { EligibilityAnswer, EligibilityRequest } from '../../../../daemon/src/eligibility/gateway-client.ts';

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
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
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
