// The report source of one site: its own SQLite counters and its scanner inventory as seen by this
// daemon (or by `tiepnhan report --data-dir`, reading the same file while the daemon runs: WAL).

import type { FacilityConfig } from '../vocabulary/facility.ts';
import type { InventoryRules } from './report-config.ts';
import type { CountersRepo } from '../storage/counters-repo.ts';
import type { Counters } from '../storage/events-repo.ts';
import { vietnamDay } from '../storage/events-repo.ts';
import type { InventoryRepo } from '../storage/inventory-repo.ts';
import { type InventoryHistoryRepo } from '../storage/inventory-history-repo.ts';
import { facilityInventory, type EquipmentSeen } from './inventory.ts';
import type { EquipmentRepo } from '../storage/equipment-repo.ts';
import type { DetectedPrinters, InternetState } from '../api/report.ts';
import type { FacilityInventory, ReportSource } from './types.ts';

export interface LocalSource extends ReportSource {
  /** The inventory now. */
  facility(): Promise<FacilityInventory>;
  /** The inventory now, kept as today's snapshot (the history a past period's report reads): the
   *  10-minute inventory refresh and each hub push take one; reading the inventory does not write. */
  snapshot(): Promise<FacilityInventory>;
}

export function localReportSource(deps: {
  config: { readonly facility: FacilityConfig; readonly inventory: InventoryRules };
  counters: CountersRepo;
  inventory: InventoryRepo;
  history: InventoryHistoryRepo;
  now: () => Date;
  /** Desk equipment (#29): the technician's counts; absent (tests, old callers): no `equipment`. */
  equipment?: EquipmentRepo;
  /** What the running daemon sees: the gateway link and the PC's printers; absent (the CLI reading
   *  the file): "unknown" and null. */
  sensed?: { internet(): InternetState; printers(): DetectedPrinters | null };
}): LocalSource {
  const { config, counters, inventory, history, now } = deps;
  const equipmentSeen = async (): Promise<EquipmentSeen | undefined> =>
    deps.equipment && {
      counts: await deps.equipment.all(),
      internet: deps.sensed?.internet() ?? 'unknown',
      printers: deps.sensed?.printers() ?? null,
    };
  const facility = async (): Promise<FacilityInventory> => {
    const at = now();
    const since = vietnamDay(new Date(at.getTime() - (config.inventory.errorRateDays - 1) * 86_400_000));
    const recent = new Map<string, Counters>();
    for (const d of await counters.deviceTotals(since, vietnamDay(at))) {
      const c = recent.get(d.deviceId) ?? { scans: 0, searches: 0, successes: 0, errors: 0 };
      // Reader health counts the reader's own errors: a failed lookup is the gateway's answer.
      const readerErrors = d.errorsRead + d.errorsValidation;
      recent.set(d.deviceId, {
        scans: c.scans + d.scans,
        searches: c.searches + d.searches,
        successes: c.successes + d.scans + d.searches - readerErrors,
        errors: c.errors + readerErrors,
      });
    }
    return facilityInventory(config.facility, await inventory.all(), recent, at, config.inventory, await equipmentSeen());
  };
  return {
    facility,
    async snapshot() {
      const current = await facility();
      await history.record(vietnamDay(now()), current, now());
      return current;
    },
    // A past period: the inventory of its last day (before the history began: as it is now).
    facilities: async (asOf) => [(asOf !== undefined && asOf < vietnamDay(now()) ? await history.asOf(asOf) : null) ?? (await facility())],
    stationTotals: (from, to) => counters.stationTotals(from, to),
  };
}
