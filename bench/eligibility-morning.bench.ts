// A realistic morning at the gateway: patients arrive at 20 a minute, most are scanned again at one
// or two more desks within 12 minutes (reception, clinic, pharmacy) and one in ten is re-tapped at the
// same desk. Prints gateway calls per 1,000 scans (card checks, histories, tokens) and the time the
// daemon adds between a scan and its verdict: (verdict − scan) − the simulator's fixed latency, p50 /
// p95, over a run long enough for the 10-minute token to be renewed (BENCH_MINUTES, default 30).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EligibilityMessage, ScanMessage } from '../daemon/src/api/contract.ts';
import { resolveConfig } from '../daemon/src/config/load.ts';
import { createDaemon } from '../daemon/src/daemon.ts';
import { createLogger } from '../daemon/src/log.ts';
import { wire } from '../daemon/src/wiring.ts';
import { createGatewaySim } from '../simulators/src/gateway/gateway-app.ts';
import { qrPayloadOf } from '../simulators/src/gateway/identities.ts';
import { mulberry32, type Person } from '../simulators/src/gateway/population.ts';
import { pct, printTable } from './table.ts';

const DESKS = 6;
const LATENCY_MS = 300;

/** Scan times (ms from start) per patient: arrival, then 0–2 more desks within 12 minutes, 10 % re-tapped. */
function morning(minutes: number, people: readonly Person[]): Array<{ at: number; desk: number; person: Person }> {
  const rnd = mulberry32(42);
  const out: Array<{ at: number; desk: number; person: Person }> = [];
  const patients = Math.round(minutes * 20);
  for (let i = 0; i < patients; i++) {
    const person = people[i % people.length]!;
    const at = rnd() * minutes * 60_000;
    const desk = Math.floor(rnd() * DESKS);
    out.push({ at, desk, person });
    if (rnd() < 0.1) out.push({ at: at + 5_000 + rnd() * 25_000, desk, person });
    const more = rnd() < 0.4 ? 0 : rnd() < 0.67 ? 1 : 2;
    for (let k = 1; k <= more; k++) out.push({ at: at + rnd() * 12 * 60_000, desk: (desk + k) % DESKS, person });
  }
  return out.filter((s) => s.at < minutes * 60_000).sort((a, b) => a.at - b.at);
}

export async function benchEligibilityMorning(minutes = Number(process.env['BENCH_MINUTES'] ?? 30)): Promise<void> {
  const sim = createGatewaySim({ seed: 3, populationSize: 5000, latencyMs: LATENCY_MS });
  const gatewayUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  await fetch(`${gatewayUrl}/sim/latency`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ medianMs: LATENCY_MS, fixed: true }),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-morning-'));
  const config = resolveConfig({
    port: 0,
    dataDir,
    discovery: { serial: false, hid: false },
    gateway: { url: gatewayUrl },
    simulators: { enabled: true, pty: false, scanners: Array.from({ length: DESKS }, (_, i) => ({ id: `quay-${i + 1}`, desk: `desk-${i + 1}` })) },
    log: { level: 'silent' },
  });
  const wiring = await wire(config, createLogger('silent'));
  const daemon = await createDaemon(wiring.deps);
  await daemon.start();
  const eligible = sim.population.people.filter((p) => ['000', '004'].includes(p.state));
  const plan = morning(minutes, eligible);
  const scannedAt = new Map<string, number[]>();
  const sentAt = new Map<number, number>();
  const added: number[] = [];
  const fromCache: number[] = [];
  daemon.bus.on('scan', (m: ScanMessage) => {
    const t0 = m.identity?.id ? scannedAt.get(m.identity.id)?.shift() : undefined;
    if (t0 !== undefined) sentAt.set(m.eventId, t0);
  });
  daemon.bus.on('eligibility', (m: EligibilityMessage) => {
    const t0 = sentAt.get(m.eventId);
    if (t0 === undefined) return;
    const took = performance.now() - t0;
    if (m.fromCache) fromCache.push(took);
    else added.push(took - LATENCY_MS);
  });
  const start = performance.now();
  for (const s of plan) {
    const wait = start + s.at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const list = scannedAt.get(s.person.cccd) ?? [];
    list.push(performance.now());
    scannedAt.set(s.person.cccd, list);
    void wiring.simScanners[s.desk]!.scan(qrPayloadOf(s.person));
  }
  await new Promise((r) => setTimeout(r, Math.max(0, start + minutes * 60_000 - performance.now())));
  await daemon.eligibility.settle();
  const renewals = daemon.eligibilityParts.keeper?.renewals ?? 0;
  await daemon.stop();
  await wiring.close();
  await sim.app.close();
  await rm(dataDir, { recursive: true, force: true });
  report(minutes, plan.length, sim.stats, renewals, added, fromCache);
}

function report(
  minutes: number,
  scans: number,
  stats: { checks: number; histories: number; tokensIssued: number },
  renewals: number,
  added: number[],
  fromCache: number[],
): void {
  const per1000 = (n: number): string => ((n * 1000) / scans).toFixed(0);
  printTable(
    `Gateway calls in a ${minutes}-minute morning (${scans} scans at ${DESKS} desks, re-lookup window 15 min; without it every scan is a card check)`,
    ['call', 'count', 'per 1,000 scans'],
    [
      ['card check (KQNhanLichSuKCB2024)', String(stats.checks), per1000(stats.checks)],
      ['visit history (Lskcb2025)', String(stats.histories), per1000(stats.histories)],
      [`token/take (${renewals} renewed ahead of expiry)`, String(stats.tokensIssued), per1000(stats.tokensIssued)],
      ['all calls', String(stats.checks + stats.histories + stats.tokensIssued), per1000(stats.checks + stats.histories + stats.tokensIssued)],
    ],
  );
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '');
  printTable(
    `Scan to verdict, minus the simulator's fixed ${LATENCY_MS} ms (target: added p95 < 50 ms)`,
    ['verdict', 'n', 'p50 ms', 'p95 ms', 'max ms'],
    [
      ['asked the gateway (added by the daemon)', String(added.length), f(pct(added, 0.5)), f(pct(added, 0.95)), f(Math.max(...added))],
      ['from the re-lookup window (whole time)', String(fromCache.length), f(pct(fromCache, 0.5)), f(pct(fromCache, 0.95)), f(Math.max(...fromCache))],
    ],
  );
}
