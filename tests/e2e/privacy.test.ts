// The audit log records every lookup without personal data; patient details past the retention period
// are erased while counters, reports and the audit log stay.

import t from 'tap';
import type { EligibilityMessage, ScanMessage } from '../../daemon/src/api/contract.ts';
import type { AuditEntry } from '../../daemon/src/audit/audit-log.ts';
import { Db } from '../../daemon/src/storage/db.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('audit log of every lookup; details erased after 30 days, counters kept', async (t) => {
  // Real time at first (the simulated gateway stamps its answers with it), then a month later.
  const clock = { now: Date.now() };
  const day = new Date(clock.now + 7 * 3600_000).toISOString().slice(0, 10);
  const d = await startTestDaemon(t, { override: { now: () => new Date(clock.now) } });
  const socket = await d.connect();
  const scanned = next<ScanMessage>(socket, 'scan');
  const checked = next<EligibilityMessage>(socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(AN);
  const scan = await scanned;
  await checked;
  await fetch(`${d.url}/api/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ desk: 'desk-1', query: '001089012345' }),
  });
  t.equal((await fetch(`${d.url}/api/eligibility/${scan.eventId}`)).status, 200);
  await new Promise((r) => setTimeout(r, 100));

  const audit = (await (await fetch(`${d.url}/api/audit?from=${day}&to=${day}`)).json()) as { entries: AuditEntry[] };
  // Newest first.
  t.match(audit.entries, [
    { actor: 'local', action: 'viewEligibility', eventId: scan.eventId, outcome: 'shown' },
    { actor: 'local', action: 'search', outcome: 'success' },
    { actor: 'sim-1', desk: 'desk-1', action: 'scan', eventId: scan.eventId, outcome: 'success', idHash: /^[0-9a-f]{16,}$/ },
  ]);
  t.equal(new Set(audit.entries.map((e) => e.idHash)).size, 1, 'the same person has the same keyed hash in every entry');
  t.notMatch(JSON.stringify(audit), /Nguyễn|001089012345|Hoàng Hoa Thám/, 'the audit log holds no name, ID or address');

  const counts = (r: unknown) =>
    (r as { rows: Array<Record<string, unknown>> }).rows.map(({ label, accesses, scans, searches, successes, errors, cumulative }) => ({
      label,
      accesses,
      scans,
      searches,
      successes,
      errors,
      cumulative,
    }));
  const reportBefore = counts(await (await fetch(`${d.url}/api/reports/phu-luc-03?from=${day}&to=${day}`)).json());
  clock.now += 31 * 86_400_000;
  await d.daemon.purge();
  t.equal((await fetch(`${d.url}/api/eligibility/${scan.eventId}`)).status, 404, 'the patient’s stored result is gone');
  const db = await Db.open(d.daemon.dbFile);
  t.teardown(() => db.close());
  const left = await db.all<{ identity_json: string | null; eligibility_json: string | null; id_hash: string | null }>(
    'SELECT identity_json, eligibility_json, id_hash FROM scan_events',
  );
  t.equal(left.length, 2, 'the events themselves stay');
  t.ok(
    left.every((r) => r.identity_json === null && r.eligibility_json === null && r.id_hash !== null),
    'with their details erased and only the keyed hash left',
  );
  t.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM eligibility_cache'))?.n, 0, 'cached gateway answers go too');
  const reportAfter = counts(await (await fetch(`${d.url}/api/reports/phu-luc-03?from=${day}&to=${day}`)).json());
  t.same(reportAfter, reportBefore, 'the report’s counts for that day are unchanged');
  // The search only: a simulated scanner's read never reaches the district report.
  t.equal((reportAfter[0] as { accesses: number }).accesses, 1);
  t.equal(((await (await fetch(`${d.url}/api/audit?from=${day}&to=${day}`)).json()) as { entries: unknown[] }).entries.length, 3, 'the audit log stays');
});
