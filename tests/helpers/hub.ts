// A district hub on loopback HTTP (hub/src/hub-app.ts on a SQLite file) with two units that pushed
// today, one of them with its gateway account and exchanges: what the hub's /reports page shows.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { HubPush } from '../../daemon/src/api/hub-push.ts';
import { createLogger } from '../../daemon/src/log.ts';
import { openSql } from '../../daemon/src/storage/sql-client.ts';
import { vietnamDay } from '../../daemon/src/util/vietnam-time.ts';
import { buildHubApp } from '../../hub/src/hub-app.ts';
import { HubStore } from '../../hub/src/hub-store.ts';

export const HUB_ADMIN = 'admin-token-quan-son-tinh-01';
export const HUB_UNITS = [
  { id: '46001', name: 'Trung tâm Y tế huyện Sơn Tịnh' },
  { id: '46002', name: 'Trạm Y tế xã Tịnh Hà' },
] as const;
const siteToken = (id: string) => `site-token-${id}-0123456789`;

export async function startPageHub(t: Test): Promise<{ url: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-hub-'));
  const store = await HubStore.open(await openSql(`sqlite:${join(dir, 'hub.sqlite')}`));
  const app = await buildHubApp({
    store,
    log: createLogger('silent'),
    config: { sites: HUB_UNITS.map((u) => ({ id: u.id, token: siteToken(u.id) })), adminTokens: [HUB_ADMIN], cumulativeSince: '2026-01-01' },
  });
  t.teardown(async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const day = vietnamDay(new Date());
  for (const [i, u] of HUB_UNITS.entries()) {
    const push: HubPush = {
      siteId: u.id,
      sentAt: new Date().toISOString(),
      facility: {
        id: u.id,
        name: u.name,
        province: 'Quảng Ngãi',
        sector: 'public',
        tier: 'district',
        order: i + 1,
        stations: [{ id: 'tiep-don', name: 'Khu tiếp đón', kind: 'facility', desks: ['quay-1'], scanners: [], needed: 1, neededReason: null }],
      },
      counters: [{ day, facilityId: u.id, stationId: 'tiep-don', deviceId: 'sim-1', deskId: 'quay-1', scans: 7 + i, searches: 1, successes: 7 + i, errors: 0 }],
      ...(i === 0 ? { gateway: { account: true, kind: 'hospital' as const, days: [{ day, facilityId: u.id, answered: 5, failed: 1 }] } } : {}),
    };
    const res = await app.inject({ method: 'POST', url: '/api/hub/push', headers: { authorization: `Bearer ${siteToken(u.id)}` }, payload: push });
    if (res.statusCode !== 200) throw new Error(`push ${u.id}: ${res.body}`);
  }
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url };
}
