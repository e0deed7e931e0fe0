// The district hub's HTTP API (hub/src/hub-app.ts) through Fastify's inject, on a SQLite store: a
// site pushes only as itself, only its own facilities and never from the future; only the district
// office's admin token reads the sites, the units and the Phụ lục 03 report; refusals come with
// their code and Vietnamese and English text, are counted in /api/health and logged without the body;
// and the report shows which expected units are late or silent.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import type { HubPush } from '../../../daemon/src/api/hub-push.ts';
import type { DailyCounterRow, FacilityInventory, PhuLuc03 } from '../../../daemon/src/api/report.ts';
import { createLogger } from '../../../daemon/src/log.ts';
import type { ExpectedUnit } from '../../../daemon/src/reports/phu-luc-03.ts';
import { openSql } from '../../../daemon/src/storage/sql-client.ts';
import { buildHubApp, MAX_CLOCK_SKEW_MS, type HubConfig } from '../../../hub/src/hub-app.ts';
import { HubStore } from '../../../hub/src/hub-store.ts';

const ADMIN = 'admin-token-quan-tay-ho';
const TOKEN: Record<string, string> = { 'tay-ho': 'site-token-tay-ho-0001', 'ba-dinh': 'site-token-ba-dinh-0001', 'long-bien': 'site-token-long-bien-01' };
const NOW = Date.parse('2026-04-15T03:00:00.000Z');
type ApiError = { error: { code: string; vi: string; en: string } };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface Hub {
  app: FastifyInstance;
  store: HubStore;
  clock: { now: number };
  logs: Array<Record<string, unknown>>;
}

async function startHub(t: Test, config: Partial<HubConfig> = {}): Promise<Hub> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const store = await HubStore.open(await openSql(`sqlite:${join(dir, 'hub.sqlite')}`));
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const clock = { now: NOW };
  const app = await buildHubApp({
    store,
    log,
    now: () => new Date(clock.now),
    config: {
      sites: [
        { id: 'tay-ho', token: TOKEN['tay-ho']!, facilities: ['01001'] },
        { id: 'ba-dinh', token: TOKEN['ba-dinh']! },
        { id: 'long-bien', token: TOKEN['long-bien']! },
      ],
      adminTokens: [ADMIN],
      cumulativeSince: '2026-01-01',
      ...config,
    },
  });
  t.teardown(async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { app, store, clock, logs };
}

const facility = (id: string, name = `Trung tâm Y tế ${id}`): FacilityInventory => ({
  id,
  name,
  province: 'Hà Nội',
  sector: 'public',
  tier: 'district',
  order: 1,
  stations: [{ id: 'tiep-don', name: 'Khu tiếp đón', kind: 'facility', desks: ['quay-1'], scanners: [], needed: 1, neededReason: null }],
});
const row = (facilityId: string, day: string, scans: number): DailyCounterRow => ({
  day,
  facilityId,
  stationId: 'tiep-don',
  deviceId: 'sim-1',
  deskId: 'quay-1',
  scans,
  searches: 0,
  successes: scans,
  errors: 0,
});
const body = (siteId: string, facilityId: string, counters: DailyCounterRow[] = [], sentAt = new Date(NOW).toISOString()): HubPush => ({
  siteId,
  sentAt,
  facility: facility(facilityId),
  counters,
});
const pushAs = (hub: Hub, token: string | null, payload: unknown) =>
  hub.app.inject({ method: 'POST', url: '/api/hub/push', headers: token ? bearer(token) : {}, payload: payload as Record<string, unknown> });

t.test('a site pushes as itself: accepted, stored, logged', async (t) => {
  const hub = await startHub(t);
  const res = await pushAs(hub, TOKEN['tay-ho']!, body('tay-ho', '01001', [row('01001', '2026-04-14', 12), row('01001', '2026-04-15', 3)]));
  t.same([res.statusCode, res.json()], [200, { accepted: true, rows: 2 }]);
  t.match(await hub.store.sites(), [{ siteId: 'tay-ho', facilityId: '01001', lastPushAt: '2026-04-15T03:00:00.000Z' }], 'received at the hub’s clock');
  t.equal((await hub.store.dumpCounters()).length, 2);
  t.match(hub.logs, [{ level: 30, module: 'hub', site: 'tay-ho', rows: 2, msg: 'push accepted' }]);
});

t.test('push refusals: the code, its status and the text in both languages; nothing stored', async (t) => {
  const hub = await startHub(t);
  const future = new Date(NOW + MAX_CLOCK_SKEW_MS + 1000).toISOString();
  const cases: Array<[string, string | null, unknown, number, string, RegExp]> = [
    ['no token', null, body('tay-ho', '01001'), 401, 'AUTH_REQUIRED', /token/],
    ['an unknown token', 'site-token-unknown-0001', body('tay-ho', '01001'), 401, 'AUTH_REQUIRED', /token/],
    ["the district's admin token", ADMIN, body('tay-ho', '01001'), 403, 'FORBIDDEN', /role/],
    ["one site's token pushing as another site", TOKEN['ba-dinh']!, body('tay-ho', '01001'), 403, 'SITE_MISMATCH', /another site/],
    ['a push dated more than five minutes ahead', TOKEN['tay-ho']!, body('tay-ho', '01001', [], future), 400, 'SENT_AT_FUTURE', /clock/],
    ['a facility not listed for the site', TOKEN['tay-ho']!, body('tay-ho', '01009'), 403, 'FACILITY_NOT_BOUND', /Facility 01009 is not bound to this site/],
    ["a listed site's facility pushed by another site", TOKEN['ba-dinh']!, body('ba-dinh', '01001'), 403, 'FACILITY_NOT_BOUND', /01001/],
  ];
  for (const [what, token, payload, status, code, en] of cases) {
    const res = await pushAs(hub, token, payload);
    t.equal(res.statusCode, status, `${what}: HTTP ${status}`);
    const error = res.json<{ error: { code: string; vi: string; en: string } }>().error;
    t.equal(error.code, code, `${what}: ${code}`);
    t.match(error.en, en, `${what}: English text`);
    t.ok(error.vi.length > 0 && error.vi !== error.en, `${what}: Vietnamese text`);
  }
  t.equal((await pushAs(hub, TOKEN['tay-ho']!, { ...body('tay-ho', '01001'), counters: 'nhiều' })).statusCode, 400, 'a body that is not a push');
  t.equal((await pushAs(hub, TOKEN['tay-ho']!, { ...body('tay-ho', '01001'), extra: 1 })).statusCode, 400, 'a field the push does not have');
  t.same(await hub.store.sites(), [], 'nothing stored');
  t.same(await hub.store.dumpCounters(), []);
});

t.test('refusals are counted in /api/health and logged with the code and site, without the body', async (t) => {
  const hub = await startHub(t);
  const secret = 'Trạm Y tế phường Bí Mật';
  for (let i = 0; i < 2; i++) await pushAs(hub, TOKEN['ba-dinh']!, { ...body('tay-ho', '01001'), facility: facility('01001', secret) });
  await pushAs(hub, TOKEN['tay-ho']!, body('tay-ho', '01009'));
  const health = await hub.app.inject({ method: 'GET', url: '/api/health' });
  t.same(
    health.json(),
    { status: 'ok', role: 'hub', db: 'sqlite', rejectedRequests: { SITE_MISMATCH: 2, FACILITY_NOT_BOUND: 1 }, reportDue: null },
    'no token needed, no data',
  );
  const refusals = hub.logs.filter((l) => l['msg'] === 'push refused');
  t.match(refusals, [
    { level: 40, code: 'SITE_MISMATCH', site: 'tay-ho' },
    { level: 40, code: 'SITE_MISMATCH', site: 'tay-ho' },
    { level: 40, code: 'FACILITY_NOT_BOUND', site: 'tay-ho' },
  ]);
  t.notMatch(JSON.stringify(hub.logs), secret, 'the pushed inventory is never logged');
});

t.test('a push dated up to five minutes ahead is taken (a site clock running a little fast)', async (t) => {
  const hub = await startHub(t);
  const res = await pushAs(hub, TOKEN['tay-ho']!, body('tay-ho', '01001', [], new Date(NOW + MAX_CLOCK_SKEW_MS).toISOString()));
  t.equal(res.statusCode, 200);
  t.equal(MAX_CLOCK_SKEW_MS, 5 * 60_000);
});

t.test('an unlisted site binds its facility at its first push; another unlisted site cannot take it', async (t) => {
  const hub = await startHub(t);
  t.equal((await pushAs(hub, TOKEN['ba-dinh']!, body('ba-dinh', '01002'))).statusCode, 200, 'first push binds 01002 to ba-dinh');
  t.equal((await pushAs(hub, TOKEN['ba-dinh']!, body('ba-dinh', '01002'))).statusCode, 200, 'and ba-dinh keeps pushing it');
  const stolen = await pushAs(hub, TOKEN['long-bien']!, body('long-bien', '01002'));
  t.same([stolen.statusCode, stolen.json<ApiError>().error.code], [403, 'FACILITY_NOT_BOUND']);
});

t.test('the admin routes: only the admin token reads sites, units and reports', async (t) => {
  const hub = await startHub(t);
  for (const url of [
    '/api/hub/sites',
    '/api/hub/units',
    '/api/reports/phu-luc-03?from=2026-04-01&to=2026-04-15&format=json',
    '/api/reports/phu-luc-03/submissions',
  ]) {
    t.same([(await hub.app.inject({ method: 'GET', url })).statusCode], [401], `${url}: no token`);
    const site = await hub.app.inject({ method: 'GET', url, headers: bearer(TOKEN['tay-ho']!) });
    t.same([site.statusCode, site.json<ApiError>().error.code], [403, 'FORBIDDEN'], `${url}: a site token`);
    t.equal((await hub.app.inject({ method: 'GET', url, headers: bearer(ADMIN) })).statusCode, 200, `${url}: the admin token`);
  }
  t.equal((await hub.app.inject({ method: 'GET', url: '/api/hub/sites', headers: { authorization: ADMIN } })).statusCode, 401, 'the token without "Bearer"');
});

const EXPECTED: ExpectedUnit[] = [
  { facilityId: '01001', name: 'TTYT quận Tây Hồ', sector: 'public', tier: 'district', order: 1, siteId: 'tay-ho' },
  { facilityId: '01002', name: 'Phòng khám <Ba Đình> & cộng sự', sector: 'private', tier: 'district', order: 2, siteId: 'ba-dinh' },
  { facilityId: '01003', name: 'TTYT quận Long Biên', sector: 'public', tier: 'district', order: 3, siteId: 'long-bien' },
];

t.test('sites and units: ok, late or silent, as the office configured lateAfterDays', async (t) => {
  const hub = await startHub(t, { expectedUnits: EXPECTED, lateAfterDays: 3 });
  hub.clock.now = NOW - 4 * 86_400_000;
  await pushAs(hub, TOKEN['ba-dinh']!, body('ba-dinh', '01002', [], new Date(hub.clock.now).toISOString()));
  hub.clock.now = NOW;
  await pushAs(hub, TOKEN['tay-ho']!, body('tay-ho', '01001'));
  const sites = await hub.app.inject({ method: 'GET', url: '/api/hub/sites', headers: bearer(ADMIN) });
  t.same(
    sites.json<Array<{ siteId: string }>>().map((s) => s.siteId),
    ['ba-dinh', 'tay-ho'],
  );
  const units = await hub.app.inject({ method: 'GET', url: '/api/hub/units', headers: bearer(ADMIN) });
  t.same(
    units.json<Array<{ facilityId: string; status: string }>>().map((u) => [u.facilityId, u.status]),
    [
      ['01001', 'ok'],
      ['01002', 'late'],
      ['01003', 'silent'],
    ],
  );
});

t.test('the Phụ lục 03 report from the pushed counters; late and silent units above the HTML page, escaped', async (t) => {
  const hub = await startHub(t, { expectedUnits: EXPECTED });
  await pushAs(
    hub,
    TOKEN['tay-ho']!,
    body('tay-ho', '01001', [row('01001', '2026-04-10', 30), row('01001', '2026-04-11', 12), row('01001', '2026-03-01', 500)]),
  );
  hub.clock.now = NOW - 10 * 86_400_000;
  await pushAs(hub, TOKEN['ba-dinh']!, body('ba-dinh', '01002', [row('01002', '2026-04-05', 7)], new Date(hub.clock.now).toISOString()));
  hub.clock.now = NOW;
  const res = await hub.app.inject({ method: 'GET', url: '/api/reports/phu-luc-03?from=2026-04-10&to=2026-04-15&format=json', headers: bearer(ADMIN) });
  const report = res.json<PhuLuc03>();
  t.match(report.period, { from: '2026-04-10', to: '2026-04-15' });
  const total = report.rows.find((r) => r.level === 'total')!;
  t.match(total, { scans: 42, successes: 42, errors: 0 }, 'only the days of the period');
  const byFacility = new Map(report.rows.map((r) => [r.facilityId, r]));
  t.match(byFacility.get('01001'), { noReport: false, scans: 42, cumulative: 542 }, 'Tây Hồ: the period, and everything since cumulativeSince');
  t.match(byFacility.get('01002'), { noReport: true }, 'Ba Đình last pushed before the period began: "(chưa có báo cáo)"');
  t.match(byFacility.get('01003'), { noReport: true }, 'Long Biên never pushed');

  const html = await hub.app.inject({ method: 'GET', url: '/api/reports/phu-luc-03?from=2026-04-10&to=2026-04-15&format=html', headers: bearer(ADMIN) });
  t.equal(html.statusCode, 200);
  t.match(html.body, /Đơn vị chậm hoặc chưa gửi số liệu \/ late or silent units \(2\)/, 'the notice counts the late and silent units');
  t.match(
    html.body,
    /<li data-status="late">Phòng khám &(#60|lt);Ba Đình&(#62|gt); &(#38|amp); cộng sự — gửi lần cuối \/ last push 2026-04-05T03:00:00\.000Z<\/li>/,
    'a late unit with its last push, its name escaped',
  );
  t.match(html.body, '<li data-status="silent">TTYT quận Long Biên — chưa gửi lần nào / never pushed</li>');
  t.notMatch(html.body, /data-status="ok"/, 'units that pushed in time are not listed');
  t.notMatch(html.body, '<Ba Đình>', 'no markup from a unit name');
});

t.test('no notice when every expected unit pushed in time', async (t) => {
  const hub = await startHub(t, { expectedUnits: [EXPECTED[0]!] });
  await pushAs(hub, TOKEN['tay-ho']!, body('tay-ho', '01001', [row('01001', '2026-04-10', 30)]));
  const html = await hub.app.inject({ method: 'GET', url: '/api/reports/phu-luc-03?from=2026-04-10&to=2026-04-15&format=html', headers: bearer(ADMIN) });
  t.notMatch(html.body, 'late or silent units');
});

t.test('/api/health tells monitoring that a closed period is still due, once counters exist for it', async (t) => {
  const hub = await startHub(t);
  await pushAs(hub, TOKEN['tay-ho']!, body('tay-ho', '01001', [row('01001', '2026-03-01', 5)]));
  const health = (await hub.app.inject({ method: 'GET', url: '/api/health' })).json<{
    reportDue: { from: string; to: string; submitBy: string; overdue: boolean } | null;
  }>();
  t.same(
    health.reportDue,
    { from: '2026-03-10', to: '2026-04-09', submitBy: '2026-04-12', overdue: true },
    'the period 10/03–09/04, due on 12/04, overdue on 15/04',
  );
});

t.test('wrong tokens are throttled per client address; the right one from elsewhere works at once', async (t) => {
  const hub = await startHub(t, { trustProxy: ['10.0.0.5'] });
  const get = (from: string, token: string, xff?: string) =>
    hub.app.inject({ method: 'GET', url: '/api/hub/sites', remoteAddress: from, headers: { ...bearer(token), ...(xff ? { 'x-forwarded-for': xff } : {}) } });
  const statuses: number[] = [];
  for (let i = 0; i < 30; i++) statuses.push((await get('10.0.0.9', `guess-${i}-xxxxxxxxxxxxxxxx`)).statusCode);
  t.same(statuses.slice(0, 11), Array(11).fill(401), 'the first wrong tokens are answered 401');
  t.same(statuses.slice(11), Array(19).fill(429), 'then the address waits');
  const waiting = await get('10.0.0.9', ADMIN);
  t.equal(waiting.statusCode, 429, 'even with the right token (not looked at)');
  t.ok(Number(waiting.headers['retry-after']) >= 1, 'Retry-After');
  t.match(waiting.json<ApiError>().error, { code: 'RATE_LIMITED', vi: /Thử mã truy cập sai/, en: /wrong access tokens/ });
  t.equal((await get('10.0.0.10', ADMIN)).statusCode, 200, 'another address: the admin token works');
  t.equal((await get('10.0.0.9', ADMIN, '10.0.0.10')).statusCode, 429, 'X-Forwarded-For from an untrusted peer is ignored');
  for (let i = 0; i < 12; i++) await get('10.0.0.5', `guess-${i}-xxxxxxxxxxxxxxxx`, '172.16.0.1');
  t.equal((await get('10.0.0.5', ADMIN, '172.16.0.1')).statusCode, 429, 'behind the trusted proxy, the guessing site waits');
  t.equal((await get('10.0.0.5', ADMIN, '172.16.0.2')).statusCode, 200, 'another site behind the same proxy does not');
  const health = (await hub.app.inject({ method: 'GET', url: '/api/health' })).json<{ rejectedRequests: Record<string, number> }>();
  t.ok((health.rejectedRequests['RATE_LIMITED'] ?? 0) >= 20, 'the waits are counted');
});
