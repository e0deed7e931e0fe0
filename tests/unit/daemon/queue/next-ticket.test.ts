// The order of calls: emergencies first; strict serves every priority ticket first; interleave with
// every: 2 gives normal, normal, priority; first come, first served within a class.

import t from 'tap';
import { pickNext, type WaitingTicket } from '../../../../daemon/src/queue/next-ticket.ts';
import type { PriorityClass } from '../../../../daemon/src/vocabulary/priority.ts';

const w = (...classes: PriorityClass[]): WaitingTicket[] => classes.map((cls, i) => ({ id: i + 1, cls }));

/** Calls everyone in turn, the way the desk's "next" would: the ids in call order. */
function drain(waiting: WaitingTicket[], policy: { policy: 'strict' | 'interleave'; every: number }): number[] {
  const left = [...waiting];
  const called: PriorityClass[] = [];
  const order: number[] = [];
  for (let id = pickNext(left, called, policy); id !== null; id = pickNext(left, called, policy)) {
    const i = left.findIndex((x) => x.id === id);
    called.unshift(left[i]!.cls);
    order.push(id);
    left.splice(i, 1);
  }
  return order;
}

t.test('strict: the priority ticket read after two normal ones is called first', async (t) => {
  t.same(drain(w('normal', 'normal', 'priority'), { policy: 'strict', every: 2 }), [3, 1, 2]);
  t.same(drain(w('priority', 'normal', 'priority', 'normal'), { policy: 'strict', every: 2 }), [1, 3, 2, 4], 'first come, first served within a class');
});

t.test('interleave every 2: normal, normal, priority', async (t) => {
  t.same(drain(w('normal', 'normal', 'priority'), { policy: 'interleave', every: 2 }), [1, 2, 3]);
  t.same(drain(w('priority', 'priority', 'normal', 'normal', 'normal', 'normal', 'normal'), { policy: 'interleave', every: 2 }), [3, 4, 1, 5, 6, 2, 7]);
  t.same(drain(w('priority', 'priority'), { policy: 'interleave', every: 2 }), [1, 2], 'nobody normal waits: priority goes on');
});

t.test('an emergency comes before everyone, whatever the policy', async (t) => {
  t.same(drain(w('normal', 'priority', 'emergency'), { policy: 'strict', every: 2 }), [3, 2, 1]);
  t.same(drain(w('normal', 'normal', 'emergency', 'priority'), { policy: 'interleave', every: 2 }), [3, 1, 2, 4], 'and does not count toward the interleave');
  t.equal(pickNext([], [], { policy: 'strict', every: 2 }), null, 'nobody waits');
});
