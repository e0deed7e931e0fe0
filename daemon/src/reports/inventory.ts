// A site's scanner inventory for the report: which scanners work, which do not and why, and how many
// more each station needs. Status comes from health telemetry unless a technician overrode it.

import type { FacilityConfig } from '../vocabulary/facility.ts';
import type { InventoryRules } from './report-config.ts';
import type { Counters } from '../storage/events-repo.ts';
import { placeResolver } from '../vocabulary/place.ts';
import type { FacilityInventory, ScannerInventory, StationInventory } from './types.ts';
import type { ScannerRecord } from '../storage/inventory-repo.ts';
import type { EquipmentKind, EquipmentRecord } from '../storage/equipment-repo.ts';
import type { DetectedPrinters, EquipmentCount, InternetState, StationEquipment } from '../api/report.ts';

export type { ScannerRecord };

export type { InventoryRules };

const DAY_MS = 86_400_000;

export function scannerStatus(
  s: ScannerRecord,
  recent: Counters | undefined,
  now: Date,
  rules: InventoryRules,
): Pick<ScannerInventory, 'status' | 'statusSource' | 'reason'> {
  if (s.overrideStatus) return { status: s.overrideStatus, statusSource: 'override', reason: s.overrideReason };
  const lastOnline = s.lastOnline ? Date.parse(s.lastOnline) : Number.NaN;
  if (!(now.getTime() - lastOnline <= rules.offlineDays * DAY_MS)) {
    const n = rules.offlineDays;
    return { status: 'notWorking', statusSource: 'telemetry', reason: `Mất kết nối quá ${n} ngày / offline for more than ${n} days` };
  }
  const reads = recent ? recent.scans + recent.searches : 0;
  if (recent && reads >= rules.errorRateMinReads && recent.errors / reads > rules.errorRateThreshold) {
    const pct = Math.round((100 * recent.errors) / reads);
    return {
      status: 'notWorking',
      statusSource: 'telemetry',
      reason: `Tỷ lệ lỗi ${pct}% trong ${rules.errorRateDays} ngày / error rate ${pct}% over ${rules.errorRateDays} days`,
    };
  }
  return { status: 'working', statusSource: 'telemetry', reason: null };
}

/** What the site knows beyond its scanners (desk equipment, #29 item 3). */
export interface EquipmentSeen {
  /** The technician's counts (storage/equipment-repo.ts). */
  readonly counts: readonly EquipmentRecord[];
  readonly internet: InternetState;
  /** The daemon PC's spooler: shown on the first station, where the daemon runs. */
  readonly printers: DetectedPrinters | null;
}

const NOT_COUNTED = { working: 0, notWorking: 0, needed: 0, reason: null, updatedAt: null } as const;

function countOf(seen: EquipmentSeen, stationId: string, kind: EquipmentKind): EquipmentCount {
  const r = seen.counts.find((c) => c.stationId === stationId && c.kind === kind);
  return r ? { working: r.working, notWorking: r.notWorking, needed: r.needed, reason: r.reason, updatedAt: r.updatedAt } : NOT_COUNTED;
}

/** A station's equipment: computers and printers as counted, scanners from the inventory, the link. */
export function stationEquipment(seen: EquipmentSeen, station: Pick<StationInventory, 'id' | 'scanners' | 'needed'>, first: boolean): StationEquipment {
  const working = station.scanners.filter((s) => s.status === 'working').length;
  return {
    computers: countOf(seen, station.id, 'computers'),
    printers: { ...countOf(seen, station.id, 'printers'), detected: first ? seen.printers : null },
    scanners: { working, notWorking: station.scanners.length - working, needed: station.needed },
    internet: seen.internet,
  };
}

export function facilityInventory(
  facility: FacilityConfig,
  scanners: readonly ScannerRecord[],
  recentByDevice: ReadonlyMap<string, Counters>,
  now: Date,
  rules: InventoryRules,
  equipment?: EquipmentSeen,
): FacilityInventory {
  const placeOf = placeResolver(facility);
  const stations = facility.stations.map((st, i) => {
    const own: ScannerInventory[] = scanners
      .filter((s) => placeOf(s.deskId).stationId === st.id)
      .map((s) => ({
        id: s.deviceId,
        desk: s.deskId,
        mode: s.mode,
        lastOnline: s.lastOnline,
        ...scannerStatus(s, recentByDevice.get(s.deviceId), now, rules),
      }));
    const desks = [...new Set([...st.desks, ...own.map((s) => s.desk)])].sort();
    const covered = new Set(own.filter((s) => s.status === 'working').map((s) => s.desk));
    const computed = desks.filter((d) => !covered.has(d)).length;
    const station: StationInventory = {
      id: st.id,
      name: st.name || facility.name,
      kind: st.kind,
      desks,
      scanners: own,
      needed: st.needOverride ? st.needOverride.count : computed,
      neededReason: st.needOverride ? st.needOverride.reason : null,
    };
    return equipment ? { ...station, equipment: stationEquipment(equipment, station, i === 0) } : station;
  });
  const { id, name, province, sector, tier, order } = facility;
  return { id, name, province, sector, tier, order, stations };
}
