// The daemon's parts start in the order they are listed and stop in the reverse order: storage,
// which everything writes to, is closed last, after HTTP and the scanners have stopped. One part
// failing to stop must not leave the others running (a scanner port held open, a database not
// closed), and the failure is logged for the technician.

import t from 'tap';
import { startAll, stopAll, type Feature } from '../../../../daemon/src/vocabulary/feature.ts';

function recorder() {
  const events: string[] = [];
  const logs: Array<[string, object, string]> = [];
  const log = {
    debug: (obj: object, msg: string) => void logs.push(['debug', obj, msg]),
    error: (obj: object, msg: string) => void logs.push(['error', obj, msg]),
  };
  const feature = (name: string, o: { failStart?: boolean; failStop?: boolean; slow?: boolean } = {}): Feature => ({
    name,
    async start() {
      if (o.slow) await new Promise((r) => setImmediate(r));
      if (o.failStart) throw new Error(`${name} cannot start`);
      events.push(`start ${name}`);
    },
    async stop() {
      if (o.slow) await new Promise((r) => setImmediate(r));
      if (o.failStop) throw new Error(`${name} is stuck`);
      events.push(`stop ${name}`);
    },
  });
  return { events, logs, log, feature };
}

t.test('features start in order, each after the previous one has finished starting', async (t) => {
  const r = recorder();
  await startAll([r.feature('storage', { slow: true }), r.feature('scanners'), r.feature('http')], r.log);
  t.same(r.events, ['start storage', 'start scanners', 'start http']);
  t.same(
    r.logs.map(([level, obj, msg]) => [level, obj, msg]),
    [
      ['debug', { feature: 'storage' }, 'starting'],
      ['debug', { feature: 'scanners' }, 'starting'],
      ['debug', { feature: 'http' }, 'starting'],
    ],
  );
});

t.test('a feature that fails to start stops the start-up there', async (t) => {
  const r = recorder();
  await t.rejects(startAll([r.feature('storage'), r.feature('scanners', { failStart: true }), r.feature('http')], r.log), { message: 'scanners cannot start' });
  t.same(r.events, ['start storage'], 'nothing after it starts');
});

t.test('features stop in reverse order; one failing stop is logged and the rest still stop', async (t) => {
  const r = recorder();
  const features = [r.feature('storage', { slow: true }), r.feature('scanners', { failStop: true }), r.feature('http', { slow: true })];
  await stopAll(features, r.log);
  t.same(r.events, ['stop http', 'stop storage']);
  t.same(r.logs, [['error', { feature: 'scanners', err: 'scanners is stuck' }, 'feature failed to stop']]);
  t.same(
    features.map((f) => f.name),
    ['storage', 'scanners', 'http'],
    'the list itself is left in its order',
  );
});

t.test('a feature without start or stop is passed over', async (t) => {
  const r = recorder();
  const passive: Feature = { name: 'config' };
  await startAll([passive, r.feature('http')], r.log);
  await stopAll([passive, r.feature('http')], r.log);
  t.same(r.events, ['start http', 'stop http']);
});
