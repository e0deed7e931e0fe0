// The equipment sheet of the district report (#29 item 3, seed 002: "máy tính, máy in, máy quét, kết
// nối mạng Internet"): per unit and station, computers and printers working / not working / needed,
// the scanners of Phụ lục 03's columns, and the internet link; the total row sums the district's
// needs. A unit whose site does not send equipment yet (older than migration 17) or never pushed
// shows null ("—"), and is left out of the sums, never counted as zero.

import type { EquipmentRow, InternetState, StationEquipment } from '../api/report.ts';
import type { FacilityInventory, StationInventory } from './types.ts';

type Counted = Omit<EquipmentRow, 'level' | 'stt' | 'label' | 'facilityId' | 'stationId' | 'internet' | 'reasons'>;

const UNKNOWN = {
  computersWorking: null,
  computersNotWorking: null,
  computersNeeded: null,
  printersWorking: null,
  printersNotWorking: null,
  printersNeeded: null,
  printersDetected: null,
} as const;

function scannersOf(s: StationInventory): Pick<Counted, 'scannersWorking' | 'scannersNotWorking' | 'scannersNeeded'> {
  const working = s.scanners.filter((x) => x.status === 'working').length;
  return { scannersWorking: working, scannersNotWorking: s.scanners.length - working, scannersNeeded: s.needed };
}

function countedOf(s: StationInventory): Counted {
  const e = s.equipment;
  if (!e) return { ...UNKNOWN, ...scannersOf(s) };
  const d = e.printers.detected;
  return {
    computersWorking: e.computers.working,
    computersNotWorking: e.computers.notWorking,
    computersNeeded: e.computers.needed,
    printersWorking: e.printers.working,
    printersNotWorking: e.printers.notWorking,
    printersNeeded: e.printers.needed,
    printersDetected: d ? { working: d.working, notWorking: d.notWorking } : null,
    ...scannersOf(s),
  };
}

const plus = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);

/** Sums rows; `strict`: one unknown makes the sum unknown (a unit); else unknowns are left out (the district). */
function sum(rows: readonly Counted[], strict: boolean): Counted {
  const keys = ['computersWorking', 'computersNotWorking', 'computersNeeded', 'printersWorking', 'printersNotWorking', 'printersNeeded'] as const;
  const known = strict ? rows : rows.filter((r) => r.computersWorking !== null);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = known.length === 0 ? null : known.reduce<number | null>((a, r) => plus(a, r[k]), 0);
  const detected = rows.map((r) => r.printersDetected).filter((d) => d !== null);
  return {
    ...(out as Pick<Counted, (typeof keys)[number]>),
    printersDetected: detected.length
      ? { working: detected.reduce((a, d) => a + d.working, 0), notWorking: detected.reduce((a, d) => a + d.notWorking, 0) }
      : null,
    scannersWorking: rows.reduce((a, r) => a + r.scannersWorking, 0),
    scannersNotWorking: rows.reduce((a, r) => a + r.scannersNotWorking, 0),
    scannersNeeded: rows.reduce((a, r) => a + r.scannersNeeded, 0),
  };
}

function reasonsOf(e: StationEquipment | undefined): string {
  if (!e) return '';
  const parts = [e.computers.reason && `Máy tính: ${e.computers.reason}`, e.printers.reason && `Máy in: ${e.printers.reason}`];
  return parts.filter(Boolean).join('; ');
}

/** A unit's link: its stations share the daemon's; "down" if any says so, "ok" if any does. */
function linkOf(stations: readonly StationInventory[]): InternetState | null {
  const states = stations.map((s) => s.equipment?.internet).filter((x) => x !== undefined);
  if (states.length === 0) return null;
  return states.includes('down') ? 'down' : states.includes('ok') ? 'ok' : 'unknown';
}

/** The sheet's rows: the district total first, then each unit (in the report's order) and its stations. */
export function equipmentRows(facilities: readonly FacilityInventory[]): EquipmentRow[] {
  const rows: EquipmentRow[] = [];
  const units: Counted[] = [];
  facilities.forEach((f, i) => {
    const stations = f.stations.map(countedOf);
    // A unit whose site never pushed has no stations: nothing is known, not zero.
    const unit = stations.length === 0 || f.stations.some((s) => !s.equipment) ? { ...sum(stations, true), ...UNKNOWN } : sum(stations, true);
    units.push(unit);
    const base = { facilityId: f.id, internet: linkOf(f.stations) };
    rows.push({ level: 'facility', stt: String(i + 1), label: f.name, stationId: null, ...unit, ...base, reasons: '' });
    f.stations.forEach((s, j) =>
      rows.push({
        level: 'station',
        stt: `${i + 1}.${j + 1}`,
        label: s.name === f.name ? s.id : s.name,
        stationId: s.id,
        ...stations[j]!,
        facilityId: f.id,
        internet: s.equipment?.internet ?? null,
        reasons: reasonsOf(s.equipment),
      }),
    );
  });
  const total: EquipmentRow = {
    level: 'total',
    stt: '',
    label: 'Tổng cộng',
    facilityId: null,
    stationId: null,
    ...sum(units, false),
    internet: null,
    reasons: '',
  };
  return [total, ...rows];
}
