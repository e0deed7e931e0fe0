// The report source of one site: its own SQLite counters and its scanner inventory as seen by this
// daemon (or by `tiepnhan report --data-dir`, reading the same file while the daemon runs: WAL).

import type { Config } from '../config/schema.ts';
import type { CountersRepo } from '../counting/counters-repo.ts';
import type { Counters } from '../storage/events-repo.ts';
import { vietnamDay } from '../storage/events-repo.ts';
import type { InventoryRepo } from '../storage/inventory-repo.ts';
import { facilityInventory } from './inventory.ts';
import type { FacilityInventory, ReportSource } from './types.ts';

export interface LocalSource extends ReportSource {
  facility(): Promise<FacilityInventory>;
}

export function localReportSource(deps: { config: Config; counters: CountersRepo; inventory: InventoryRepo; now: () => Date }): LocalSource {
  const { config, counters, inventory, now } = deps;
  const facility = async (): Promise<FacilityInventory> => {
    const at = now();
    const since = vietnamDay(new Date(at.getTime() - (config.inventory.errorRateDays - 1) * 86_400_000));
    const recent = new Map<string, Counters>();
    for (const d of await counters.deviceTotals(since, vietnamDay(at))) {
      const c = recent.get(d.deviceId) ?? { scans: 0, searches: 0, successes: 0, errors: 0 };
      recent.set(d.deviceId, {
        scans: c.scans + d.scans,
        searches: c.searches + d.searches,
        successes: c.successes + d.successes,
        errors: c.errors + d.errors,
      });
    }
    return facilityInventory(config.facility, await inventory.all(), recent, at, config.inventory);
  };
  return {
    facility,
    facilities: async () => [await facility()],
    stationTotals: (from, to) => counters.stationTotals(from, to),
  };
}
