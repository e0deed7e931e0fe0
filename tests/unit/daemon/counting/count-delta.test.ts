// Where one access becomes counts. The technician's live counters (/api/devices) split scans
// (scanner or webcam) from searches and successes from errors; the report's counters add the
// lookups still pending and the cause of each error. Every access adds exactly one to scans or
// searches and exactly one to success, error or pending, so the report's columns always add up.

import t from 'tap';
import type { Counted } from '../../../../daemon/src/counting/access-outcome.ts';
import {
  addCounts,
  addReportCounts,
  countDelta,
  emptyCounters,
  emptyReportCounts,
  reportDelta,
  type AccessSource,
} from '../../../../daemon/src/counting/count-delta.ts';

t.test("the reader's view: a scan or a search, a success or an error", async (t) => {
  const cases: Array<[AccessSource, 'success' | 'error', [number, number, number, number]]> = [
    ['scan', 'success', [1, 0, 1, 0]],
    ['scan', 'error', [1, 0, 0, 1]],
    ['camera', 'success', [1, 0, 1, 0]],
    ['camera', 'error', [1, 0, 0, 1]],
    ['search', 'success', [0, 1, 1, 0]],
    ['search', 'error', [0, 1, 0, 1]],
  ];
  for (const [source, outcome, [scans, searches, successes, errors]] of cases) {
    t.same(countDelta({ source, outcome }), { scans, searches, successes, errors }, `${source} ${outcome}`);
  }
});

t.test("a device's counters add up its accesses", async (t) => {
  const total = emptyCounters();
  for (const a of [
    { source: 'scan', outcome: 'success' },
    { source: 'scan', outcome: 'error' },
    { source: 'search', outcome: 'success' },
    { source: 'camera', outcome: 'success' },
  ] as const)
    t.equal(addCounts(total, countDelta(a)), total, 'added in place');
  t.same(total, { scans: 3, searches: 1, successes: 3, errors: 1 });
  t.same(emptyCounters(), { scans: 0, searches: 0, successes: 0, errors: 0 }, 'a fresh zero each time');
});

t.test("the report's view: success, pending, or an error with its cause", async (t) => {
  const cases: Array<[AccessSource, Counted, Record<string, number>]> = [
    ['scan', { outcome: 'success', group: null }, { scans: 1, successes: 1 }],
    ['scan', { outcome: 'pending', group: null }, { scans: 1, pending: 1 }],
    ['camera', { outcome: 'error', group: 'errorsRead' }, { scans: 1, errors: 1, errorsRead: 1 }],
    ['scan', { outcome: 'error', group: 'errorsValidation' }, { scans: 1, errors: 1, errorsValidation: 1 }],
    ['search', { outcome: 'error', group: 'lookupNotCovered' }, { searches: 1, errors: 1, lookupNotCovered: 1 }],
    ['search', { outcome: 'error', group: 'lookupInput' }, { searches: 1, errors: 1, lookupInput: 1 }],
    ['scan', { outcome: 'error', group: 'lookupIdentity' }, { scans: 1, errors: 1, lookupIdentity: 1 }],
    ['search', { outcome: 'error', group: 'lookupOther' }, { searches: 1, errors: 1, lookupOther: 1 }],
    ['search', { outcome: 'pending', group: null }, { searches: 1, pending: 1 }],
  ];
  for (const [source, counted, ones] of cases) {
    t.same(reportDelta(source, counted), { ...emptyReportCounts(), ...ones }, `${source} ${counted.outcome} ${counted.group ?? ''}`);
  }
});

t.test("the report's counters add up, and the columns agree", async (t) => {
  const total = emptyReportCounts();
  const accesses: Array<[AccessSource, Counted]> = [
    ['scan', { outcome: 'success', group: null }],
    ['scan', { outcome: 'pending', group: null }],
    ['search', { outcome: 'error', group: 'lookupIdentity' }],
    ['camera', { outcome: 'error', group: 'errorsRead' }],
    ['scan', { outcome: 'error', group: 'errorsRead' }],
    ['scan', { outcome: 'error', group: 'lostReads' }],
    ['chip', { outcome: 'pending', group: null }],
    ['chip', { outcome: 'error', group: 'errorsRead' }],
  ];
  for (const [source, counted] of accesses) t.equal(addReportCounts(total, reportDelta(source, counted)), total, 'added in place');
  t.same(total, {
    scans: 7,
    searches: 1,
    successes: 1,
    errors: 5,
    pending: 2,
    errorsRead: 3,
    errorsValidation: 0,
    lookupNotCovered: 0,
    lookupInput: 0,
    lookupIdentity: 1,
    lookupOther: 0,
    lostReads: 1,
    chipReads: 2,
  });
  t.equal(total.chipReads, 2, 'a chip read is a scan, and counted apart');
  t.equal(total.scans + total.searches, total.successes + total.errors + total.pending, 'every access is a success, an error or pending');
  const causes =
    total.errorsRead + total.errorsValidation + total.lookupNotCovered + total.lookupInput + total.lookupIdentity + total.lookupOther + total.lostReads;
  t.equal(causes, total.errors, 'every error has one cause');
});
