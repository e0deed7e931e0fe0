// The lookup account and the whole gateway answer, through a whole daemon and its simulated gateway:
// a restricted account stops every call (alarm in /api/health, lookups kept and re-sent in arrival
// order after the administrator resumes); refused credentials are a configuration error, not an
// outage retried forever; the new-card fields reach the desk and FHIR; the visit history reaches the
// desk as a count, is shown (and audited) on request and erased at retention.

import t from 'tap';
import type { EligibilityMessage, HealthReport, HistoryNotice, ScanMessage, VisitHistory } from '../../daemon/src/api/contract.ts';
import { qrPayloadOf } from '../../simulators/src/gateway/identities.ts';
import type { Person } from '../../simulators/src/gateway/population.ts';
import { visitsOf } from '../../simulators/src/gateway/visit-history.ts';
import { next, startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const FAST = { eligibility: { retryBaseMs: 100, retryMaxMs: 400, pollMs: 50 } };
const health = async (d: TestDaemon): Promise<HealthReport> => (await (await fetch(`${d.url}/api/health`)).json()) as HealthReport;
const people = (d: TestDaemon, pred: (p: Person) => boolean, n: number): Person[] => d.wiring.gatewaySim!.population.people.filter(pred).slice(0, n);

t.test('restricted account: no further call reaches the gateway, the alarm is raised, lookups are kept and re-sent after resume', async (t) => {
  const d = await startTestDaemon(t, { config: FAST });
  const sim = d.wiring.gatewaySim!;
  const socket = await d.connect();
  const [first, ...others] = people(d, (p) => p.state === '000', 5);
  let answered = next<EligibilityMessage>(socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(qrPayloadOf(first!));
  t.match(await answered, { outcome: 'eligible' });
  t.match((await health(d)).eligibility, { state: 'ok', action: null });

  sim.setFault('restricted');
  answered = next<EligibilityMessage>(socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(qrPayloadOf(others[0]!));
  t.match(await answered, { verification: 'unverified', code: 'accountRestricted' }, 'the read is kept unverified');
  const h = await health(d);
  t.match(h, { status: 'degraded', eligibility: { state: 'restricted', since: /^\d{4}-/, vi: /hạn chế/, action: { vi: /liên hệ BHXH/, en: /contact BHXH/ } } });
  const callsAtAlarm = sim.stats.calls;
  for (const p of others.slice(1)) {
    const held = next<EligibilityMessage>(socket, 'eligibility');
    await d.wiring.simScanners[0]!.scan(qrPayloadOf(p));
    t.match(await held, { verification: 'unverified', code: 'accountHalted' });
  }
  await new Promise((r) => setTimeout(r, 500)); // ten verify-later cycles
  t.equal(sim.stats.calls, callsAtAlarm, 'not one more call reached the gateway: not the queue, not the token keeper');
  t.equal((await health(d)).eligibility.pending, 4, 'all four lookups are kept');

  sim.setFault('none');
  const order: number[] = [];
  socket.on('eligibility', (m: EligibilityMessage) => m.verification === 'deferred' && order.push(m.eventId));
  const resumed = (await (
    await fetch(`${d.url}/api/eligibility/resume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  ).json()) as {
    resumed: boolean;
    queued: number;
  };
  t.match(resumed, { resumed: true, vi: /Đã tiếp tục/ });
  await until(() => order.length === 4, 10_000);
  t.same(
    order,
    [...order].sort((a, b) => a - b),
    're-sent in arrival order',
  );
  await until(async () => (await health(d)).eligibility.pending === 0, 5000); // counted at the end of a worker cycle
  t.match((await health(d)).eligibility, { state: 'ok', pending: 0 });
});

t.test('refused credentials: a configuration error in health, not an outage retried forever', async (t) => {
  const d = await startTestDaemon(t, { config: { ...FAST, gateway: { password: 'not-the-password' } } });
  const sim = d.wiring.gatewaySim!;
  await until(async () => (await health(d)).eligibility.state === 'credentials', 5000);
  const h = await health(d);
  t.match(h.eligibility, { state: 'credentials', vi: /sai tên đăng nhập hoặc mật khẩu/, action: { en: /gateway\.password/ } });
  const socket = await d.connect();
  const held = next<EligibilityMessage>(socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(qrPayloadOf(people(d, (p) => p.state === '000', 1)[0]!));
  t.match(await held, { verification: 'unverified', code: 'accountHalted' });
  const calls = sim.stats.calls;
  await new Promise((r) => setTimeout(r, 500));
  t.equal(sim.stats.calls, calls, 'no token request and no card check while the credentials are wrong');
  t.equal(sim.stats.checks, 0);
});

t.test('the new card (003) reaches the desk and FHIR Coverage whole', async (t) => {
  const d = await startTestDaemon(t);
  const p = people(d, (x) => x.state === '003', 1)[0]!;
  const socket = await d.connect();
  const scanned = next<ScanMessage>(socket, 'scan');
  const answered = next<EligibilityMessage>(socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(qrPayloadOf(p));
  const scan = await scanned;
  const m = await answered;
  t.match(m.card, {
    maThe: p.maThe,
    gtTheDen: '31/12/2025',
    maSoBHXH: p.maSoBHXH,
    maTheMoi: p.maTheMoi,
    gtTheTuMoi: '01/01/2026',
    gtTheDenMoi: '31/12/2026',
    maDKBDMoi: p.maDKBD,
    tenDKBDMoi: /Trạm Y tế/,
    ngayDu5Nam: p.ngayDu5Nam || null,
  });
  const reg = await fetch(`${d.url}/api/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ eventId: scan.eventId, department: 'kham-noi' }),
  });
  t.equal(reg.status, 201);
  const { registration } = (await reg.json()) as { registration: { id: number } };
  const bundle = (await (await fetch(`${d.url}/api/registrations/${registration.id}/fhir`)).json()) as { entry: Array<{ resource: Record<string, unknown> }> };
  const coverage = bundle.entry.map((e) => e.resource).find((r) => r['resourceType'] === 'Coverage');
  t.match(coverage, {
    identifier: [
      { use: 'official', system: 'urn:vn:bhyt:the', value: p.maTheMoi },
      { use: 'old', value: p.maThe },
      { use: 'secondary', system: 'urn:vn:bhxh:maso', value: p.maSoBHXH },
    ],
    period: { start: '2026-01-01', end: '2026-12-31' },
    extension: [{ url: /maDKBD|ngayDu5Nam/ }],
  });
});

t.test('visit history: a count to the desk, the visits on request (audited), erased at retention', async (t) => {
  const clock = { now: Date.now() };
  const d = await startTestDaemon(t, { override: { now: () => new Date(clock.now) } });
  const p = people(d, (x) => x.state === '000' && !['001089012345', '079305001234'].includes(x.cccd) && (visitsOf(x, 1)?.length ?? 0) >= 2, 1)[0]!;
  const socket = await d.connect();
  const scanned = next<ScanMessage>(socket, 'scan');
  const notice = next<HistoryNotice>(socket, 'history');
  await d.wiring.simScanners[0]!.scan(qrPayloadOf(p));
  const scan = await scanned;
  const n = await notice;
  t.same(n, { eventId: scan.eventId, deviceId: 'sim-1', desk: 'desk-1', count: visitsOf(p, 1)!.length }, 'only a count is pushed');
  const h = (await (await fetch(`${d.url}/api/eligibility/${scan.eventId}/history`)).json()) as VisitHistory;
  t.equal(h.visits.length, n.count);
  t.match(h.visits[0], { maCSKCB: /^\d{5}$/, tenBenh: /\S/ });
  const day = new Date(clock.now + 7 * 3600_000).toISOString().slice(0, 10);
  await new Promise((r) => setTimeout(r, 100));
  const audit = (await (await fetch(`${d.url}/api/audit?from=${day}&to=${day}`)).json()) as { entries: Array<{ action: string; eventId: number | null }> };
  t.ok(
    audit.entries.some((e) => e.action === 'viewVisitHistory' && e.eventId === scan.eventId),
    'viewing the history is audited',
  );
  t.notOk(
    d.logs.some((l) => h.visits.some((v) => l.includes(v.tenBenh))),
    'no diagnosis in the log',
  );
  clock.now += 31 * 86_400_000;
  await d.daemon.purge();
  t.equal((await fetch(`${d.url}/api/eligibility/${scan.eventId}/history`)).status, 404, 'erased with the other details at retention');
});

t.test('give-up: a lookup the gateway never answers is marked unanswered, counted and listed for the technician without patient data', async (t) => {
  const d = await startTestDaemon(t, { config: { eligibility: { retryBaseMs: 100, retryMaxMs: 200, pollMs: 50, giveUpAfterMs: 1000 } } });
  d.wiring.gatewaySim!.setFault('outage');
  const socket = await d.connect();
  const scanned = next<ScanMessage>(socket, 'scan');
  const given = next<EligibilityMessage>(socket, 'eligibility', (m) => m.verification === 'unanswered', 5000);
  await d.wiring.simScanners[0]!.scan('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021');
  const scan = await scanned;
  t.match(await given, { eventId: scan.eventId, verification: 'unanswered', code: 'unanswered', vi: /không trả lời/ });
  t.match((await health(d)).eligibility, { unanswered: 1 });
  const list = await fetch(`${d.url}/api/eligibility/unanswered`);
  const body = (await list.json()) as { lookups: Array<{ eventId: number; desk: string }> };
  t.match(body.lookups, [{ eventId: scan.eventId, desk: 'desk-1', deviceId: 'sim-1', source: 'scan' }]);
  t.notMatch(JSON.stringify(body), /Nguyễn|001089012345|15\/03\/1989/, 'no patient data in the technician’s list');
  t.equal((await fetch(`${d.url}/api/eligibility/${scan.eventId}/history`)).status, 404, 'no history for it');
  t.equal(await d.daemon.eligibility.pending(), 0, 'it left the queue');
});
