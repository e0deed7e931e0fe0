// The "something health shows has changed" signal: the hub push, the report reminder and retention
// announce a change here and the health monitor recomputes what the pages show. Every listener hears
// every change, and one that unsubscribed (health stopped) hears nothing more, so a stopped daemon
// does not keep pushing health to the pages.

import t from 'tap';
import { StatusSignal } from '../../../../daemon/src/vocabulary/status-signal.ts';

t.test('every listener hears each change with the name of the part that changed', async (t) => {
  const signal = new StatusSignal();
  const heard: string[] = [];
  signal.on((s) => void heard.push(`health:${s}`));
  signal.on((s) => void heard.push(`other:${s}`));
  signal.changed('hub-push');
  signal.changed('retention');
  t.same(heard, ['health:hub-push', 'other:hub-push', 'health:retention', 'other:retention']);
});

t.test('a change with nobody listening is harmless', async (t) => {
  const signal = new StatusSignal();
  t.doesNotThrow(() => signal.changed('report-reminder'));
});

t.test('after unsubscribing a listener hears nothing more; the others still do', async (t) => {
  const signal = new StatusSignal();
  const a: string[] = [];
  const b: string[] = [];
  const offA = signal.on((s) => void a.push(s));
  signal.on((s) => void b.push(s));
  signal.changed('hub-push');
  offA();
  signal.changed('retention');
  t.same(a, ['hub-push'], 'the stopped listener missed the second change');
  t.same(b, ['hub-push', 'retention']);
  t.doesNotThrow(() => offA(), 'unsubscribing twice is harmless');
  signal.changed('report-reminder');
  t.same(a, ['hub-push']);
});

t.test('the same function subscribed twice is called once per change', async (t) => {
  // A Set of listeners: subscribing health again (a restart of the monitor) must not double its pushes.
  const signal = new StatusSignal();
  let calls = 0;
  const listener = (): void => void calls++;
  signal.on(listener);
  const off = signal.on(listener);
  signal.changed('retention');
  t.equal(calls, 1);
  off();
  signal.changed('retention');
  t.equal(calls, 1, 'one unsubscribe removes it');
});
