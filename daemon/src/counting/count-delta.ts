// Where a read becomes a count: the one rule, used by the daily counters written with each event
// (storage) and by the live counters of each device (/api/devices). An access is a scan (scanner or
// webcam) or a search; it is a success when it gave a usable identity, else an error.

import type { Counters } from '../api/contract.ts';

export type AccessSource = 'scan' | 'search' | 'camera';
export type AccessOutcome = 'success' | 'error';

export function emptyCounters(): Counters {
  return { scans: 0, searches: 0, successes: 0, errors: 0 };
}

/** What one access adds to its counters. */
export function countDelta(access: { readonly source: AccessSource; readonly outcome: AccessOutcome }): Counters {
  const search = access.source === 'search' ? 1 : 0;
  const ok = access.outcome === 'success' ? 1 : 0;
  return { scans: 1 - search, searches: search, successes: ok, errors: 1 - ok };
}

/** Adds `delta` into `into` (in place) and returns it. */
export function addCounts(into: Counters, delta: Counters): Counters {
  into.scans += delta.scans;
  into.searches += delta.searches;
  into.successes += delta.successes;
  into.errors += delta.errors;
  return into;
}
