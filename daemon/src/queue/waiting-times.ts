// Waiting time per department, priority class and day, from registration to first call: the median and the 90th
// percentile (nearest rank: a time some patient really waited, never an interpolation), in minutes
// with one decimal. Tickets never called do not count (they are still waiting, or were skipped).

import type { PriorityVisits, WaitingTime } from '../api/contract.ts';
import type { PriorityClass } from '../vocabulary/priority.ts';

export interface CalledTicket {
  readonly day: string;
  readonly department: string;
  readonly cls: PriorityClass;
  readonly registeredAt: string;
  readonly calledAt: string;
}

/** The nearest-rank percentile of sorted values (p in 0..1). */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const minutes = (ms: number): number => Math.round(ms / 6000) / 10;

/** One row per day, department and class that called someone, ordered by day, department, class. */
export function waitingTimes(tickets: readonly CalledTicket[]): WaitingTime[] {
  const groups = new Map<string, number[]>();
  for (const t of tickets) {
    const key = `${t.day}\u0000${t.department}\u0000${t.cls}`;
    const wait = Math.max(0, Date.parse(t.calledAt) - Date.parse(t.registeredAt));
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(wait);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, waits]) => {
      const [day, department, cls] = key.split('\u0000') as [string, string, PriorityClass];
      const sorted = waits.sort((a, b) => a - b);
      return {
        day,
        department,
        class: cls,
        called: sorted.length,
        medianMinutes: minutes(nearestRank(sorted, 0.5)),
        p90Minutes: minutes(nearestRank(sorted, 0.9)),
      };
    });
}

/** Visits per reason, per day and for the period, from each registration's day and reason codes. */
export function priorityVisits(visits: ReadonlyArray<{ readonly day: string; readonly reasons: readonly string[] }>): PriorityVisits {
  const byDay = new Map<string, number>();
  const period = new Map<string, number>();
  for (const v of visits)
    for (const reason of v.reasons) {
      const k = `${v.day}\u0000${reason}`;
      byDay.set(k, (byDay.get(k) ?? 0) + 1);
      period.set(reason, (period.get(reason) ?? 0) + 1);
    }
  const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    byDay: sorted(byDay).map(([k, visits]) => {
      const [day, reason] = k.split('\u0000') as [string, string];
      return { day, reason, visits };
    }),
    period: sorted(period).map(([reason, visits]) => ({ reason, visits })),
  };
}
