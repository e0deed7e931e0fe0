// The hub push as a part of the daemon: without `hub.url` it does nothing and health shows no hub;
// with one it pushes every `hub.intervalMs` to the district hub (a fake one on loopback), and health
// shows how the last push went (the hub's refusal included) as soon as it is known. After stop,
// nothing more reaches the hub.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import type { HubClientConfig } from '../../../../daemon/src/hub-push/hub-client-config.ts';
import { HubPush } from '../../../../daemon/src/hub-push/hub-push.ts';
import { PushStateRepo } from '../../../../daemon/src/hub-push/push-state-repo.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { localReportSource } from '../../../../daemon/src/reports/local-source.ts';
import { CountersRepo } from '../../../../daemon/src/storage/counters-repo.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { InventoryHistoryRepo } from '../../../../daemon/src/storage/inventory-history-repo.ts';
import { InventoryRepo } from '../../../../daemon/src/storage/inventory-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { StatusSignal } from '../../../../daemon/src/vocabulary/status-signal.ts';

const T0 = Date.parse('2026-03-02T01:30:00Z');
const INTERVAL = 60_000;
const config = resolveConfig({ facility: { id: 'F1', name: 'Trung tâm Y tế huyện Bình Sơn' } });

/** One migrated SQLite file for the whole file (the subtests run one after another). Synchronous NORMAL:
 *  a test needs no power-cut durability, and skipping the fsyncs keeps it fast. */
let shared: Promise<Db> | null = null;
function database(): Promise<Db> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-hubpush-'));
    const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
    t.teardown(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });
    await migrate(db);
    return db;
  })();
  return shared;
}

/** The district hub: answers each push with the next scripted status (200 once the script is used up). */
async function hub(t: Test) {
  const pushes: string[] = [];
  const script: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pushes.push(req.url ?? '');
      const status = script.shift() ?? 200;
      res.writeHead(status).end(status === 200 ? '{}' : 'hub down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { pushes, script, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function part(url: string | null) {
  const db = await database();
  await db.exec('DELETE FROM hub_push_state; DELETE FROM inventory_history;');
  const now = (): Date => new Date(T0);
  const counters = new CountersRepo(db);
  const source = localReportSource({ config, counters, inventory: new InventoryRepo(db), history: new InventoryHistoryRepo(db), now });
  const status = new StatusSignal();
  const heard: string[] = [];
  let told: () => void = () => undefined;
  status.on((s) => {
    heard.push(s);
    told();
  });
  /** Resolves when health is next told: the push in flight (real HTTP, real SQLite) has finished. */
  const nextChange = (): Promise<void> => new Promise((resolve) => (told = resolve));
  const hubConfig: HubClientConfig = { url, siteId: 'binh-son', token: 'site-token-binh-son-0001', intervalMs: INTERVAL, ca: null };
  const hp = new HubPush({ config: hubConfig, counters, source, state: new PushStateRepo(db), now, log: createLogger('silent'), status });
  return { hp, heard, nextChange };
}

t.test('without a hub URL: no pusher, health shows no hub, and starting sets no timer', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const { hp, heard } = await part(null);
  t.equal(hp.name, 'hub-push');
  t.equal(hp.pusher, null);
  t.equal(hp.status, null);
  hp.start();
  t.equal(clock.countTimers(), 0, 'nothing scheduled');
  await clock.tickAsync(10 * INTERVAL);
  t.same(heard, []);
  await hp.stop();
});

t.test('with a hub: a push every intervalMs, health told how each went, nothing after stop', async (t) => {
  const h = await hub(t);
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const { hp, heard, nextChange } = await part(h.url);
  t.ok(hp.pusher, 'a pusher for the URL');
  t.same(hp.status, { url: h.url, ok: null, lastAttempt: null, error: null }, 'before the first push: not known yet');
  hp.start();
  await clock.tickAsync(INTERVAL - 1);
  t.equal(h.pushes.length, 0, 'the first push waits one interval');
  const first = nextChange();
  await clock.tickAsync(1);
  await first;
  t.same(h.pushes, ['/api/hub/push']);
  t.same(heard, ['hub-push'], 'health is told');
  t.same(hp.status, { url: h.url, ok: true, lastAttempt: new Date(T0).toISOString(), error: null });

  h.script.push(503);
  const second = nextChange();
  await clock.tickAsync(INTERVAL);
  await second;
  t.same(
    hp.status,
    { url: h.url, ok: false, lastAttempt: new Date(T0).toISOString(), error: 'HTTP 503: hub down for maintenance' },
    'the refusal, for the technician',
  );

  const third = nextChange();
  await clock.tickAsync(INTERVAL);
  await third;
  t.match(hp.status, { ok: true, error: null }, 'back to normal at the next push');

  await hp.stop();
  await clock.tickAsync(5 * INTERVAL);
  t.equal(h.pushes.length, 3, 'nothing after stop');
  t.equal(heard.length, 3);
});
