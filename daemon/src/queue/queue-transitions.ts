// What may happen to a ticket, as a pure table: the queue service (queue.ts) asks it before it
// writes, and the refusal names the state the ticket was in. Calling again is a recall; a skipped
// ticket may be called again (the patient came back); nothing leaves done.
//
//   call (a recall when called already)   waiting, called, inService, skipped -> called
//   serve (the patient came)               called -> inService
//   done                                   called, inService -> done
//   skip (did not come, or left)           waiting, called -> skipped

import type { QueueState } from '../api/contract.ts';

export type QueueAction = 'called' | 'inService' | 'done' | 'skipped';

const ALLOWED: Readonly<Record<QueueAction, readonly QueueState[]>> = {
  called: ['waiting', 'called', 'inService', 'skipped'],
  inService: ['called'],
  done: ['called', 'inService'],
  skipped: ['waiting', 'called'],
};

/** Whether a ticket in `from` may be moved by `action` (to the state of the same name). */
export function mayMove(from: QueueState, action: QueueAction): boolean {
  return ALLOWED[action].includes(from);
}
