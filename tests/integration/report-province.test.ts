// Phụ lục 03 as the province reads it (issue #16): what an access counts as, a late lookup answer
// moving its day at the site and at the hub, units that did not report, inventory as of a period's
// end, and submitted copies that stay as they were sent. Real SQLite files, the hub on loopback HTTP.

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { EligibilityMessage } from '../../daemon/src/api/contract.ts';
import { resolveConfig } from '../../daemon/src/config/load.ts';
import { CountersRepo } from '../../daemon/src/storage/counters-repo.ts';
import { answerMessage } from '../../daemon/src/eligibility/answer-message.ts';
import { stateAnswer, type EligibilityAnswer } from '../../daemon/src/eligibility/gateway-client.ts';
import { describeResultCode } from '../../daemon/src/eligibility/result-codes.ts';
import { buildHubApp } from '../../hub/src/hub-app.ts';
import { HubStore } from '../../hub/src/hub-store.ts';
import { SitePusher } from '../../daemon/src/hub-push/site-pusher.ts';
import { openSql, openSqlite, type SqlClient } from '../../daemon/src/storage/sql-client.ts';
import { postgresRequirement, startPostgres } from '../helpers/postgres.ts';
import { createLogger } from '../../daemon/src/log.ts';
import { buildPhuLuc03, type PhuLuc03 } from '../../daemon/src/reports/phu-luc-03.ts';
import { localReportSource } from '../../daemon/src/reports/local-source.ts';
import { Db } from '../../daemon/src/storage/db.ts';
import { EventsRepo, type NewEvent } from '../../daemon/src/storage/events-repo.ts';
import { InventoryHistoryRepo } from '../../daemon/src/storage/inventory-history-repo.ts';
import { InventoryRepo } from '../../daemon/src/storage/inventory-repo.ts';
import { migrate } from '../../daemon/src/storage/migrations.ts';
import { PushStateRepo } from '../../daemon/src/hub-push/push-state-repo.ts';
import { hubPost } from '../../daemon/src/hub-push/hub-post.ts';

const log = createLogger('silent');
const ADMIN = 'admin-token-0123456789';
const token = (site: string): string => `site-token-${site}-0123456789`;
/** 09:00 in Vietnam on a day. */
const at = (day: string, hour = 9): Date => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3600_000);

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-province-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function answer(code: string, checkedAt: Date): EligibilityAnswer {
  return { ...describeResultCode(code), code, checkedAt: checkedAt.toISOString(), mismatch: null, card: null };
}

function message(eventId: number, a: EligibilityAnswer, verification: EligibilityMessage['verification']): string {
  return JSON.stringify(answerMessage(a, { ref: { eventId, deviceId: 'd', desk: 'desk-1' }, simulated: false, verification }));
}

interface SiteKit {
  /** The day's counters summed over devices. */
  day: (day: string) => Promise<Record<string, number>>;
  clock: { now: Date };
  events: EventsRepo;
  counters: CountersRepo;
  inventory: InventoryRepo;
  pusher: (url: string) => SitePusher;
  report: (from: string, to: string) => Promise<PhuLuc03>;
  read: (e: Partial<NewEvent> & Pick<NewEvent, 'source'>) => Promise<number>;
}

async function site(t: Test, id: string, extra: Record<string, unknown> = {}): Promise<SiteKit> {
  const db = await Db.open(join(await tempDir(t), 'site.sqlite'));
  t.teardown(() => db.close());
  await migrate(db);
  const config = resolveConfig({
    facility: { id, name: `Cơ sở ${id}`, stations: [{ id: 'main', desks: ['desk-1'] }] },
    hub: { url: 'https://hub.invalid', siteId: id, token: token(id) },
    ...extra,
  });
  const clock = { now: at('2026-11-20') };
  const now = (): Date => clock.now;
  const events = new EventsRepo(db, config.reports.outcomes);
  const counters = new CountersRepo(db);
  const inventory = new InventoryRepo(db);
  const source = localReportSource({ config, counters, inventory, history: new InventoryHistoryRepo(db), now });
  const base = {
    deviceId: `${id}-scanner`,
    deskId: 'desk-1',
    facilityId: id,
    stationId: 'main',
    outcome: 'success' as const,
    errorCode: null,
    errorClass: null,
  };
  const day = async (d: string): Promise<Record<string, number>> => {
    const sum: Record<string, number> = {};
    for (const r of await counters.daily(d, d)) for (const [k, v] of Object.entries(r)) if (typeof v === 'number') sum[k] = (sum[k] ?? 0) + v;
    return sum;
  };
  return {
    day,
    clock,
    events,
    counters,
    inventory,
    pusher: (url) =>
      new SitePusher({
        config: { ...config.hub, url },
        counters,
        source,
        state: new PushStateRepo(db),
        log,
        now,
        post: hubPost({ caFile: null, timeoutMs: 30_000 }),
      }),
    report: (from, to) => buildPhuLuc03(source, { from, to, cumulativeSince: '2026-01-01', now: now() }),
    read: async (e) => {
      const lookup = (e.outcome ?? 'success') === 'success' ? { lookupJson: '{"maThe":"x"}' } : {};
      const [eventId] = await events.recordMany([
        { at: clock.now, payloadKind: null, idHash: null, identityJson: null, rawHex: null, ...base, ...lookup, ...e },
      ]);
      return eventId!;
    },
  };
}

/** The hub's database for the suite being run (SQLite, then PostgreSQL when installed). */
let openHubSql: (t: Test) => Promise<SqlClient> = async (t) => openSqlite(join(await tempDir(t), 'hub.sqlite'));

async function hub(t: Test, config: Partial<Parameters<typeof buildHubApp>[0]['config']> = {}, now?: () => Date) {
  const store = await HubStore.open(await openHubSql(t));
  const app = await buildHubApp({
    store,
    log,
    ...(now ? { now } : {}),
    config: { sites: ['s1', 's2', 's3'].map((id) => ({ id, token: token(id) })), adminTokens: [ADMIN], cumulativeSince: '2026-01-01', ...config },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await app.close();
    await store.close();
  });
  const get = async (path: string): Promise<Response> => fetch(new URL(path, url), { headers: { authorization: `Bearer ${ADMIN}` } });
  const report = async (q: string): Promise<PhuLuc03> => (await (await get(`/api/reports/phu-luc-03?${q}&format=json`)).json()) as PhuLuc03;
  return { url, store, get, report };
}

t.test('a lookup the gateway never answered is an error of its own cause; 060 and 051 have theirs', async (t) => {
  const s = await site(t, 's1');
  for (const [code, verification] of [
    ['060', 'verified'],
    ['051', 'verified'],
    ['unanswered', 'unanswered'],
    ['004', 'deferred'],
  ] as const) {
    const id = await s.read({ source: 'scan' });
    const a = code === 'unanswered' ? stateAnswer('unanswered', s.clock.now.toISOString()) : answer(code, s.clock.now);
    await s.events.setEligibility(id, a.outcome, message(id, a, verification), s.clock.now);
  }
  t.match(await s.day('2026-11-20'), {
    scans: 4,
    successes: 1,
    errors: 3,
    lookupIdentity: 1,
    lookupInput: 1,
    lookupOther: 1,
    pending: 0,
  });
});

t.test('the code lists are configuration: a facility told to count 010 as a success', async (t) => {
  const s = await site(t, 's1', { reports: { outcomes: { successCodes: ['000', '001', '002', '003', '004', '010'] } } });
  const id = await s.read({ source: 'scan' });
  await s.events.setEligibility(id, 'ineligible', message(id, answer('010', s.clock.now), 'verified'), s.clock.now);
  t.match(await s.day('2026-11-20'), { successes: 1, errors: 0 });
});

const unit = (facilityId: string, name: string, order: number, siteId: string, sector: 'public' | 'private' = 'public') => ({
  facilityId,
  name,
  sector,
  tier: 'district' as const,
  order,
  siteId,
});

function suite(t: Test): void {
  t.test('an access is a success only when the BHYT information came back; a late answer moves its day, at the site and at the hub', async (t) => {
    const s = await site(t, 's1');
    const h = await hub(t);
    const day = '2026-11-20';

    const search = await s.read({ source: 'search', deviceId: 'manual@desk-1' });
    await s.events.setEligibility(search, 'ineligible', message(search, answer('050', s.clock.now), 'verified'), s.clock.now);
    const scan = await s.read({ source: 'scan' });
    await s.events.setEligibility(scan, 'eligible', message(scan, answer('000', s.clock.now), 'verified'), s.clock.now);
    await s.read({ source: 'scan', outcome: 'error', errorCode: 'truncated', errorClass: 'read' });

    t.match(
      await s.day(day),
      { searches: 1, scans: 2, successes: 1, errors: 2, pending: 0, lookupNotCovered: 1, errorsRead: 1 },
      'typed 050 and an unreadable card are the errors',
    );

    // A fourth read while the gateway is down: an access of the day, neither success nor error yet.
    s.clock.now = at(day, 16);
    const late = await s.read({ source: 'scan' });
    await s.events.setEligibility(late, 'unverified', message(late, stateAnswer('timeout', s.clock.now.toISOString()), 'unverified'), s.clock.now);
    t.match(await s.day(day), { scans: 3, successes: 1, errors: 2, pending: 1 }, 'a lookup the gateway could not answer is pending');
    t.equal((await s.pusher(h.url).pushOnce()).ok, true);
    t.match(
      (await h.report(`from=${day}&to=${day}`)).rows[0],
      { accesses: 4, successes: 1, errors: 2, pending: 1 },
      'the hub has the day with its pending lookup',
    );

    // Next morning the verify-later answer comes: the first day's figures move, and the hub gets them.
    s.clock.now = at('2026-11-21', 8);
    await s.read({ source: 'scan' }); // today's own read keeps today in the push as well
    await s.events.setEligibility(late, 'eligible', message(late, answer('000', s.clock.now), 'deferred'), s.clock.now);
    t.match(await s.day(day), { scans: 3, successes: 2, errors: 2, pending: 0 }, 'the answer is counted on the day of the access');
    const push = await s.pusher(h.url).pushOnce();
    t.equal(push.ok, true);
    t.ok(push.rows >= 2, 'the corrected day is sent again with today');
    t.match((await h.report(`from=${day}&to=${day}`)).rows[0], { accesses: 4, successes: 2, errors: 2, pending: 0 }, 'the hub has the corrected absolute day');

    // Answered once, decided once: a second answer (a crash between answer and dequeue) counts nothing twice.
    await s.events.setEligibility(late, 'eligible', message(late, answer('000', s.clock.now), 'deferred'), s.clock.now);
    t.match(await s.day(day), { successes: 2, pending: 0 });
    t.equal((await s.pusher(h.url).pushOnce()).rows, 1, 'with nothing corrected, only today is sent');
  });

  t.test('every expected unit has its row; one that sent nothing says "(chưa có báo cáo)"; the admin view lists it', async (t) => {
    const s1 = await site(t, 's1');
    const clock = { now: at('2026-11-25') };
    const h = await hub(
      t,
      {
        expectedUnits: [
          unit('s1', 'Trung tâm Y tế huyện Một', 1, 's1'),
          unit('s2', 'Trung tâm Y tế huyện Hai', 2, 's2'),
          unit('s3', 'Phòng khám Ba', 3, 's3', 'private'),
        ],
      },
      () => clock.now,
    );
    await s1.read({ source: 'scan', outcome: 'error', errorCode: 'truncated', errorClass: 'read' });
    await s1.pusher(h.url).pushOnce();

    const report = await h.report('period=2026-11');
    t.same(report.period, { from: '2026-11-10', to: '2026-12-09' });
    const rows = report.rows.filter((r) => r.level === 'facility');
    t.same(
      rows.map((r) => [r.stt, r.label, r.noReport]),
      [
        ['1', 'Trung tâm Y tế huyện Một', false],
        ['2', 'Trung tâm Y tế huyện Hai (chưa có báo cáo)', true],
        ['1', 'Phòng khám Ba (chưa có báo cáo)', true],
      ],
      'the province list orders and names the units',
    );
    t.match(report.narrative.vi[0], /y tế ngoài công lập: \(chưa có báo cáo\)$/, 'the sentence says the private sector did not report');
    const csv = await (await h.get('/api/reports/phu-luc-03?period=2026-11&format=csv')).text();
    t.match(csv, /\r\n2,Trung tâm Y tế huyện Hai \(chưa có báo cáo\),,,,,,,,,,\r\n/, 'its cells are blank, as in the seed');

    const units = (await (await h.get('/api/hub/units')).json()) as Array<{ facilityId: string; status: string }>;
    t.same(
      units.map((u) => [u.facilityId, u.status]),
      [
        ['s1', 'ok'],
        ['s2', 'silent'],
        ['s3', 'silent'],
      ],
    );
    clock.now = at('2026-11-29');
    t.equal(((await (await h.get('/api/hub/units')).json()) as Array<{ status: string }>)[0]!.status, 'late', 'four days without a push: late');
    const html = await (await h.get('/api/reports/phu-luc-03?period=2026-11&format=html')).text();
    t.match(html, 'data-status="silent">Trung tâm Y tế huyện Hai');
  });

  t.test('a submitted report stays byte-identical after a late push; the page shows the difference; health reminds', async (t) => {
    const s1 = await site(t, 's1');
    const clock = { now: at('2026-12-13') };
    const h = await hub(t, {}, () => clock.now);
    s1.clock.now = at('2026-11-15');
    await s1.read({ source: 'scan', outcome: 'error', errorCode: 'truncated', errorClass: 'read' });
    await s1.pusher(h.url).pushOnce();

    const health = async () => ((await (await fetch(new URL('/api/health', h.url))).json()) as { reportDue: unknown }).reportDue;
    t.same(await health(), { from: '2026-11-10', to: '2026-12-09', submitBy: '2026-12-12', overdue: true }, 'nothing submitted by the 12th');
    t.match(await (await h.get('/api/reports/phu-luc-03?period=2026-11&format=html')).text(), 'data-overdue="true"');

    const post = await fetch(new URL('/api/reports/phu-luc-03/submissions', h.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ period: '2026-11', submittedBy: 'Nguyễn Thị Hoa' }),
    });
    t.equal(post.status, 201);
    const sub = (await post.json()) as { id: string; checksum: string; submittedBy: string; totals: { accesses: number } };
    t.match(sub, { submittedBy: 'Nguyễn Thị Hoa (hub-admin)', totals: { accesses: 1 } });
    t.equal(await health(), null, 'submitted: no reminder');
    const xlsxBefore = Buffer.from(await (await h.get(`/api/reports/phu-luc-03/submissions/${sub.id}?format=xlsx`)).arrayBuffer());
    t.equal(createHash('sha256').update(xlsxBefore).digest('hex'), sub.checksum, 'the checksum is of the kept XLSX');

    // A late push for the submitted period: the kept copy does not move, the page shows what changed.
    s1.clock.now = at('2026-11-16');
    await s1.read({ source: 'search', deviceId: 'manual@desk-1', outcome: 'error', errorCode: 'idFormat', errorClass: 'validation' });
    s1.clock.now = at('2026-12-13');
    await s1.pusher(h.url).pushOnce();
    const xlsxAfter = Buffer.from(await (await h.get(`/api/reports/phu-luc-03/submissions/${sub.id}?format=xlsx`)).arrayBuffer());
    t.ok(xlsxAfter.equals(xlsxBefore), 'the submitted XLSX is byte-identical after the late push');
    const diff = (await (await h.get(`/api/reports/phu-luc-03/submissions/${sub.id}/diff`)).json()) as {
      differences: Array<{ row: string; column: string; submitted: number; now: number }>;
    };
    t.match(diff.differences, [{ row: 'Tổng cộng', column: 'accesses', submitted: 1, now: 2 }], 'the difference, cell by cell');
    const html = await (await h.get('/api/reports/phu-luc-03?period=2026-11&format=html')).text();
    t.match(html, 'class="notice submitted"');
    t.match(html, /Số liệu hiện nay khác bản đã nộp[^]*<td>Tổng cộng<\/td><td>accesses<\/td><td>1<\/td><td>2<\/td>/);
    const list = (await (await h.get('/api/reports/phu-luc-03/submissions')).json()) as Array<{ id: string }>;
    t.same(
      list.map((x) => x.id),
      [sub.id],
    );

    const open = await fetch(new URL('/api/reports/phu-luc-03/submissions', h.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ period: '2026-12', submittedBy: 'x' }),
    });
    t.equal(open.status, 409, 'a period that has not ended cannot be submitted');
  });

  t.test('a past period uses the inventory of its last day, at the site and at the hub', async (t) => {
    const s1 = await site(t, 's1');
    const h = await hub(t, {}, () => s1.clock.now);
    s1.clock.now = at('2026-11-20');
    await s1.inventory.seen('s1-scanner', 'desk-1', 'hidPos', s1.clock.now, true);
    await s1.read({ source: 'scan', outcome: 'error', errorCode: 'truncated', errorClass: 'read' });
    await s1.pusher(h.url).pushOnce();
    // In the next period the scanner breaks and a technician marks it.
    s1.clock.now = at('2026-12-15');
    await s1.inventory.override('s1-scanner', 'notWorking', 'Hỏng / broken', s1.clock.now);
    await s1.inventory.seen('s1-scanner', 'desk-1', 'hidPos', s1.clock.now, true);
    t.equal((await s1.pusher(h.url).pushOnce()).ok, true);

    const past = await h.report('from=2026-11-10&to=2026-12-09');
    t.match(past.rows[0], { scannersWorking: 1, scannersNotWorking: 0 }, 'hub: November as it was on 9 December');
    const current = await h.report('from=2026-12-10&to=2026-12-15');
    t.match(current.rows[0], { scannersWorking: 0, scannersNotWorking: 1 }, 'hub: the running period as it is now');
    t.match((await s1.report('2026-11-10', '2026-12-09')).rows[0], { scannersWorking: 1, scannersNotWorking: 0 }, 'site: November from its own history');
    t.match((await s1.report('2026-12-10', '2026-12-15')).rows[0], { scannersWorking: 0, scannersNotWorking: 1 }, 'site: now');
  });
}

t.test('the province on a SQLite hub', async (t) => suite(t));

t.test('the province on a PostgreSQL hub', postgresRequirement(), async (t) => {
  const url = await startPostgres(t);
  const admin = await openSql(url);
  t.teardown(() => admin.close());
  let n = 0;
  openHubSql = async () => {
    const name = `province_${++n}`;
    await admin.query(`CREATE DATABASE ${name}`);
    return openSql(url.replace(/\/postgres$/, `/${name}`));
  };
  suite(t);
});
