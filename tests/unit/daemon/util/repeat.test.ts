// The background loop behind the durable queues and periodic jobs: the next run starts delayMs()
// after the previous one finished (a slow gateway call never piles runs up), a failing run is
// reported and the loop goes on, the timer never keeps the daemon from exiting, and stop() waits for
// a run in progress so shutdown does not cut a job in half.

import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import { repeat } from '../../../../daemon/src/util/repeat.ts';

function fakeClock(t: Test) {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  return clock;
}

t.test('runs every delayMs, counted from the end of the previous run; runs never overlap', async (t) => {
  const clock = fakeClock(t);
  const log: string[] = [];
  let running = 0;
  const loop = repeat(
    async () => {
      running++;
      log.push(`start ${clock.now} (${running} running)`);
      await new Promise((r) => setTimeout(r, 300));
      log.push(`end ${clock.now}`);
      running--;
    },
    () => 1_000,
    (err) => log.push(`error ${err.message}`),
  );
  t.teardown(() => loop.stop());
  await clock.tickAsync(999);
  t.same(log, [], 'the first run waits one delay');
  await clock.tickAsync(1 + 300 + 1_000 + 300);
  t.same(log, ['start 1000 (1 running)', 'end 1300', 'start 2300 (1 running)', 'end 2600']);
});

t.test('the delay is asked again before each run', async (t) => {
  const clock = fakeClock(t);
  const starts: number[] = [];
  const delays = [100, 500, 2_000];
  const loop = repeat(
    async () => void starts.push(clock.now),
    () => delays.shift() ?? 10_000,
    () => undefined,
  );
  t.teardown(() => loop.stop());
  await clock.tickAsync(3_000);
  t.same(starts, [100, 600, 2_600]);
});

t.test('a failing run is reported and the loop goes on', async (t) => {
  const clock = fakeClock(t);
  const errors: string[] = [];
  let n = 0;
  const loop = repeat(
    async () => {
      n++;
      if (n === 1) throw new Error('gateway unreachable');
    },
    () => 100,
    (err) => errors.push(err.message),
  );
  t.teardown(() => loop.stop());
  await clock.tickAsync(300);
  t.same(errors, ['gateway unreachable']);
  t.equal(n, 3, 'runs after the failure');
});

t.test('stop: no further runs, and it waits for the run in progress', async (t) => {
  const clock = fakeClock(t);
  const log: string[] = [];
  const loop = repeat(
    async () => {
      log.push('start');
      await new Promise((r) => setTimeout(r, 500));
      log.push('end');
    },
    () => 100,
    () => undefined,
  );
  await clock.tickAsync(200);
  t.same(log, ['start']);
  let stopped = false;
  const stopping = loop.stop().then(() => (stopped = true));
  await clock.tickAsync(100);
  t.equal(stopped, false, 'the run in progress is not abandoned');
  await clock.tickAsync(400);
  await stopping;
  t.same(log, ['start', 'end']);
  await clock.tickAsync(10_000);
  t.same(log, ['start', 'end'], 'nothing runs after stop');
});

t.test('stop before the first run: the task never runs', async (t) => {
  const clock = fakeClock(t);
  let ran = false;
  const loop = repeat(
    async () => void (ran = true),
    () => 100,
    () => undefined,
  );
  await loop.stop();
  await clock.tickAsync(1_000);
  t.equal(ran, false);
});

t.test('the timer does not keep the process alive', async (t) => {
  // Real timers: a ref'd one-hour timer would keep this test's process running.
  const loop = repeat(
    async () => undefined,
    () => 3_600_000,
    () => undefined,
  );
  t.teardown(() => loop.stop());
  const handles = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo();
  t.notOk(handles.includes('Timeout'), 'no referenced timer is left');
});
