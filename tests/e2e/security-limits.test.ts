// A webhook that cannot be replayed or redirected, an audit log
// without gaps that pages newest first, bounded inputs, and search that matches names before its
// limit and uses indexes. Real daemons on loopback, real SQLite.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import { ConfigError, resolveConfig } from '../../daemon/src/config/load.ts';
import { signature, verifySignature } from '../../daemon/src/webhook/webhook-worker.ts';
import type { SearchOutcome } from '../../daemon/src/search/search-service.ts';
import { Db } from '../../daemon/src/storage/db.ts';
import { LOOKUP_SQL } from '../../daemon/src/storage/identity-lookup.ts';
import type { AuditEntry } from '../../daemon/src/audit/audit-log.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const noSims = { simulators: { scanners: [], gateway: { latencyMs: 0 } } };
const SECRET = 'his-shared-secret-0123456789';
const post = (d: TestDaemon, path: string, body: unknown) =>
  fetch(`${d.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, t: { teardown(fn: () => unknown): void }): Promise<string> {
  const s = createServer(handler);
  t.teardown(() => new Promise<void>((r) => s.close(() => r())));
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
}

t.test('HIS webhook: a secret and TLS required, a signature that binds time and key, redirects not followed', async (t) => {
  t.throws(() => resolveConfig({ his: { webhookUrl: 'https://his.bv.local/hook' } }), ConfigError, 'a webhook URL with an empty secret does not start');
  t.throws(() => resolveConfig({ his: { webhookUrl: 'http://his.bv.local/hook', secret: SECRET } }), /https/, 'plain http beyond this PC does not start');
  t.ok(resolveConfig({ his: { webhookUrl: 'http://127.0.0.1:9/hook', secret: SECRET } }), 'plain http to loopback is allowed');

  const sig = signature(SECRET, '{"a":1}', 'k1', 1_700_000_000);
  t.ok(verifySignature(SECRET, sig, '{"a":1}', 'k1', 1_700_000_100), 'the HIS verifies a fresh delivery');
  t.notOk(verifySignature(SECRET, sig, '{"a":1}', 'k2', 1_700_000_100), 'a captured delivery replayed under a new key fails');
  t.notOk(verifySignature(SECRET, sig, '{"a":1}', 'k1', 1_700_000_000 + 3600), 'and replayed an hour later fails');
  t.notOk(verifySignature(SECRET, sig, '{"a":2}', 'k1', 1_700_000_100), 'a changed body fails');

  let elsewhere = 0;
  const other = await listen((_req, res) => {
    elsewhere++;
    res.writeHead(200).end('{}');
  }, t);
  let hits = 0;
  const his = await listen((_req, res) => {
    hits++;
    res.writeHead(307, { location: `${other}/steal` }).end();
  }, t);
  const d = await startTestDaemon(t, {
    config: { ...noSims, his: { webhookUrl: `${his}/hook`, secret: SECRET, retryBaseMs: 50, retryMaxMs: 100, pollMs: 20 } },
  });
  const scan = (await (await post(d, '/api/camera', { desk: 'desk-1', text: AN })).json()) as ScanMessage;
  t.equal((await post(d, '/api/registrations', { eventId: scan.eventId, department: 'kham-noi' })).status, 201);
  await until(() => hits >= 2, 5000);
  t.equal(elsewhere, 0, 'the redirect target never received the patient');
  t.equal(await d.daemon.webhook!.pending(), 1, 'the delivery stays queued (a redirect is a failed attempt)');
  t.ok(
    d.logs.some((l) => l.includes('redirect not followed')),
    'and the log says why',
  );
});

t.test('audit: every read of a patient, registration or result; newest first, page by page', async (t) => {
  const d = await startTestDaemon(t, { config: noSims });
  const scan = (await (await post(d, '/api/camera', { desk: 'desk-1', text: AN })).json()) as ScanMessage;
  await d.daemon.patients.settle();
  const reg = (await (await post(d, '/api/registrations', { eventId: scan.eventId, department: 'kham-noi' })).json()) as {
    registration: { id: number; patientId: number };
  };
  for (const path of [
    `/api/registrations/${reg.registration.id}`,
    `/api/registrations/${reg.registration.id}/fhir`,
    `/api/patients/${reg.registration.patientId}`,
    `/api/patients/${reg.registration.patientId}/fhir`,
  ]) {
    t.equal((await fetch(`${d.url}${path}`)).status, 200, path);
  }
  await until(
    async () => ((await (await fetch(`${d.url}/api/audit?from=${today()}&to=${today()}`)).json()) as { entries: unknown[] }).entries.length >= 6,
    3000,
  );
  const page1 = (await (await fetch(`${d.url}/api/audit?from=${today()}&to=${today()}&limit=4`)).json()) as { entries: AuditEntry[]; next: string | null };
  t.match(
    page1.entries.map((e) => [e.action, e.subject]),
    [
      ['viewPatientFhir', `patient:${reg.registration.patientId}`],
      ['viewPatient', `patient:${reg.registration.patientId}`],
      ['viewRegistrationFhir', `registration:${reg.registration.id}`],
      ['viewRegistration', `registration:${reg.registration.id}`],
    ],
    'every view is audited, newest first',
  );
  t.ok(page1.next, 'a cursor to the older entries');
  const page2 = (await (await fetch(`${d.url}/api/audit?from=${today()}&to=${today()}&limit=4&before=${page1.next}`)).json()) as {
    entries: AuditEntry[];
    next: string | null;
  };
  t.match(
    page2.entries.map((e) => e.action),
    ['register', 'camera'],
    'the next page continues where the first stopped, without overlap',
  );
  t.equal(page2.next, null, 'and says when it was the last');
  t.notMatch(JSON.stringify([page1, page2]), /Nguyễn|001089012345/, 'no personal data in the audit');
  t.equal((await fetch(`${d.url}/api/audit?before=not-a-cursor`)).status, 400);
});

t.test('bounded: webcam reads only for configured desks and rate-limited', async (t) => {
  const d = await startTestDaemon(t, { config: { ...noSims, limits: { cameraPerMinute: 2 } } });
  const unknown = await post(d, '/api/camera', { desk: 'desk-99', text: AN });
  t.equal(unknown.status, 400);
  t.match(await unknown.json(), { error: { code: 'UNKNOWN_DESK' } }, 'a desk the facility does not have cannot read');
  t.equal((await post(d, '/api/camera', { desk: 'desk-1', text: AN })).status, 200);
  t.equal((await post(d, '/api/camera', { desk: 'desk-1', text: AN })).status, 200);
  const third = await post(d, '/api/camera', { desk: 'desk-1', text: AN });
  t.equal(third.status, 429, 'the third webcam read in a minute is refused');
  t.ok(Number(third.headers.get('retry-after')) > 0);
  t.equal(await d.daemon.repo.countEvents(), 2, 'refused reads are not stored');
});

t.test('search: name + date of birth matches the name before its limit; every lookup uses an index', async (t) => {
  const d = await startTestDaemon(t, { config: { ...noSims, limits: { cameraPerMinute: 1000 } } });
  // 250 other patients born in 1950 read before the one searched for: the old query kept the newest
  // 200 of the year and compared names afterwards.
  await post(d, '/api/camera', { desk: 'desk-1', text: '001150012345|012345678|Trần Thị Bình|01011950|Nữ|Xã An Bình, Huyện Bình Sơn, Quảng Ngãi|20042021' });
  for (let i = 0; i < 250; i++) {
    const id = `0010500${String(20000 + i).padStart(5, '0')}`;
    const r = await post(d, '/api/camera', {
      desk: 'desk-1',
      text: `${id}|012345678|Người Thứ ${i}|0${(i % 9) + 1}0${(i % 9) + 1}1950|Nam|Xã An Bình, Huyện Bình Sơn, Quảng Ngãi|20042021`,
    });
    if (r.status !== 200) throw new Error(`seed read ${i}: ${r.status}`);
  }
  const r = (await (await post(d, '/api/search', { desk: 'desk-1', query: 'trần thị bình 1950' })).json()) as SearchOutcome;
  t.match(
    r,
    { status: 'done', message: { ok: true, identity: { id: '001150012345', name: 'Trần Thị Bình' } } },
    'found, although 250 others share the birth year',
  );

  const db = await Db.open(d.daemon.dbFile);
  t.teardown(() => db.close());
  const plan = async (sql: string, params: unknown[]) =>
    (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params as string[])).map((p) => p.detail).join('; ');
  t.match(await plan(LOOKUP_SQL.hash, ['x']), /USING INDEX scan_events_id_hash/, 'ID: index');
  t.match(await plan(LOOKUP_SQL.oldId, ['013456789']), /USING INDEX scan_events_old_id/, 'old CMND: index, not JSON in every row');
  t.match(await plan(LOOKUP_SQL.bhxh, ['0123456789']), /USING INDEX scan_events_bhxh/, 'BHXH number: index');
  t.match(await plan(LOOKUP_SQL.nameDob, ['h', '1950', '1950']), /USING INDEX scan_events_name/, 'name + date of birth: index');
});
