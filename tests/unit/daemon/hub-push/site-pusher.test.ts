// A site pushing its counters to the district hub (a fake hub on loopback records each push): the
// first push sends every day since the first count, a month at a time, with the site's inventory and
// its token; later pushes send from the last acknowledged day on (today always, its counts keep
// growing); a refused or unreachable hub leaves the cursor where it was and the next push catches up;
// a day answered late (its counts changed after the hub had it) is sent again; simulated readers never
// reach the district.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { HubPush } from '../../../../daemon/src/api/hub-push.ts';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import { PushStateRepo } from '../../../../daemon/src/hub-push/push-state-repo.ts';
import { SitePusher } from '../../../../daemon/src/hub-push/site-pusher.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { localReportSource } from '../../../../daemon/src/reports/local-source.ts';
import { CountersRepo } from '../../../../daemon/src/storage/counters-repo.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { InventoryHistoryRepo } from '../../../../daemon/src/storage/inventory-history-repo.ts';
import { InventoryRepo } from '../../../../daemon/src/storage/inventory-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { hubPost } from '../../../../daemon/src/hub-push/hub-post.ts';

/** 2 March 2026, 08:30 in Vietnam. */
const T0 = Date.parse('2026-03-02T01:30:00Z');
const TOKEN = 'site-token-binh-son-0001';
const config = resolveConfig({ facility: { id: 'F1', name: 'Trung tâm Y tế huyện Bình Sơn', stations: [{ id: 'main', desks: ['desk-1'] }] } });

interface Push {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: HubPush;
}

/** The district hub: answers each push with the next scripted [status, text] (200 once the script is used up). */
async function hub(t: Test) {
  const pushes: Push[] = [];
  const script: Array<[number, string]> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      pushes.push({ url: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(body) as HubPush });
      const [status, text] = script.shift() ?? [200, '{"ok":true}'];
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
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

/** One migrated SQLite file for the whole file (the subtests run one after another); each site starts empty. Synchronous NORMAL:
 *  a test needs no power-cut durability, and skipping the fsyncs keeps it fast. */
let shared: Promise<Db> | null = null;
function database(): Promise<Db> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-push-'));
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

async function site(hubUrl: string) {
  const db = await database();
  await db.exec('DELETE FROM verify_queue; DELETE FROM scan_events; DELETE FROM daily_counters; DELETE FROM hub_push_state; DELETE FROM inventory_history;');
  const clock = { now: T0 };
  const now = (): Date => new Date(clock.now);
  const counters = new CountersRepo(db);
  const inventory = new InventoryRepo(db);
  await inventory.seen('s-1', 'desk-1', 'serial', now(), true);
  const source = localReportSource({ config, counters, inventory, history: new InventoryHistoryRepo(db), now });
  const state = new PushStateRepo(db);
  const lines: string[] = [];
  const log = createLogger('debug', { write: (s: string) => void lines.push(s) });
  const post = hubPost({ caFile: null, timeoutMs: 5_000 });
  const pusher = new SitePusher({
    config: { url: hubUrl, siteId: 'binh-son', token: TOKEN, intervalMs: 300_000, ca: null },
    counters,
    source,
    state,
    log,
    now,
    post,
  });
  return { db, clock, events: new EventsRepo(db), state, pusher, lines };
}

/** `n` good reads on a day (Vietnam noon); `pending`: their BHYT lookup is still out; `simulated`: a simulated reader. */
function reads(day: string, n: number, o: { pending?: boolean; simulated?: boolean } = {}): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.parse(`${day}T05:00:00Z`) + i * 1000),
    deviceId: o.simulated ? 'sim-1' : 's-1',
    deskId: 'desk-1',
    facilityId: 'F1',
    stationId: 'main',
    source: 'scan' as const,
    outcome: 'success' as const,
    errorCode: null,
    errorClass: null,
    payloadKind: 'cccd2021',
    idHash: `h-${day}-${i}`,
    identityJson: null,
    rawHex: null,
    ...(o.pending ? { lookupJson: '{"maThe":"test"}' } : {}),
    ...(o.simulated ? { simulated: true } : {}),
  }));
}

const days = (p: Push): string[] => p.body.counters.map((c) => c.day);

t.test('the first push sends every day since the first count, a month at a time, with the inventory and the token', async (t) => {
  const h = await hub(t);
  const s = await site(h.url);
  await s.events.recordMany([...reads('2026-01-05', 3), ...reads('2026-02-10', 2), ...reads('2026-03-02', 4), ...reads('2026-03-02', 5, { simulated: true })]);
  const r = await s.pusher.pushOnce();
  t.same(r, { ok: true, pushes: 2, rows: 3 });
  t.equal(h.pushes.length, 2, '5 January to 2 March is two pushes of at most 31 days');
  t.same(days(h.pushes[0]!), ['2026-01-05'], 'the first covers 5 January to 4 February');
  t.same(days(h.pushes[1]!), ['2026-02-10', '2026-03-02'], 'the second up to today');
  t.match(h.pushes[1]!.body.counters[1], { facilityId: 'F1', stationId: 'main', deviceId: 's-1', deskId: 'desk-1', scans: 4, successes: 4, errors: 0 });
  t.notOk(
    h.pushes.some((p) => p.body.counters.some((c) => c.deviceId === 'sim-1')),
    'the simulated reader is not reported to the district',
  );
  for (const p of h.pushes) {
    t.equal(p.url, '/api/hub/push');
    t.equal(p.authorization, `Bearer ${TOKEN}`);
    t.equal(p.body.siteId, 'binh-son');
    t.equal(p.body.sentAt, new Date(T0).toISOString());
    t.match(p.body.facility, { id: 'F1', name: 'Trung tâm Y tế huyện Bình Sơn', stations: [{ id: 'main', scanners: [{ id: 's-1', status: 'working' }] }] });
  }
  t.match(await s.pusher.status(), { ackedThrough: '2026-03-02', lastAttempt: new Date(T0).toISOString(), lastError: null });
});

t.test('a later push sends from the last acknowledged day: today again, with its new counts', async (t) => {
  const h = await hub(t);
  const s = await site(h.url);
  await s.events.recordMany([...reads('2026-02-20', 2), ...reads('2026-03-02', 1)]);
  await s.pusher.pushOnce();
  await s.events.recordMany(reads('2026-03-02', 2).map((e) => ({ ...e, idHash: `${e.idHash}-later` })));
  s.clock.now += 300_000;
  t.same(await s.pusher.pushOnce(), { ok: true, pushes: 1, rows: 1 });
  t.same(days(h.pushes[1]!), ['2026-03-02'], 'only today');
  t.match(h.pushes[1]!.body.counters[0], { scans: 3 }, 'the absolute count, not the increment');
  s.clock.now = Date.parse('2026-03-04T01:00:00Z');
  t.same(await s.pusher.pushOnce(), { ok: true, pushes: 1, rows: 1 }, 'two days later: 2 to 4 March in one push');
  t.same(days(h.pushes[2]!), ['2026-03-02'], 'the last acknowledged day again; nothing counted since');
  t.match(await s.pusher.status(), { ackedThrough: '2026-03-04' });
});

t.test('a site with nothing counted yet still pushes its inventory for today', async (t) => {
  const h = await hub(t);
  const s = await site(h.url);
  t.same(await s.pusher.pushOnce(), { ok: true, pushes: 1, rows: 0 });
  t.same(h.pushes[0]!.body.counters, []);
  t.match(h.pushes[0]!.body.facility, { id: 'F1' });
  t.match(await s.pusher.status(), { ackedThrough: '2026-03-02' });
});

t.test('a refused push keeps the cursor at the last acknowledged month; the next push catches up from there', async (t) => {
  const h = await hub(t);
  const s = await site(h.url);
  await s.events.recordMany([...reads('2026-01-05', 1), ...reads('2026-02-10', 1)]);
  const answer = `{"error":{"code":"HUB_BUSY","vi":"Máy chủ bận","en":"busy"},"pad":"${'x'.repeat(400)}"}`;
  h.script.push([200, '{}'], [503, answer]);
  const r = await s.pusher.pushOnce();
  t.same(r, { ok: false, pushes: 1, rows: 1, error: `HTTP 503: ${answer.slice(0, 300)}` }, 'the hub’s answer, cut at 300 characters');
  t.match(await s.pusher.status(), { ackedThrough: '2026-02-04', lastError: `HTTP 503: ${answer.slice(0, 300)}` }, 'the first month stays acknowledged');
  const warn = s.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'hub push failed; will retry');
  t.match(warn, { hub: h.url, from: '2026-02-05', to: '2026-03-02', err: /^HTTP 503/ });
  t.notMatch(s.lines.join('\n'), TOKEN, 'the token is never logged');

  t.same(await s.pusher.pushOnce(), { ok: true, pushes: 1, rows: 1 });
  t.same(days(h.pushes[2]!), ['2026-02-10'], 'resumed from 4 February to today: 5 January is not sent again');
  t.match(await s.pusher.status(), { ackedThrough: '2026-03-02', lastError: null });
});

t.test('a hub that cannot be reached: the error is kept, nothing is acknowledged', async (t) => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const s = await site(`http://127.0.0.1:${port}`);
  await s.events.recordMany(reads('2026-03-01', 1));
  t.same(await s.pusher.pushOnce(), { ok: false, pushes: 0, rows: 0, error: 'ECONNREFUSED' });
  t.same(await s.pusher.status(), { ackedThrough: null, lastAttempt: new Date(T0).toISOString(), lastError: 'ECONNREFUSED', dirtyFrom: null, dirtySeq: 0 });
});

t.test('a day answered late after the hub had it is sent again, then forgotten', async (t) => {
  const h = await hub(t);
  const s = await site(h.url);
  const ids = await s.events.recordMany([...reads('2026-01-20', 2, { pending: true }), ...reads('2026-03-02', 1)]);
  await s.pusher.pushOnce();
  t.match(h.pushes[0]!.body.counters[0], { day: '2026-01-20', scans: 2, successes: 0, pending: 2 }, 'pushed while the lookups were out');
  // The gateway answers the two lookups of 20 January now: the day's counts change.
  for (const id of ids.slice(0, 2)) await s.events.setEligibility(id, 'eligible', JSON.stringify({ code: '000', verification: 'verified' }), new Date(T0));
  t.match(await s.pusher.status(), { ackedThrough: '2026-03-02', dirtyFrom: '2026-01-20' });
  const before = h.pushes.length;
  t.same(await s.pusher.pushOnce(), { ok: true, pushes: 2, rows: 2 });
  t.match(h.pushes[before]!.body.counters, [{ day: '2026-01-20', scans: 2, successes: 2, pending: 0 }], '20 January again, as absolute values');
  t.match(await s.pusher.status(), { dirtyFrom: null }, 'forgotten once sent');
  await s.pusher.pushOnce();
  t.same(days(h.pushes.at(-1)!), ['2026-03-02'], 'the next push is back to today only');
});

t.test('lost reads are sent only on a day that had them: a hub older than v14 keeps taking every other day', async (t) => {
  const h = await hub(t);
  const s = await site(h.url);
  const lost = { ...reads('2026-03-02', 1)[0]!, outcome: 'error' as const, errorCode: 'notStored', errorClass: 'storage', payloadKind: null, idHash: null };
  await s.events.recordMany([...reads('2026-03-01', 2), lost]);
  await s.pusher.pushOnce();
  const [quiet, lossy] = h.pushes[0]!.body.counters;
  t.notOk(quiet && 'lostReads' in quiet, 'a day without losses: no lostReads field');
  t.match(quiet, { day: '2026-03-01', errorsRead: 0, pending: 0 }, 'the other causes are sent as before');
  t.match(lossy, { day: '2026-03-02', scans: 1, errors: 1, lostReads: 1 }, 'a day with a loss: counted');
});
