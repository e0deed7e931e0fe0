// Reception never waits on the BHXH gateway, and no lookup is lost: outage -> unverified + queued;
// recovery -> the queue drains; a restart in the middle of an outage loses nothing.
import t from 'tap';
import type { EligibilityMessage, ScanMessage } from '../../daemon/src/api/contract.ts';
import { Db } from '../../daemon/src/storage/db.ts';
import { syntheticPayload } from '../../simulators/src/scanner/fleet.ts';
import { next, startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

// cacheWindowMs 0: these tests rescan one card to reach the gateway again (the re-lookup window would
// answer from the cache; it has its own tests).
const FAST_RETRY = { eligibility: { retryBaseMs: 100, retryMaxMs: 400, pollMs: 50, breakerThreshold: 3, breakerCooldownMs: 200, cacheWindowMs: 0 } };
const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021';

async function gateway(d: TestDaemon, path: string, body: object): Promise<void> {
  const health = (await (await fetch(`${d.url}/api/health`)).json()) as { gateway: { url: string } };
  const res = await fetch(`${health.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`gateway simulator ${path}: ${res.status}`);
}

async function pending(d: TestDaemon): Promise<number> {
  return ((await (await fetch(`${d.url}/api/health`)).json()) as { pendingVerifications: number }).pendingVerifications;
}

t.test('outage: unverified with the last good answer, then the queue drains on recovery', async (t) => {
  const d = await startTestDaemon(t, { config: FAST_RETRY });
  const sim = d.wiring.simScanners[0]!;
  const socket = await d.connect();

  let elig = next<EligibilityMessage>(socket, 'eligibility');
  await sim.scan(AN);
  t.match(await elig, { verification: 'verified', outcome: 'eligible' }, 'a first, good answer is cached');

  await gateway(d, '/sim/fault', { fault: 'outage' });
  const checksBefore = d.wiring.gatewaySim!.stats.checks;
  elig = next<EligibilityMessage>(socket, 'eligibility');
  await sim.scan(AN);
  const unverified = await elig;
  t.match(unverified, {
    verification: 'unverified',
    outcome: 'unavailable',
    cached: { outcome: 'eligible', code: '000', checkedAt: /^\d{4}-/ },
    nextRetryAt: /^\d{4}-/,
  });

  const deferred: EligibilityMessage[] = [];
  socket.on('eligibility', (m: EligibilityMessage) => {
    if (m.verification === 'deferred') deferred.push(m);
  });
  const eventIds = [unverified.eventId];
  for (let i = 1; i <= 5; i++) {
    const scan = next<ScanMessage>(socket, 'scan');
    await sim.scan(syntheticPayload(i).payload);
    eventIds.push((await scan).eventId);
  }
  await until(async () => (await pending(d)) === 6, 3000);
  await new Promise((r) => setTimeout(r, 1000));
  const during = d.wiring.gatewaySim!.stats.checks - checksBefore;
  t.ok(during <= 20, `no retry storm: ${during} gateway calls in the outage (6 lookups queued, circuit breaker open)`);
  t.equal(deferred.length, 0, 'nothing answered while the gateway is down');

  await gateway(d, '/sim/fault', { fault: 'none' });
  await until(async () => (await pending(d)) === 0, 5000);
  await until(async () => deferred.length === 6, 2000);
  t.same(
    deferred.map((m) => m.eventId).sort((a, b) => a - b),
    eventIds,
    'every queued lookup was answered and pushed',
  );
  const db = await Db.open(d.daemon.dbFile);
  t.teardown(() => db.close());
  const rows = await db.all<{ eligibility_status: string }>(`SELECT eligibility_status FROM scan_events WHERE id IN (${eventIds.join(',')})`);
  t.ok(rows.length === 6 && rows.every((r) => r.eligibility_status !== 'unverified'), 'events updated with the deferred answers');
});

t.test('a restart in the middle of an outage loses no queued lookup', async (t) => {
  const first = await startTestDaemon(t, { config: FAST_RETRY });
  const socket = await first.connect();
  await gateway(first, '/sim/fault', { fault: 'outage' });
  for (let i = 1; i <= 3; i++) {
    const elig = next<EligibilityMessage>(socket, 'eligibility');
    await first.wiring.simScanners[0]!.scan(syntheticPayload(100 + i).payload);
    t.match(await elig, { verification: 'unverified' });
  }
  t.equal(await pending(first), 3);
  await first.stop(); // the daemon goes down with three lookups queued

  // Back up, with the gateway reachable again (a fresh embedded simulator has no fault).
  const second = await startTestDaemon(t, { dataDir: first.dataDir, config: { eligibility: { ...FAST_RETRY.eligibility, pollMs: 400 } } });
  const socket2 = await second.connect();
  const deferred: EligibilityMessage[] = [];
  socket2.on('eligibility', (m: EligibilityMessage) => deferred.push(m));
  await until(async () => (await pending(second)) === 0, 5000);
  await until(async () => deferred.length === 3, 2000);
  // Synthetic IDs are not in the simulator's population: the gateway's real answer is 050 (no card).
  t.ok(
    deferred.every((m) => m.verification === 'deferred' && m.code === '050'),
    'all three answered by the gateway after the restart',
  );
});

t.test('a slow gateway: identity at once, eligibility when it arrives', async (t) => {
  const d = await startTestDaemon(t);
  await gateway(d, '/sim/latency', { medianMs: 3000, fixed: true });
  const socket = await d.connect();
  const scan = next<ScanMessage>(socket, 'scan');
  const elig = next<EligibilityMessage>(socket, 'eligibility', () => true, 10_000);
  let answered = false;
  void elig.then(() => (answered = true));
  await d.wiring.simScanners[0]!.scan(AN);
  const shown = await scan;
  t.notOk(answered, 'the identity is shown before the gateway has answered');
  const e = await elig;
  t.match(e, { outcome: 'eligible', eventId: shown.eventId }, 'and the eligibility follows when it arrives');
});

t.test('eligibility as stored JSON and as a FHIR R4 CoverageEligibilityResponse', async (t) => {
  const d = await startTestDaemon(t);
  const socket = await d.connect();
  const elig = next<EligibilityMessage>(socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(AN);
  const m = await elig;
  t.match(await (await fetch(`${d.url}/api/eligibility/${m.eventId}`)).json(), { eventId: m.eventId, outcome: 'eligible', verification: 'verified' });
  const res = await fetch(`${d.url}/api/eligibility/${m.eventId}/fhir`);
  t.match(res.headers.get('content-type'), /application\/fhir\+json/);
  t.match(await res.json(), {
    resourceType: 'CoverageEligibilityResponse',
    status: 'active',
    purpose: ['validation'],
    outcome: 'complete',
    patient: { identifier: { system: 'urn:vn:cccd', value: '001089012345' } },
    insurance: [{ inforce: true, coverage: { identifier: { value: /^[A-Z]{2}\d{13}$/ } }, benefitPeriod: { start: /^\d{4}-\d{2}-\d{2}$/ } }],
  });
  const missing = await fetch(`${d.url}/api/eligibility/99999/fhir`);
  t.equal(missing.status, 404);
  t.match(await missing.json(), { error: { code: 'ELIGIBILITY_NOT_FOUND' } });
});
