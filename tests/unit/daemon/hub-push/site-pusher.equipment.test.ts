// Desk equipment in the push (#29 item 3): each station carries its `equipment`; a hub older than the
// field refuses it (HTTP 400, its schema has additionalProperties false), and the site then pushes
// the same inventory and counters without it (and stops sending it until a restart).

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
import { EquipmentRepo } from '../../../../daemon/src/storage/equipment-repo.ts';
import { InventoryHistoryRepo } from '../../../../daemon/src/storage/inventory-history-repo.ts';
import { InventoryRepo } from '../../../../daemon/src/storage/inventory-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

const NOW = new Date('2026-03-02T01:30:00Z');
const config = resolveConfig({ facility: { id: 'F1', name: 'Trung tâm Y tế huyện Bình Sơn', stations: [{ id: 'main', desks: ['desk-1'] }] } });

const hasEquipment = (p: HubPush): boolean => p.facility.stations.some((s) => 'equipment' in s);

/** A hub that refuses a station with `equipment` when `old`. */
async function hub(t: Test, old: boolean) {
  const pushes: HubPush[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      const push = JSON.parse(body) as HubPush;
      pushes.push(push);
      if (old && hasEquipment(push)) res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"body must NOT have additional properties"}');
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
  const counters = new CountersRepo(db);
  const inventory = new InventoryRepo(db);
  const equipment = new EquipmentRepo(db);
  await inventory.seen('s-1', 'desk-1', 'serial', NOW, true);
  await equipment.set('main', { computers: { working: 2, notWorking: 1, needed: 1, reason: 'Hỏng nguồn' } }, NOW);
  const history = new InventoryHistoryRepo(db);
  return new SitePusher({
    config: { url, siteId: 'binh-son', token: 'site-token-binh-son-0001', intervalMs: 300_000, ca: null },
    counters,
    source: localReportSource({ config, counters, inventory, history, equipment, sensed: { internet: () => 'ok', printers: () => null }, now: () => NOW }),
    state: new PushStateRepo(db),
    log: createLogger('silent'),
    now: () => NOW,
    post: hubPost({ caFile: null, timeoutMs: 5_000 }),
  });
}

t.test('each station carries its equipment', async (t) => {
  const h = await hub(t, false);
  const pusher = await site(t, h.url);
  t.equal((await pusher.pushOnce()).ok, true);
  t.match(h.pushes[0]!.facility.stations[0]!.equipment, {
    computers: { working: 2, notWorking: 1, needed: 1, reason: 'Hỏng nguồn' },
    printers: { working: 0, notWorking: 0, needed: 0, updatedAt: null, detected: null },
    scanners: { working: 1, notWorking: 0, needed: 0 },
    internet: 'ok',
  });
});

t.test('an old hub gets the same push without it, and keeps getting it so', async (t) => {
  const h = await hub(t, true);
  const pusher = await site(t, h.url);
  const r = await pusher.pushOnce();
  t.equal(r.ok, true, r.error ?? 'pushed');
  t.same(h.pushes.map(hasEquipment), [true, false]);
  t.same(h.pushes[1]!.counters, h.pushes[0]!.counters);
  t.same(h.pushes[1]!.facility.stations[0]!.scanners, h.pushes[0]!.facility.stations[0]!.scanners, 'the scanners still go');
  await pusher.pushOnce();
  t.same(h.pushes.map(hasEquipment), [true, false, false], 'not tried again until a restart');
});
