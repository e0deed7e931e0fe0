// The time stamp a driver puts on a read's last byte. The daemon measures reception latency from it
// against a budget of a few milliseconds and stores it with the read, so it must be epoch
// milliseconds (not milliseconds since the process started), finer than Date.now()'s whole
// milliseconds, and never run backwards between two reads.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { lastByteClock } from '../../../drivers/src/clock.ts';

t.test('reads are stamped on the same epoch scale as Date.now()', async (t) => {
  const stamp = lastByteClock();
  // A stamp measured from process start would be a few hundred milliseconds, not ~1.7e12.
  t.ok(Math.abs(stamp - Date.now()) < 1000, `stamp ${stamp} is epoch milliseconds (Date.now() ${Date.now()})`);
});

t.test('a fraction of a millisecond between two bytes shows in the stamps', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['performance'] });
  t.teardown(() => clock.uninstall());
  const first = lastByteClock();
  clock.tick(0.25);
  t.equal(lastByteClock() - first, 0.25, 'a quarter of a millisecond later');
});

t.test('stamps never run backwards', async (t) => {
  let previous = lastByteClock();
  let backwards = 0;
  for (let i = 0; i < 100_000; i++) {
    const now = lastByteClock();
    if (now < previous) backwards++;
    previous = now;
  }
  t.equal(backwards, 0, '100,000 successive stamps, none earlier than the one before');
});
