// Where a read becomes a count. An access is a scan (scanner or webcam) or a search. Two views:
// - the reader's view (live counters of each device, /api/devices, reader health): a read is a
//   success when it gave a usable identity, else an error;
// - the report's view (daily counters, Phụ lục 03, the hub): success, error or pending by the
//   lookup's answer (access-outcome.ts), with the causes of the errors beside.

import type { Counters } from '../api/contract.ts';
import { BREAKDOWN_KEYS, emptyBreakdown, type Counted, type OutcomeBreakdown } from './access-outcome.ts';

/** `chip`: a chip reader's read, a device reading the card: counted among the scans, and apart as chipReads. */
export type AccessSource = 'scan' | 'search' | 'camera' | 'chip';
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

/** Counters in the report's view, with pending lookups and the causes of the errors. */
export type ReportCounts = Counters & OutcomeBreakdown;

export function emptyReportCounts(): ReportCounts {
  return { ...emptyCounters(), ...emptyBreakdown() };
}

/** What one access adds to the report's counters, counted as `counted` says. */
export function reportDelta(source: AccessSource, counted: Counted): ReportCounts {
  const search = source === 'search' ? 1 : 0;
  const c: ReportCounts = { ...emptyReportCounts(), scans: 1 - search, searches: search, chipReads: source === 'chip' ? 1 : 0 };
  if (counted.outcome === 'error') {
    c.errors = 1;
    c[counted.group] = 1;
  } else if (counted.outcome === 'success') c.successes = 1;
  else c.pending = 1;
  return c;
}

export function addReportCounts(into: ReportCounts, delta: ReportCounts): ReportCounts {
  addCounts(into, delta);
  for (const k of BREAKDOWN_KEYS) into[k] += delta[k];
  return into;
}
