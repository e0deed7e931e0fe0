// "The scanner has gone quiet" decides when an unterminated serial read, a HID-POS read whose last
// report never came, or a wedge scan without Enter is complete. Firing early cuts a patient's card
// in two (two rejected reads instead of one good one); never firing leaves the desk waiting. After a
// stall the timer lets one I/O turn pass so bytes already waiting can re-arm it
// (drivers/src/silence-timer.ts). Fake timers: fake-timers runs an immediate scheduled inside a tick
// one millisecond later, which stands for that I/O turn.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { SilenceTimer } from '../../../drivers/src/silence-timer.ts';

function setup(t: { teardown(fn: () => unknown): void }): { clock: ReturnType<typeof FakeTimers.install>; timer: SilenceTimer; fired: () => number } {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
  t.teardown(() => clock.uninstall());
  let count = 0;
  return { clock, timer: new SilenceTimer(() => count++), fired: () => count };
}

t.test('fires once, after the silence and one I/O turn', async (t) => {
  const { clock, timer, fired } = setup(t);
  timer.arm(50);
  clock.tick(49);
  t.equal(fired(), 0, 'not before 50 ms of silence');
  clock.tick(1);
  t.equal(fired(), 0, 'the wait is over, but input already queued gets its turn first');
  clock.tick(1);
  t.equal(fired(), 1, 'then it fires');
  clock.tick(10_000);
  t.equal(fired(), 1, 'and only once');
});

t.test('every input restarts the wait', async (t) => {
  const { clock, timer, fired } = setup(t);
  timer.arm(50);
  clock.tick(40);
  timer.arm(50);
  clock.tick(40);
  timer.arm(50);
  clock.tick(50);
  t.equal(fired(), 0, '130 ms after the first byte, but only 50 since the last');
  clock.tick(1);
  t.equal(fired(), 1);
});

t.test('input that arrives in the I/O turn after an overdue wait keeps the read open', async (t) => {
  const { clock, timer, fired } = setup(t);
  timer.arm(50);
  clock.tick(50); // the wait is over: the check waits for one I/O turn
  timer.arm(50); // ... in which the rest of the card's bytes arrive
  clock.tick(1);
  t.equal(fired(), 0, 'the read is not cut in two');
  clock.tick(49);
  t.equal(fired(), 0);
  clock.tick(1);
  t.equal(fired(), 1, 'it closes after 50 ms of silence following the late bytes');
});

t.test('cancel stops a pending wait, even one already over', async (t) => {
  const { clock, timer, fired } = setup(t);
  timer.arm(50);
  clock.tick(20);
  timer.cancel();
  clock.tick(1000);
  t.equal(fired(), 0, 'cancelled while waiting');
  timer.arm(50);
  clock.tick(50);
  timer.cancel();
  clock.tick(1000);
  t.equal(fired(), 0, 'cancelled between the wait and its I/O turn');
  timer.cancel();
  timer.arm(10);
  clock.tick(11);
  t.equal(fired(), 1, 'cancelling an idle timer is harmless, and it can be armed again');
});
