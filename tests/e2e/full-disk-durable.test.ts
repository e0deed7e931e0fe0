// Every write kept through a full disk, on a real one: the daemon's data folder on an 8 MiB tmpfs
// (mounting one needs root, which CI has), filled to the last byte while the daemon runs.
// - One ordered write path: reads made while full are stored in the order they were read.
// - A gateway answer that lands on the full disk waits, and is stored with the patient index's
//   update when space returns, without a restart.
// - Reads given up after storage.retryForMs are kept as losses: the device's counters, the day's
//   counters and /api/health say so, after a restart too, until a technician acknowledges them.

import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import type { DailyCounterRow } from '../../daemon/src/api/report.ts';
import type { DeviceView, EligibilityMessage, HealthReport, ScanMessage } from '../../daemon/src/api/contract.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { fill, mountTmpfs, tmpfsRequirement } from '../helpers/tmpfs.ts';
import { until } from '../helpers/wait.ts';

const card = (n: number): string => `00108901234${n}|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021`;
const health = async (d: TestDaemon): Promise<HealthReport> => (await (await fetch(`${d.url}/api/health`)).json()) as HealthReport;
const device = async (d: TestDaemon): Promise<DeviceView> => ((await (await fetch(`${d.url}/api/devices`)).json()) as DeviceView[])[0]!;

async function audited(d: TestDaemon, action: string): Promise<boolean> {
  const log = (await (await fetch(`${d.url}/api/audit`)).json()) as { entries: Array<{ action: string }> };
  return log.entries.some((e) => e.action === action);
}

async function gateway(d: TestDaemon, path: string, body: object): Promise<void> {
  const res = await fetch(`${(await health(d)).gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`gateway simulator ${path}: ${res.status}`);
}

t.test('reads made while the disk is full are stored in read order once space returns', tmpfsRequirement('the full-disk test'), async (t) => {
  const mnt = await mountTmpfs(t, '8m');
  const d = await startTestDaemon(t, { dataDir: join(mnt, 'data') });
  const socket = await d.connect();
  const stored: ScanMessage[] = [];
  socket.on('scan', (m: ScanMessage) => stored.push(m));
  const fillers = await fill(mnt);
  // A write already under way when the disk fills may still land (SQLite reuses free pages of its
  // own files): order is promised from the first failed write on, which the first read makes.
  await d.wiring.simScanners[0]!.scan(card(0));
  await until(async () => !(await health(d)).storage.ok, 5_000);
  for (let i = 1; i < 6; i++) await d.wiring.simScanners[0]!.scan(card(i));
  await new Promise((r) => setTimeout(r, 1_000)); // a few retries of the oldest while the others wait
  for (const f of fillers) await unlink(f);
  await until(() => stored.length === 6, 15_000);
  t.same(
    stored.map((m) => m.identity?.id),
    [0, 1, 2, 3, 4, 5].map((i) => `00108901234${i}`),
    'announced in read order',
  );
  const ids = stored.map((m) => m.eventId);
  t.same(
    ids,
    [...ids].sort((a, b) => a - b),
    'and stored in read order (event ids rise with the reads)',
  );
  t.equal((await health(d)).storage.ok, true);
});

t.test(
  'a gateway answer that lands on the full disk is stored, with the patient index, when space returns',
  tmpfsRequirement('the full-disk test'),
  async (t) => {
    const mnt = await mountTmpfs(t, '8m');
    const d = await startTestDaemon(t, { dataDir: join(mnt, 'data'), config: { eligibility: { cacheWindowMs: 0 } } });
    const socket = await d.connect();
    const scans: ScanMessage[] = [];
    const answers: EligibilityMessage[] = [];
    socket.on('scan', (m: ScanMessage) => scans.push(m));
    socket.on('eligibility', (m: EligibilityMessage) => answers.push(m));
    await gateway(d, '/sim/latency', { medianMs: 2500, fixed: true });
    await d.wiring.simScanners[0]!.scan(card(7));
    await until(() => scans.length === 1, 5_000);
    const fillers = await fill(mnt); // the read is stored; its lookup is out at the gateway
    await until(async () => !(await health(d)).storage.ok, 10_000);
    t.same(answers, [], 'the answer is not announced before it is stored');
    t.equal(await d.daemon.patients.findBy('cccd', '001089012347'), null, 'the patient index could not learn the ID either');
    // A view while full: refused, or answered with its audit row written (a row this small may still
    // fit in pages SQLite already has); never shown unaudited.
    const view = await fetch(`${d.url}/api/eligibility/${scans[0]!.eventId}`);
    if (view.status === 200) t.ok(await audited(d, 'viewEligibility'), 'answered: with its audit row');
    else t.notMatch(await view.text(), /Nguyễn|001089012347/, `${view.status}: nothing of the patient shown`);

    const freed = Date.now();
    for (const f of fillers) await unlink(f);
    await until(() => answers.length === 1, 10_000);
    await until(async () => (await d.daemon.patients.findBy('cccd', '001089012347')) !== null, 10_000);
    t.ok(Date.now() - freed < 10_000, `answer and index stored ${Date.now() - freed} ms after space returned, without a restart`);
    const shown = await fetch(`${d.url}/api/eligibility/${scans[0]!.eventId}`);
    t.equal(shown.status, 200);
    t.match(await shown.json(), { eventId: scans[0]!.eventId, outcome: answers[0]!.outcome }, 'the stored answer is the one announced');
    await until(async () => (await health(d)).eligibility.pending === 0, 5_000);
    t.pass('no lookup left in flight');
  },
);

t.test(
  'reads given up are kept as losses: counters, the day, /api/health, after a restart, until acknowledged',
  tmpfsRequirement('the full-disk test'),
  async (t) => {
    const mnt = await mountTmpfs(t, '8m');
    const dataDir = join(mnt, 'data');
    const config = { storage: { retryForMs: 1000 } };
    let d = await startTestDaemon(t, { dataDir, config });
    const fillers = await fill(mnt);
    await d.wiring.simScanners[0]!.scan(card(1));
    await d.wiring.simScanners[0]!.scan(card(2));
    await until(async () => (await health(d)).storage.lost === 2, 15_000);
    t.equal((await health(d)).status, 'degraded', 'given up: the status is not ok');
    for (const f of fillers) await unlink(f);
    await until(async () => (await device(d)).counters.lostReads === 2, 15_000);
    const h = await health(d);
    t.match(h.storage, { ok: true, lost: 2, en: /2 read\(s\) could not be stored/ }, 'the database works again; the losses stand');
    t.equal(h.status, 'degraded', 'and the status does not say ok while they stand');
    t.match((await device(d)).counters, { scans: 2, successes: 0, errors: 0, lostReads: 2 }, 'the device counts its two reads as lost, not as its errors');
    const counters = (await (await fetch(`${d.url}/api/counters`)).json()) as { devices: DailyCounterRow[] };
    t.match(
      counters.devices,
      [{ deviceId: 'sim-1', scans: 2, errors: 2, lostReads: 2 }],
      "the period's counters (from the daily rows): two accesses, two errors, lost",
    );

    await d.stop();
    d = await startTestDaemon(t, { dataDir, config });
    t.match((await health(d)).storage, { lost: 2 }, 'still there after a restart');
    t.equal((await device(d)).counters.lostReads, 2);

    const ack = await fetch(`${d.url}/api/storage/lost-reads/acknowledge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    t.equal(ack.status, 200);
    t.match(await ack.json(), { acknowledged: 2, lost: 0, vi: /Đã xác nhận 2 lượt/, en: /2 lost read\(s\) acknowledged/ });
    t.match(await health(d), { status: 'ok', storage: { ok: true, lost: 0, en: 'The database is working.' } });
    t.equal((await device(d)).counters.lostReads, 2, "the device's counters keep their history");
    await until(() => audited(d, 'acknowledgeLostReads'), 5_000);
    t.pass('the acknowledgement is audited');
  },
);
