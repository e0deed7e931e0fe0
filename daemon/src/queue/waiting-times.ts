// Waiting time per department and day, from registration to first call: the median and the 90th
// percentile (nearest rank: a time some patient really waited, never an interpolation), in minutes
// with one decimal. Tickets never called do not count (they are still waiting, or were skipped).

import type { WaitingTime } from '../api/contract.ts';

export interface CalledTicket {
  readonly day: string;
  readonly department: string;
  readonly registeredAt: string;
  readonly calledAt: string;
}

/** The nearest-rank percentile of sorted values (p in 0..1). */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const minutes = (ms: number): number => Math.round(ms / 6000) / 10;

/** One row per day and department that called someone, ordered by day then department. */
export function waitingTimes(tickets: readonly CalledTicket[]): WaitingTime[] {
  const groups = new Map<string, number[]>();
  for (const t of tickets) {
    const key = `${t.day}\u0000${t.department}`;
    const wait = Math.max(0, Date.parse(t.calledAt) - Date.parse(t.registeredAt));
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(wait);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, waits]) => {
      const [day, department] = key.split('\u0000') as [string, string];
      const sorted = waits.sort((a, b) => a - b);
      return { day, department, called: sorted.length, medianMinutes: minutes(nearestRank(sorted, 0.5)), p90Minutes: minutes(nearestRank(sorted, 0.9)) };
    });
}
