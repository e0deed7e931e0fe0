// Delivery of queued registrations to the hospital's HIS, against a real HTTP server on loopback and
// a real SQLite queue: each delivery is signed (the HIS can check it came from us, for this body and
// this idempotency key, recently), a refusal, a redirect or an HIS that is down is retried with a
// growing, capped delay under the same idempotency key (so the HIS can drop a copy it already has),
// a restart tries what waits at once, and the log says which registration failed, never who it was.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import { createLogger } from '../../../../daemon/src/log.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import type { HisConfig } from '../../../../daemon/src/webhook/webhook-config.ts';
import { WebhookQueue } from '../../../../daemon/src/webhook/webhook-queue.ts';
import { signature, verifySignature, WebhookWorker } from '../../../../daemon/src/webhook/webhook-worker.ts';
import { keepAtOnce } from '../../../helpers/write-at-once.ts';

const T0 = Date.parse('2026-03-02T01:30:00Z');
const SECRET = 'his-shared-secret';
const BASE = 2_000;
const MAX = 8_000;
const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const bodyOf = (registration: number): string =>
  JSON.stringify({
    type: 'registration',
    registration: { id: registration, ticket: `A00${registration}` },
    patient: { id: '001089012345', name: 'Nguyễn Văn An' },
  });

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The hospital's HIS: answers each POST with the next scripted status (200 once the script is used up). */
async function his(t: Test) {
  const received: Received[] = [];
  const script: number[] = [];
  let arrived: () => void = () => undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      arrived();
      const status = script.shift() ?? 200;
      res.writeHead(status, status >= 300 && status < 400 ? { location: `http://127.0.0.1:${port}/elsewhere` } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  /** Resolves when the next delivery reaches the HIS. */
  const next = (): Promise<void> => new Promise((resolve) => (arrived = resolve));
  return { received, script, next, url: `http://127.0.0.1:${port}/his/registrations` };
}

/** A URL nobody listens on: the port of a server of our own, just closed. */
async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}/his`;
}

/** One migrated SQLite file for the whole file (the subtests run one after another); each rig empties the queue. Synchronous NORMAL:
 *  a test needs no power-cut durability, and skipping the fsyncs keeps it fast. */
let shared: Promise<Db> | null = null;
function database(): Promise<Db> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-wh-'));
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

async function rig(url: string) {
  const db = await database();
  await db.run('DELETE FROM webhook_queue');
  const queue = new WebhookQueue(db);
  const clock = { now: T0 };
  const lines: string[] = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(s) });
  const config: HisConfig & { webhookUrl: string } = { webhookUrl: url, secret: SECRET, retryBaseMs: BASE, retryMaxMs: MAX, pollMs: 1_000 };
  const worker = (): WebhookWorker => new WebhookWorker({ queue, config, log, now: () => new Date(clock.now), keep: keepAtOnce });
  const enqueue = (registration: number): Promise<void> =>
    db.transaction(() =>
      queue.enqueueNow({
        facilityId: '01001',
        kind: 'registration',
        ref: registration,
        registrationId: registration,
        body: bodyOf(registration),
        at: new Date(clock.now),
      }),
    );
  const rows = () =>
    db.all<{ registration_id: number; attempts: number; next_at: number; last_error: string | null; delivered_at: string | null }>(
      'SELECT registration_id, attempts, next_at, last_error, delivered_at FROM webhook_queue ORDER BY id',
    );
  return { db, queue, clock, lines, worker, enqueue, rows };
}

t.test('a queued registration reaches the HIS once, signed, with its idempotency key', async (t) => {
  const h = await his(t);
  const r = await rig(h.url);
  await r.enqueue(7);
  const w = r.worker();
  t.equal(await w.pending(), 1);
  t.equal(await w.deliverDue(), 1, 'one delivered');
  t.equal(h.received.length, 1);
  const got = h.received[0]!;
  t.equal(got.url, '/his/registrations');
  t.equal(got.body, bodyOf(7), 'the body exactly as queued');
  t.equal(got.headers['content-type'], 'application/json; charset=utf-8');
  t.equal(got.headers['x-tiepnhan-attempt'], '1');
  const key = String(got.headers['idempotency-key']);
  t.match(key, /^01001:registration:7:[0-9a-f-]{36}$/, 'facility, kind, registration and a unique part');
  const sig = String(got.headers['x-tiepnhan-signature']);
  t.ok(verifySignature(SECRET, sig, got.body, key, Math.floor(T0 / 1000)), 'the HIS can verify the signature');
  t.equal(sig, signature(SECRET, got.body, key, Math.floor(T0 / 1000)), 'signed at the time of sending');
  t.match(await r.rows(), [{ registration_id: 7, attempts: 1, last_error: null, delivered_at: new Date(T0).toISOString() }]);
  t.equal(await w.pending(), 0);
  t.equal(await w.deliverDue(), 0, 'a delivered registration is not sent again');
  t.equal(h.received.length, 1);
});

t.test('a refusal is retried under the same key, the delay doubling up to retryMaxMs', async (t) => {
  const h = await his(t);
  const r = await rig(h.url);
  await r.enqueue(3);
  const w = r.worker();
  h.script.push(503, 503, 503, 503);
  const waits: number[] = [];
  for (let i = 0; i < 4; i++) {
    t.equal(await w.deliverDue(), 0, `attempt ${i + 1} refused`);
    const [row] = await r.rows();
    waits.push(row!.next_at - r.clock.now);
    r.clock.now = row!.next_at - 1;
    await w.deliverDue();
    t.equal(h.received.length, i + 1, `attempt ${i + 2} not before its delay`);
    r.clock.now = row!.next_at;
  }
  t.same(waits, [BASE, 2 * BASE, 4 * BASE, MAX], 'base, doubled, doubled, then capped');
  t.match(await r.rows(), [{ attempts: 4, last_error: 'HTTP 503', delivered_at: null }]);
  t.equal(await w.deliverDue(), 1, 'the fifth attempt is taken');
  t.same(
    h.received.map((x) => x.headers['x-tiepnhan-attempt']),
    ['1', '2', '3', '4', '5'],
    'each attempt numbered',
  );
  t.equal(new Set(h.received.map((x) => x.headers['idempotency-key'])).size, 1, 'one idempotency key for every attempt');
  t.match(await r.rows(), [{ attempts: 5, last_error: null, delivered_at: new Date(r.clock.now).toISOString() }]);
});

t.test('a failed delivery does not hold back the ones queued after it', async (t) => {
  const h = await his(t);
  const r = await rig(h.url);
  await r.enqueue(1);
  await r.enqueue(2);
  h.script.push(500);
  t.equal(await r.worker().deliverDue(), 1);
  t.same(
    h.received.map((x) => (JSON.parse(x.body) as { registration: { id: number } }).registration.id),
    [1, 2],
    'sent in the order they were registered',
  );
  t.match(await r.rows(), [
    { registration_id: 1, attempts: 1, last_error: 'HTTP 500', delivered_at: null },
    { registration_id: 2, delivered_at: new Date(T0).toISOString() },
  ]);
});

t.test('a redirect is not followed: the patient record goes nowhere else, and the attempt counts as failed', async (t) => {
  const h = await his(t);
  const r = await rig(h.url);
  await r.enqueue(4);
  h.script.push(302);
  t.equal(await r.worker().deliverDue(), 0);
  t.same(
    h.received.map((x) => x.url),
    ['/his/registrations'],
    'nothing reached /elsewhere',
  );
  t.match(await r.rows(), [{ attempts: 1, last_error: 'HTTP 302 redirect not followed', delivered_at: null, next_at: T0 + BASE }]);
});

t.test('an HIS that is down: the connection error is kept and the delivery waits for its retry', async (t) => {
  const r = await rig(await deadUrl());
  await r.enqueue(5);
  t.equal(await r.worker().deliverDue(), 0);
  t.match(await r.rows(), [{ attempts: 1, last_error: 'ECONNREFUSED', delivered_at: null, next_at: T0 + BASE }]);
});

t.test('the log names the registration, the attempt and the error, never the patient', async (t) => {
  const h = await his(t);
  const r = await rig(h.url);
  await r.enqueue(9);
  h.script.push(500);
  await r.worker().deliverDue();
  const warn = r.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'HIS webhook failed; will retry');
  t.match(warn, { registration: 9, attempt: 1, err: 'HTTP 500', retryInMs: BASE });
  const all = r.lines.join('\n');
  for (const secret of AN.split('|').slice(0, 3)) t.notMatch(all, secret, `no "${secret}" in the log`);
});

t.test('after a restart what waits is tried at once, not at the end of its backoff', async (t) => {
  const h = await his(t);
  const r = await rig(h.url);
  await r.enqueue(6);
  h.script.push(503);
  const before = r.worker();
  await before.deliverDue();
  r.clock.now += 10;
  t.equal(await before.deliverDue(), 0, 'the running worker waits for the backoff');
  t.equal(h.received.length, 1);
  const restarted = r.worker();
  t.equal(await restarted.deliverDue(), 1, 'a new worker delivers it at once');
  t.equal(h.received.length, 2);
  t.equal(h.received[1]!.headers['x-tiepnhan-attempt'], '2');
});

t.test('started, it delivers every pollMs; stopped, it sends nothing more', async (t) => {
  const h = await his(t);
  const r = await rig(h.url);
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  await r.enqueue(1);
  const w = r.worker();
  w.start();
  await clock.tickAsync(999);
  t.equal(h.received.length, 0, 'nothing before pollMs');
  let arrived = h.next();
  await clock.tickAsync(1);
  await arrived;
  t.equal(h.received.length, 1, 'delivered by the loop after pollMs');
  // The next run is one pollMs after this one has recorded its delivery (each look is a real SQLite read).
  for (let i = 0; i < 200 && (await w.pending()) > 0; i++);
  await r.enqueue(2);
  arrived = h.next();
  await clock.tickAsync(1_000);
  await arrived;
  t.equal(h.received.length, 2, 'the next registration one pollMs later');
  await w.stop();
  t.equal(await w.pending(), 0, 'stop waited for the delivery in progress to be recorded');
  await r.enqueue(3);
  await clock.tickAsync(10_000);
  t.equal(h.received.length, 2, 'nothing after stop');
  t.equal(await w.pending(), 1, 'the new one waits in the queue for the next start');
});

t.test('the signature fails for another secret, body, key, an old timestamp or a malformed header', async (t) => {
  const body = bodyOf(1);
  const key = '01001:registration:1:0b7c8f0e-3f1d-4d3e-9a53-6c1d0f6a3b2e';
  const at = Math.floor(T0 / 1000);
  const good = signature(SECRET, body, key, at);
  t.match(good, new RegExp(`^t=${at},v1=[0-9a-f]{64}$`));
  const cases: Array<[string, string, string, string, number, boolean]> = [
    ['as signed', good, body, key, at, true],
    ['five minutes later still', good, body, key, at + 300, true],
    ['a replay after five minutes', good, body, key, at + 301, false],
    ['a clock five minutes behind', good, body, key, at - 301, false],
    ['another body', good, bodyOf(2), key, at, false],
    ['the body under a new key', good, body, `${key}x`, at, false],
    ['signed with another secret', signature('other', body, key, at), body, key, at, false],
    ['the timestamp changed', good.replace(`t=${at}`, `t=${at + 1}`), body, key, at, false],
    ['no timestamp', good.replace(/^t=\d+,/, ''), body, key, at, false],
    ['a short MAC', good.slice(0, -2), body, key, at, false],
    ['empty', '', body, key, at, false],
  ];
  for (const [what, header, b, k, now, ok] of cases) t.equal(verifySignature(SECRET, header, b, k, now), ok, what);
});
