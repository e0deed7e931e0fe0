// What both chip transports inherit, without a network: the option checks and defaults, events fed in
// becoming cards and failures, the card deadline's own timer, one `disconnect` per loss, one retry
// waiting at a time, and close() dropping a pending card silently. The transports' tests cover the
// same through a real service; here each rule is seen alone, on faked timers.

import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import type { AssemblerEvent } from '../../../../drivers/src/chip/card-assembler.ts';
import {
  ChipTransportBase,
  DEFAULT_RECONNECT_MAX_MS,
  DEFAULT_RECONNECT_MIN_MS,
  type ChipTransportBaseOptions,
} from '../../../../drivers/src/chip/chip-transport-base.ts';
import type { ChipCard, ChipFailure } from '../../../../drivers/src/chip/chip-transport.ts';
import { TransportError } from '../../../../drivers/src/errors.ts';

/** A transport whose "service" is the test: it calls the protected hooks a real one calls. */
class FakeTransport extends ChipTransportBase {
  readonly protocol = 'ws-events' as const;
  opened = false;
  get isOpen(): boolean {
    return this.opened;
  }
  async open(): Promise<void> {
    this.opened = true;
  }
  async close(): Promise<void> {
    this.opened = false;
    this.stopReading();
  }
  delays(): [number, number] {
    return [this.minMs, this.maxMs];
  }
  event(event: AssemblerEvent): void {
    this.feed(event);
  }
  up(): void {
    this.markConnected();
  }
  down(): void {
    this.markLost(new TransportError('SCANNER_DISCONNECTED', 'gone'));
  }
  retry(delayMs: number, action: () => void): boolean {
    return this.retryAfter(delayMs, action);
  }
}

const READ: AssemblerEvent = { type: 'wsEvents', message: { EventName: 'READ' } };
const RESULT: AssemblerEvent = { type: 'wsEvents', message: { EventName: 'CARD_RESULT', PersonalInfo: { idCode: '001089012345' } } };

/** An opened fake on faked timers (the clock is the transport's `now` too), with what it emitted. */
async function rig(t: Test, options: Partial<ChipTransportBaseOptions> = {}) {
  const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'], now: 1_700_000_000_000 });
  t.teardown(() => clock.uninstall());
  const reader = new FakeTransport({ url: 'ws://127.0.0.1:1', cardTimeoutMs: 1000, now: () => clock.now, ...options });
  const seen = { cards: [] as ChipCard[], failures: [] as ChipFailure[], disconnects: [] as TransportError[], connects: 0 };
  reader.on('card', (c) => seen.cards.push(c));
  reader.on('failure', (f) => seen.failures.push(f));
  reader.on('disconnect', (e) => seen.disconnects.push(e));
  reader.on('connected', () => seen.connects++);
  await reader.open();
  return { clock, reader, seen };
}

t.test('options: the defaults, and delays or a card timeout that cannot work refused', async (t) => {
  t.same(new FakeTransport({ url: 'ws://127.0.0.1:1' }).delays(), [DEFAULT_RECONNECT_MIN_MS, DEFAULT_RECONNECT_MAX_MS]);
  t.same(new FakeTransport({ url: 'ws://127.0.0.1:1', reconnectMinMs: 20, reconnectMaxMs: 20 }).delays(), [20, 20], 'min = max is allowed');
  t.equal(new FakeTransport({ url: 'ws://user:pw@127.0.0.1:1' }).url, 'ws://user:pw@127.0.0.1:1', 'the URL as given, to dial');
  t.throws(() => new FakeTransport({ url: 'ws://127.0.0.1:1', reconnectMinMs: 0 }), TypeError);
  t.throws(() => new FakeTransport({ url: 'ws://127.0.0.1:1', reconnectMinMs: Number.NaN }), TypeError);
  t.throws(() => new FakeTransport({ url: 'ws://127.0.0.1:1', reconnectMinMs: 100, reconnectMaxMs: 50 }), TypeError);
  t.throws(() => new FakeTransport({ url: 'ws://127.0.0.1:1', cardTimeoutMs: 0 }), TypeError);
});

t.test('fed events become a card, stamped by the clock', async (t) => {
  const { clock, reader, seen } = await rig(t);
  reader.event(READ);
  clock.tick(300);
  reader.event(RESULT);
  t.equal(seen.cards.length, 1);
  t.same(seen.cards[0]!.fields, { idCode: '001089012345' });
  t.equal(seen.cards[0]!.at, clock.now);
  t.same(seen.failures, []);
  t.equal(clock.countTimers(), 0, 'nothing pending: no deadline timer');
});

t.test('a card that does not finish: incomplete when its own deadline timer fires, once', async (t) => {
  const { clock, reader, seen } = await rig(t);
  reader.event(READ);
  clock.tick(999);
  t.same(seen.failures, [], 'not before cardTimeoutMs');
  clock.tick(1);
  t.match(seen.failures, [{ kind: 'incomplete' }]);
  clock.tick(10_000);
  t.equal(seen.failures.length, 1);
  t.same(seen.cards, []);
});

t.test('a transport not open arms no deadline', async (t) => {
  const { clock, reader, seen } = await rig(t);
  reader.opened = false;
  reader.event(READ);
  t.equal(clock.countTimers(), 0);
  clock.tick(5000);
  t.same(seen.failures, []);
});

t.test('connected and lost: one disconnect per loss, the card cut short is incomplete', async (t) => {
  const { reader, seen } = await rig(t);
  reader.down();
  t.same(seen.disconnects, [], 'never connected: nothing was lost');
  reader.up();
  t.ok(reader.connected);
  reader.event(READ);
  reader.down();
  reader.down();
  t.notOk(reader.connected);
  t.equal(seen.disconnects.length, 1, 'the failed attempts after a loss add nothing');
  t.equal(seen.disconnects[0]!.code, 'SCANNER_DISCONNECTED');
  t.match(seen.failures, [{ kind: 'incomplete' }]);
  reader.up();
  t.equal(seen.connects, 2);
});

t.test('one retry waits at a time', async (t) => {
  const { clock, reader } = await rig(t);
  const runs: string[] = [];
  t.equal(
    reader.retry(50, () => runs.push('first')),
    true,
  );
  t.equal(
    reader.retry(10, () => runs.push('second')),
    false,
    'refused while the first waits',
  );
  clock.tick(50);
  t.same(runs, ['first']);
  t.equal(
    reader.retry(10, () => runs.push('third')),
    true,
    'free again once it ran',
  );
  clock.tick(10);
  t.same(runs, ['first', 'third']);
});

t.test('close(): not connected, the pending card and the waiting retry dropped without a word', async (t) => {
  const { clock, reader, seen } = await rig(t);
  reader.up();
  reader.event(READ);
  let retried = false;
  reader.retry(50, () => (retried = true));
  await reader.close();
  t.notOk(reader.connected);
  t.equal(clock.countTimers(), 0, 'no timer left');
  clock.tick(10_000);
  t.notOk(retried);
  t.same(seen.failures, []);
  t.same(seen.disconnects, []);
  await reader.open();
  reader.event(RESULT);
  // Kept, the old card would now be past its deadline and end as incomplete before this one.
  t.same(seen.failures, [], 'the old card was forgotten');
  t.equal(seen.cards.length, 1, 'a result alone is a whole card');
});
