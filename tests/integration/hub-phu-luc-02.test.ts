// Phụ lục 2 at the district hub, on SQLite and on a real PostgreSQL server: the seed's 35 units
// (tests/fixtures/seed-phu-luc-02.ts) pushed with their gateway account and exchanges give the seed's
// TỔNG SỐ row (34 issued, 33 connected, 1.084.417 / 1.029.841 / 54.576) and the tier percentages.
// Departures from seed 000: unit 35 (line 143, CHƯA / CHƯA) is an expected unit that never pushed,
// and a 36th unit, whose site is older than the gateway field, shows "—" and changes no total. The
// push with the new field goes through the hub's own schema (HTTP); a repeated push changes nothing.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { HubPush } from '../../daemon/src/api/hub-push.ts';
import type { FacilityInventory } from '../../daemon/src/api/report.ts';
import { createLogger } from '../../daemon/src/log.ts';
import type { PhuLuc02 } from '../../daemon/src/reports/phu-luc-02.ts';
import { parseCsv } from '../../daemon/src/reports/render-csv.ts';
import { openSql, type SqlClient } from '../../daemon/src/storage/sql-client.ts';
import { buildHubApp } from '../../hub/src/hub-app.ts';
import { HubStore } from '../../hub/src/hub-store.ts';
import { SEED_PHU_LUC_02, SEED_PHU_LUC_02_TOTAL } from '../fixtures/seed-phu-luc-02.ts';
import { postgresRequirement, startPostgres } from '../helpers/postgres.ts';

const ADMIN = 'admin-token-0123456789';
const token = (site: string): string => `site-token-${site}-0123456789`;
const NOW = new Date('2019-04-01T03:00:00Z');

const facility = (id: string, name: string, order: number): FacilityInventory => ({
  id,
  name,
  province: 'Thừa Thiên Huế',
  sector: 'public',
  tier: 'province',
  order,
  stations: [{ id: 'main', name: 'main', kind: 'facility', desks: ['quay-1'], scanners: [], needed: 0, neededReason: null }],
});

async function suite(t: Test, open: () => Promise<SqlClient>): Promise<void> {
  const store = await HubStore.open(await open());
  const units = SEED_PHU_LUC_02.map(([stt, name, kind, account, answered, failed]) => ({
    stt,
    id: `U${String(stt).padStart(2, '0')}`,
    name,
    kind,
    account,
    answered,
    failed,
  }));
  const app = await buildHubApp({
    store,
    log: createLogger('silent'),
    now: () => NOW,
    config: {
      sites: [...units.map((u) => ({ id: u.id, token: token(u.id) })), { id: 'OLD', token: token('OLD') }],
      adminTokens: [ADMIN],
      cumulativeSince: '2018-01-01',
      // Unit 35 of the seed never pushed: it is known from the hub's list of expected units.
      expectedUnits: [{ facilityId: 'U35', name: units[34]!.name, sector: 'private', tier: 'province', order: 35, siteId: 'U35', kind: 'clinic' }],
    },
  });
  t.teardown(async () => {
    await app.close();
    await store.close();
  });
  const post = async (body: HubPush) =>
    app.inject({ method: 'POST', url: '/api/hub/push', headers: { authorization: `Bearer ${token(body.siteId)}` }, payload: body });
  for (const u of units.slice(0, 34)) {
    const body: HubPush = {
      siteId: u.id,
      sentAt: '2019-03-31T10:00:00.000Z',
      facility: facility(u.id, u.name, u.stt),
      counters: [],
      gateway: {
        account: u.account,
        kind: u.kind,
        days: u.answered + u.failed > 0 ? [{ day: '2018-06-01', facilityId: u.id, answered: u.answered, failed: u.failed }] : [],
      },
    };
    const res = await post(body);
    t.equal(res.statusCode, 200, `${u.id} ${res.body}`);
    if (u.stt === 1) t.equal((await post(body)).statusCode, 200, 'a repeated push');
  }
  const old = await post({ siteId: 'OLD', sentAt: '2019-03-31T10:00:00.000Z', facility: facility('OLD', 'Trạm y tế xã (bản cũ)', 36), counters: [] });
  t.equal(old.statusCode, 200, 'a site without the field still pushes');
  const foreign = await post({
    siteId: 'U01',
    sentAt: '2019-03-31T10:00:00.000Z',
    facility: facility('U01', units[0]!.name, 1),
    counters: [],
    gateway: { account: true, kind: 'hospital', days: [{ day: '2018-06-01', facilityId: 'U02', answered: 1, failed: 0 }] },
  });
  t.equal(foreign.statusCode, 403, 'tenancy: exchanges of another site’s unit are refused');

  const auth = { authorization: `Bearer ${ADMIN}` };
  const q = 'from=2018-05-01&to=2018-12-31&from2=2019-01-01&to2=2019-03-31';
  const res = await app.inject({ url: `/api/reports/phu-luc-02?${q}`, headers: auth });
  t.equal(res.statusCode, 200, res.body);
  const r = res.json<PhuLuc02>();
  t.equal(r.rows.length, 36);
  t.same([r.total.accountCount, r.total.connectedCount], [SEED_PHU_LUC_02_TOTAL.issued, SEED_PHU_LUC_02_TOTAL.connected]);
  t.same(r.total.periods[0], { total: SEED_PHU_LUC_02_TOTAL.total, success: SEED_PHU_LUC_02_TOTAL.success, error: SEED_PHU_LUC_02_TOTAL.error });
  t.same(r.total.periods[1], { total: 0, success: 0, error: 0 });
  const byId = new Map(r.rows.map((row) => [row.facilityId, row]));
  t.same([byId.get('U21')!.account, byId.get('U21')!.connected], ['RỒI', 'CHƯA'], 'row 21');
  t.same(
    [byId.get('U35')!.account, byId.get('U35')!.connected, byId.get('U35')!.periods[0]],
    ['CHƯA', 'CHƯA', { total: 0, success: 0, error: 0 }],
    'never pushed',
  );
  t.same([byId.get('OLD')!.account, byId.get('OLD')!.connected, byId.get('OLD')!.periods], ['—', '—', [null, null]], 'cannot know');
  t.same(byId.get('U01')!.periods[0], { total: 7697, success: 4710, error: 2987 }, 'the repeated push did not add');
  t.same(
    r.tiers.map((x) => [x.kind, x.units, x.connected, x.percent]),
    [
      ['hospital', 25, 23, 92],
      ['clinic', 11, 10, 90.9],
      ['commune', 0, 0, null],
    ],
    'the old site counts as a unit of its tier (hospital by default), not connected',
  );
  const csv = await app.inject({ url: `/api/reports/phu-luc-02?${q}&format=csv`, headers: auth });
  const total = parseCsv(csv.body).find((row) => row[1] === 'TỔNG SỐ');
  t.same(total, ['', 'TỔNG SỐ', '34', '33', '1084417', '1029841', '54576', '0', '0', '0']);
  t.equal((await app.inject({ url: '/api/reports/phu-luc-02', headers: { authorization: `Bearer ${token('U01')}` } })).statusCode, 403, 'admin only');
}

t.test('hub on SQLite', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-hub-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await suite(t, () => openSql(`sqlite:${join(dir, 'hub.sqlite')}`));
});

t.test('hub on PostgreSQL', postgresRequirement(), async (t) => {
  const url = await startPostgres(t);
  await suite(t, () => openSql(url));
});
