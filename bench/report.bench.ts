// Phụ lục 03 at province scale: one year of 10 million accesses at 200 units (20 province hospitals,
// 30 district centres with 5 commune stations each), counted into daily counters exactly as the
// pipeline counts them, then the report built from the counters: on a site database, on the hub's
// SQLite, and on PostgreSQL when its server binaries are installed. Then the hub's ingest rate over
// loopback HTTP: every unit pushing its year.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../daemon/src/config/load.ts';
import type { FacilityConfig } from '../daemon/src/config/schema.ts';
import { buildHubApp } from '../hub/src/hub-app.ts';
import { HubStore } from '../hub/src/hub-store.ts';
import type { HubPush } from '../daemon/src/api/hub-push.ts';
import { openSql, type SqlClient } from '../daemon/src/storage/sql-client.ts';
import { createLogger } from '../daemon/src/log.ts';
import { facilityInventory, type ScannerRecord } from '../daemon/src/reports/inventory.ts';
import { buildPhuLuc03 } from '../daemon/src/reports/phu-luc-03.ts';
import { renderXlsx } from '../daemon/src/reports/render-xlsx.ts';
import type { FacilityInventory } from '../daemon/src/reports/types.ts';
import type { DailyCounterRow } from '../daemon/src/storage/counters-repo.ts';
import { postgresRequirement, startPostgres } from '../tests/helpers/postgres.ts';
import { printTable } from './table.ts';
import { ingestGateway, PHU_LUC_02_UNITS, timePhuLuc02 } from './report-phu-luc-02.ts';

const EVENTS = Number(process.env['BENCH_REPORT_EVENTS'] ?? 10_000_000);
const DAYS = 365;
const FIRST = Date.parse('2025-01-01T00:00:00Z');
const dayOf = (i: number): string => new Date(FIRST + i * 86_400_000).toISOString().slice(0, 10);

interface Device {
  facility: number;
  station: string;
  id: string;
  desk: string;
  search: boolean;
}

function province(): { facilities: FacilityConfig[]; devices: Device[] } {
  const facilities: FacilityConfig[] = [];
  const devices: Device[] = [];
  const unit = (fi: number, station: string, desks: number): string[] => {
    const names = Array.from({ length: desks }, (_, d) => `${station}-q${d + 1}`);
    for (const desk of names) {
      devices.push({ facility: fi, station, id: `${desk}-scanner`, desk, search: false });
      devices.push({ facility: fi, station, id: `manual@${desk}`, desk, search: true });
    }
    return names;
  };
  for (let i = 0; i < 50; i++) {
    const id = `F${String(i + 1).padStart(3, '0')}`;
    const district = i >= 20;
    const stations: FacilityConfig['stations'][number][] = [
      { id: `${id}-bv`, name: '', kind: 'facility', desks: unit(i, `${id}-bv`, district ? 3 : 4), needOverride: null },
    ];
    if (district)
      for (let c = 0; c < 5; c++)
        stations.push({ id: `${id}-xa${c + 1}`, name: `Trạm Y tế ${c + 1}`, kind: 'commune', desks: unit(i, `${id}-xa${c + 1}`, 1), needOverride: null });
    facilities.push({
      id,
      name: `${district ? 'Trung tâm Y tế' : 'Bệnh viện'} ${i + 1}`,
      province: 'Bench',
      sector: 'public',
      tier: district ? 'district' : 'province',
      order: i,
      stations,
    });
  }
  return { facilities, devices };
}

/** counts[(day * devices + device) * 4 + k], k = scans, searches, successes, errors. */
function countEvents(devices: Device[]): { counts: Uint32Array; ms: number } {
  const t0 = performance.now();
  const counts = new Uint32Array(DAYS * devices.length * 4);
  let seed = 42;
  // xorshift32: seeded, so every run counts the same year.
  const rnd = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  // Hospitals' devices are busier than commune stations'; ~2.5% errors as in the seed.
  const weights = devices.map((d) => (d.station.includes('-xa') ? 1 : 6) * (d.search ? 0.07 : 1));
  const cumulative: number[] = [];
  weights.reduce((a, w) => (cumulative.push(a + w), a + w), 0);
  const total = cumulative[cumulative.length - 1]!;
  for (let e = 0; e < EVENTS; e++) {
    const r = rnd() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    const base = (Math.floor((e * DAYS) / EVENTS) * devices.length + lo) * 4;
    counts[base + (devices[lo]!.search ? 1 : 0)]!++;
    counts[base + (rnd() < 0.025 ? 3 : 2)]!++;
  }
  return { counts, ms: performance.now() - t0 };
}

function rows(facilities: FacilityConfig[], devices: Device[], counts: Uint32Array): Map<string, DailyCounterRow[]> {
  const bySite = new Map<string, DailyCounterRow[]>();
  for (let day = 0; day < DAYS; day++) {
    for (let i = 0; i < devices.length; i++) {
      const b = (day * devices.length + i) * 4;
      if (counts[b]! + counts[b + 1]! === 0) continue;
      const d = devices[i]!;
      const facilityId = facilities[d.facility]!.id;
      const list = bySite.get(facilityId) ?? [];
      list.push({
        day: dayOf(day),
        facilityId,
        stationId: d.station,
        deviceId: d.id,
        deskId: d.desk,
        scans: counts[b]!,
        searches: counts[b + 1]!,
        successes: counts[b + 2]!,
        errors: counts[b + 3]!,
      });
      bySite.set(facilityId, list);
    }
  }
  return bySite;
}

function inventories(facilities: FacilityConfig[], devices: Device[]): FacilityInventory[] {
  const now = new Date(FIRST + DAYS * 86_400_000);
  const rules = resolveConfig({}).inventory;
  return facilities.map((f) => {
    const scanners: ScannerRecord[] = devices
      .filter((d) => !d.search && facilities[d.facility] === f)
      .map((d, i) => ({
        deviceId: d.id,
        deskId: d.desk,
        mode: 'hidPos',
        lastOnline: new Date(now.getTime() - (i % 9 === 8 ? 10 : 0) * 86_400_000).toISOString(),
        overrideStatus: null,
        overrideReason: null,
      }));
    return facilityInventory(f, scanners, new Map(), now, rules);
  });
}

const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(0));

async function timeReport(store: HubStore): Promise<{ first: number; median: number; accesses: number }> {
  const times: number[] = [];
  let accesses = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const r = await buildPhuLuc03(store, { from: dayOf(0), to: dayOf(DAYS - 1), cumulativeSince: dayOf(0), now: new Date() });
    times.push(performance.now() - t0);
    accesses = r.rows[0]!.accesses;
  }
  const sorted = times.slice(1).sort((a, b) => a - b);
  return { first: times[0]!, median: sorted[Math.floor(sorted.length / 2)]!, accesses };
}

async function ingest(store: HubStore, sites: Map<string, DailyCounterRow[]>, inv: FacilityInventory[]): Promise<{ ms: number; pushes: number; rows: number }> {
  const log = createLogger('silent');
  const ids = [...sites.keys()];
  const app = await buildHubApp({
    store,
    log,
    config: { sites: ids.map((id) => ({ id, token: `tok-${id}-0123456789` })), adminTokens: [], cumulativeSince: dayOf(0) },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const byId = new Map(inv.map((f) => [f.id, f]));
  let pushes = 0;
  let n = 0;
  const t0 = performance.now();
  // Sites push concurrently, a month per request, as SitePusher does after an outage.
  await Promise.all(
    ids.map(async (id) => {
      const all = sites.get(id)!;
      for (let m = 0; m < 12; m++) {
        const month = all.filter((r) => Number(r.day.slice(5, 7)) === m + 1);
        const push: HubPush = { siteId: id, sentAt: new Date().toISOString(), facility: byId.get(id)!, counters: month };
        const res = await fetch(`${url}/api/hub/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer tok-${id}-0123456789` },
          body: JSON.stringify(push),
        });
        if (!res.ok) throw new Error(`push ${id}: ${res.status} ${await res.text()}`);
        pushes++;
        n += month.length;
      }
    }),
  );
  const elapsed = performance.now() - t0;
  await app.close();
  return { ms: elapsed, pushes, rows: n };
}

export async function benchReport(): Promise<void> {
  const { facilities, devices } = province();
  const { counts, ms: countMs } = countEvents(devices);
  const sites = rows(facilities, devices, counts);
  const allRows = [...sites.values()].flat();
  const inv = inventories(facilities, devices);
  const units = facilities.reduce((a, f) => a + f.stations.length, 0);
  process.stdout.write(
    `\nreport bench: ${EVENTS.toLocaleString('en')} events over ${DAYS} days at ${units} units (${facilities.length} facilities), ${devices.length} devices → ${allRows.length.toLocaleString('en')} daily counter rows (counted in ${ms(countMs)} ms)\n`,
  );

  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-bench-report-'));
  const table: string[][] = [];
  const engines: Array<[string, () => Promise<SqlClient>]> = [['SQLite', () => openSql(`sqlite:${join(dir, 'hub.sqlite')}`)]];
  const teardown: Array<() => unknown> = [];
  const pgNeeded = postgresRequirement();
  if (!pgNeeded.skip) {
    const url = await startPostgres({ teardown: (fn) => teardown.push(fn) });
    engines.push(['PostgreSQL', () => openSql(url)]);
  }
  let xlsxMs = 0;
  const phu02: string[][] = [];
  const days = Array.from({ length: DAYS }, (_, i) => dayOf(i));
  for (const [name, open] of engines) {
    const store = await HubStore.open(await open());
    const ing = await ingest(store, sites, inv);
    const rep = await timeReport(store);
    if (rep.accesses !== EVENTS) throw new Error(`report counted ${rep.accesses} accesses, expected ${EVENTS}`);
    if (name === 'SQLite') {
      const r = await buildPhuLuc03(store, { from: dayOf(0), to: dayOf(DAYS - 1), cumulativeSince: dayOf(0), now: new Date() });
      const t0 = performance.now();
      await renderXlsx(r);
      xlsxMs = performance.now() - t0;
    }
    table.push([
      name,
      ms(rep.first),
      ms(rep.median),
      '< 1000',
      `${ing.pushes}`,
      `${Math.round(ing.rows / (ing.ms / 1000)).toLocaleString('en')}`,
      `${Math.round(ing.pushes / (ing.ms / 1000))}`,
    ]);
    // Phụ lục 2 after Phụ lục 03's timing, on the same hub database (its units push gateway rows only).
    const gw = await ingestGateway(store, days);
    const p2 = await timePhuLuc02(store, days);
    if (p2.exchanges !== gw.exchanges || p2.units !== PHU_LUC_02_UNITS)
      throw new Error(`Phụ lục 2 counted ${p2.exchanges} exchanges at ${p2.units} units, expected ${gw.exchanges} at ${PHU_LUC_02_UNITS}`);
    phu02.push([
      name,
      ms(p2.first),
      ms(p2.median),
      '< 1000',
      ms(p2.xlsx),
      `${gw.rows.toLocaleString('en')}`,
      `${Math.round(gw.rows / (gw.ms / 1000)).toLocaleString('en')}`,
    ]);
    await store.close();
  }
  printTable(
    `Phụ lục 03 over one year (${EVENTS.toLocaleString('en')} accesses, ${allRows.length.toLocaleString('en')} counter rows); XLSX rendering ${ms(xlsxMs)} ms`,
    ['hub database', 'report first ms', 'report median ms', 'target ms', 'pushes', 'ingest rows/s', 'pushes/s'],
    table,
  );
  printTable(
    `Phụ lục 2 at the hub: ${PHU_LUC_02_UNITS} units × ${DAYS} days of gateway exchanges, two periods side by side (the halves of the year)`,
    ['hub database', 'report first ms', 'report median ms', 'target ms', 'XLSX ms', 'gateway rows', 'ingest rows/s'],
    phu02,
  );
  for (const fn of teardown) await fn();
  await rm(dir, { recursive: true, force: true });
}
