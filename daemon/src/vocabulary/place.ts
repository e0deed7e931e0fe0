// Which facility and station a desk belongs to, from the configuration. Every event is stamped with
// it when stored, so moving a desk later does not rewrite where past scans happened.

import type { FacilityConfig } from './facility.ts';

export interface Place {
  readonly facilityId: string;
  readonly stationId: string;
}

/** The station a desk is listed under; unlisted desks belong to the facility's own main station. */
export function placeResolver(facility: FacilityConfig): (desk: string) => Place {
  const main = facility.stations.find((s) => s.kind === 'facility') ?? facility.stations[0];
  const byDesk = new Map<string, string>();
  for (const s of facility.stations) for (const d of s.desks) if (!byDesk.has(d)) byDesk.set(d, s.id);
  return (desk) => ({ facilityId: facility.id, stationId: byDesk.get(desk) ?? main?.id ?? 'main' });
}
