// Gateway client throughput and added latency against the simulator at zero latency (loopback), and
// the time to read a card's last good answer from the SQLite cache.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayClient } from '../daemon/src/eligibility/gateway-client.ts';
import { Db } from '../daemon/src/storage/db.ts';
import { EligibilityRepo } from '../daemon/src/storage/eligibility-repo.ts';
import { migrate } from '../daemon/src/storage/migrations.ts';
import { createGatewaySim, DEFAULT_ACCOUNT, DEFAULT_OFFICER } from '../simulators/src/gateway/gateway-app.ts';
import { pct, printTable } from './table.ts';

export async function benchEligibility(): Promise<void> {
  const sim = createGatewaySim({ seed: 1, latencyMs: 0 });
  const url = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  const client = new GatewayClient({
    baseUrl: url,
    username: DEFAULT_ACCOUNT.username,
    password: DEFAULT_ACCOUNT.password,
    passwordCase: 'upper',
    officerName: DEFAULT_OFFICER.name,
    officerId: DEFAULT_OFFICER.cccd,
    timeoutMs: 5000,
  });
  const people = sim.population.people.slice(0, 500).map((p) => ({ maThe: p.cccd, hoTen: p.hoTen, ngaySinh: p.ngaySinh }));
  const body = JSON.stringify({
    maThe: people[0]!.maThe,
    hoTen: people[0]!.hoTen,
    ngaySinh: people[0]!.ngaySinh,
    hoTenCb: DEFAULT_OFFICER.name,
    cccdCb: DEFAULT_OFFICER.cccd,
  });
  // Floor: the identical authenticated request with bare fetch (what any client pays on this machine).
  const tokenRes = (await (
    await fetch(`${url}/api/token/take`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEFAULT_ACCOUNT.username, password: client.passwordHash }),
    })
  ).json()) as { APIKey: { access_token: string; id_token: string } };
  const q = new URLSearchParams({
    token: tokenRes.APIKey.access_token,
    id_token: tokenRes.APIKey.id_token,
    username: DEFAULT_ACCOUNT.username,
    password: client.passwordHash,
  });
  const rawUrl = `${url}/api/egw/KQNhanLichSuKCB2024?${q}`;
  const bare = async (): Promise<void> =>
    void (await (
      await fetch(rawUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body, signal: AbortSignal.timeout(5000) })
    ).text());
  for (let i = 0; i < 300; i++) {
    await bare();
    await client.check(people[i % people.length]!);
  }
  const n = 2000;
  const raw: number[] = [];
  const full: number[] = [];
  let clientMs = 0;
  for (let i = 0; i < n; i++) {
    let s = performance.now();
    await bare();
    raw.push(performance.now() - s);
    s = performance.now();
    await client.check(people[i % people.length]!);
    const d = performance.now() - s;
    full.push(d);
    clientMs += d;
  }
  const secs = clientMs / 1000;
  await sim.app.close();

  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-bench-'));
  const db = await Db.open(join(dir, 'b.sqlite'));
  await migrate(db);
  const repo = new EligibilityRepo(db);
  for (let i = 0; i < 10_000; i++) await repo.cachePut(`k${i}`, '{"outcome":"eligible","code":"000"}', new Date().toISOString());
  const hits: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const s = performance.now();
    await repo.cacheGet(`k${(i * 7919) % 10_000}`);
    hits.push(performance.now() - s);
  }
  await db.close();
  await rm(dir, { recursive: true, force: true });

  const f = (x: number): string => x.toFixed(3);
  printTable(
    'Eligibility (simulator at zero latency, sequential, loopback; targets: client-added p99 under 5 ms, cache hit under 1 ms)',
    ['measure', 'p50 ms', 'p99 ms', 'per second'],
    [
      ['bare fetch round trip (floor)', f(pct(raw, 0.5)), f(pct(raw, 0.99)), ''],
      ['GatewayClient.check (full lookup)', f(pct(full, 0.5)), f(pct(full, 0.99)), String(Math.round(n / secs))],
      ['client-added (check − floor)', f(pct(full, 0.5) - pct(raw, 0.5)), f(pct(full, 0.99) - pct(raw, 0.99)), ''],
      ['cache hit (SQLite, 10,000 cards)', f(pct(hits, 0.5)), f(pct(hits, 0.99)), ''],
    ],
  );
}
