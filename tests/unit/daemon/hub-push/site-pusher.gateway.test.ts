// Phụ lục 2 in the push (#29): a site sends its gateway account, tier and each day's exchanges beside
// its counters; a hub older than the field refuses it (HTTP 400), and the site then pushes the same
// counters without it (and stops sending it until a restart), so an old hub keeps working.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { HubPush } from '../../../../daemon/src/api/hub-push.ts';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import { hubPost } from '../../../../daemon/src/hub-push/hub-post.ts';
import { PushStateRepo } from '../../../../daemon/src/hub-push/push-state-repo.ts';
import { SitePusher } from '../../../../daemon/src/hub-push/site-pusher.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { localReportSource } from '../../../../daemon/src/reports/local-source.ts';
import { CountersRepo } from '../../../../daemon/src/storage/counters-repo.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { GatewayDailyRepo } from '../../../../daemon/src/storage/gateway-daily-repo.ts';
import { InventoryHistoryRepo } from '../../../../daemon/src/storage/inventory-history-repo.ts';
import { InventoryRepo } from '../../../../daemon/src/storage/inventory-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

/** 2 March 2026, 08:30 in Vietnam. */
const NOW = new Date('2026-03-02T01:30:00Z');
const config = resolveConfig({ facility: { id: 'F1', name: 'Trung tâm Y tế huyện Bình Sơn', stations: [{ id: 'main', desks: ['desk-1'] }] } });

/** A hub that refuses a body with `gateway` when `old` (as a hub with additionalProperties false would). */
async function hub(t: Test, old: boolean) {
  const pushes: HubPush[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      const push = JSON.parse(body) as HubPush;
      pushes.push(push);
      if (old && 'gateway' in push) res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"body must NOT have additional properties"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { pushes, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function site(t: Test, url: string) {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-push-'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  await migrate(db);
  const gateway = new GatewayDailyRepo(db);
  await gateway.add([
    { day: '2026-03-02', facilityId: 'F1', call: 'check', simulated: false, answered: 2, failed: 1 },
    { day: '2026-03-02', facilityId: 'F1', call: 'token', simulated: false, answered: 1, failed: 0 },
    { day: '2026-03-02', facilityId: 'F1', call: 'check', simulated: true, answered: 9, failed: 9 },
  ]);
  const counters = new CountersRepo(db);
  const inventory = new InventoryRepo(db);
  await inventory.seen('s-1', 'desk-1', 'serial', NOW, true);
  return new SitePusher({
    config: { url, siteId: 'binh-son', token: 'site-token-binh-son-0001', intervalMs: 300_000, ca: null },
    counters,
    source: localReportSource({ config, counters, inventory, history: new InventoryHistoryRepo(db), now: () => NOW }),
    state: new PushStateRepo(db),
    log: createLogger('silent'),
    now: () => NOW,
    post: hubPost({ caFile: null, timeoutMs: 5_000 }),
    gateway: { account: true, kind: 'clinic', days: (from, to) => gateway.dayTotals(from, to) },
  });
}

t.test('the account, tier and exchanges go with the counters', async (t) => {
  const h = await hub(t, false);
  const pusher = await site(t, h.url);
  t.equal((await pusher.pushOnce()).ok, true);
  t.same(
    h.pushes[0]!.gateway,
    { account: true, kind: 'clinic', days: [{ day: '2026-03-02', facilityId: 'F1', answered: 3, failed: 1 }] },
    'the simulator left out',
  );
});

t.test('an old hub gets the same push without the field, and keeps getting it so', async (t) => {
  const h = await hub(t, true);
  const pusher = await site(t, h.url);
  const r = await pusher.pushOnce();
  t.equal(r.ok, true, r.error ?? 'pushed');
  t.same(
    h.pushes.map((p) => 'gateway' in p),
    [true, false],
  );
  t.same(h.pushes[1]!.counters, h.pushes[0]!.counters);
  await pusher.pushOnce();
  t.same(
    h.pushes.map((p) => 'gateway' in p),
    [true, false, false],
    'not tried again until a restart',
  );
});
