// Which waiting ticket a desk's "next" calls, as a pure function of the waiting tickets (in ticket
// order) and the classes of the day's calls so far. Emergencies always first; then, by the
// department's policy (queue.priority): `strict` calls every priority ticket before any normal one,
// `interleave` one priority ticket after every `every` normal ones, so neither line stops. First come,
// first served within a class.

import type { PriorityClass } from '../vocabulary/priority.ts';

export interface WaitingTicket {
  readonly id: number;
  readonly cls: PriorityClass;
}

export interface CallPolicy {
  readonly policy: 'strict' | 'interleave';
  readonly every: number;
}

/** The id of the ticket to call, or null when nobody waits. `called`: the classes of the day's
 *  calls, the latest first (emergency calls do not count toward the interleave). */
export function pickNext(waiting: readonly WaitingTicket[], called: readonly PriorityClass[], policy: CallPolicy): number | null {
  const first = (cls: PriorityClass): WaitingTicket | undefined => waiting.find((w) => w.cls === cls);
  const emergency = first('emergency');
  if (emergency) return emergency.id;
  const priority = first('priority');
  const normal = first('normal');
  if (!priority || !normal) return (priority ?? normal)?.id ?? null;
  if (policy.policy === 'strict') return priority.id;
  let normalsSince = 0;
  for (const cls of called) {
    if (cls === 'priority') break;
    if (cls === 'normal') normalsSince++;
  }
  return normalsSince >= policy.every ? priority.id : normal.id;
}
