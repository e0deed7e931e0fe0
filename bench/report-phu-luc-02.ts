// Phụ lục 2 at the hub, part of `npm run bench -- report`: 200 units (50 hospitals and district
// centres, 150 commune stations, each a unit with its own gateway account), a year of daily gateway
// exchanges each pushed as a site pushes them, then the report over two periods side by side (the
// two halves of the year), built as GET /api/reports/phu-luc-02 builds it (hub/src/hub-phu-luc-02.ts).

import type { HubPush } from '../daemon/src/api/hub-push.ts';
import type { FacilityInventory } from '../daemon/src/api/report.ts';
import type { PhuLuc02 } from '../daemon/src/api/phu-luc-02.ts';
import { renderPhuLuc02 } from '../daemon/src/reports/render-phu-luc-02.ts';
import { hubPhuLuc02 } from '../hub/src/hub-phu-luc-02.ts';
import type { HubStore } from '../hub/src/hub-store.ts';

export const PHU_LUC_02_UNITS = 200;

/** Pushes every unit's year (a month a push, as SitePusher does after an outage); the exchanges sent. */
export async function ingestGateway(store: HubStore, days: readonly string[]): Promise<{ ms: number; rows: number; exchanges: number }> {
  const tenancy = { listedFor: () => null, listedOwners: () => [] };
  let seed = 7;
  const rnd = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  let rows = 0;
  let exchanges = 0;
  const t0 = performance.now();
  for (let u = 0; u < PHU_LUC_02_UNITS; u++) {
    const commune = u >= 50;
    const id = `G${String(u + 1).padStart(3, '0')}`;
    const facility: FacilityInventory = {
      id,
      name: `${commune ? 'Trạm Y tế' : 'Trung tâm Y tế'} ${u + 1}`,
      province: 'Bench',
      sector: 'public',
      tier: 'district',
      order: u,
      stations: [],
    };
    // One unit in 35 has an account and no exchange (seed 000 row 21): a zero year.
    const busy = u % 35 === 20 ? 0 : commune ? 40 : 400;
    const year = days.map((day) => {
      const n = Math.round(busy * (0.5 + rnd()));
      const failed = Math.round(n * 0.02 * rnd());
      exchanges += n;
      return { day, facilityId: id, answered: n - failed, failed };
    });
    for (let m = 0; m < 12; m++) {
      const month = year.filter((r) => Number(r.day.slice(5, 7)) === m + 1);
      const push: HubPush = {
        siteId: `site-${id}`,
        sentAt: new Date().toISOString(),
        facility,
        counters: [],
        gateway: { account: true, kind: commune ? 'commune' : 'hospital', days: month },
      };
      await store.ingest(push, new Date(), tenancy);
      rows += month.length;
    }
  }
  return { ms: performance.now() - t0, rows, exchanges };
}

/** The report over the two halves of the year, 7 times: the first, the median of the rest, XLSX. */
export async function timePhuLuc02(
  store: HubStore,
  days: readonly string[],
): Promise<{ first: number; median: number; xlsx: number; exchanges: number; units: number }> {
  const half = Math.floor(days.length / 2);
  const periods = [
    { from: days[0]!, to: days[half - 1]! },
    { from: days[half]!, to: days[days.length - 1]! },
  ];
  const times: number[] = [];
  let report: PhuLuc02 | undefined;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    report = await hubPhuLuc02(store, [], periods, new Date());
    times.push(performance.now() - t0);
  }
  if (!report) throw new Error('no report');
  const t0 = performance.now();
  await renderPhuLuc02(report, 'xlsx');
  const xlsx = performance.now() - t0;
  const sorted = times.slice(1).sort((a, b) => a - b);
  const exchanges = report.total.periods.reduce((n, p) => n + (p?.total ?? 0), 0);
  const units = report.rows.filter((r) => r.facilityId?.startsWith('G')).length;
  return { first: times[0]!, median: sorted[Math.floor(sorted.length / 2)]!, xlsx, exchanges, units };
}
