// What may happen to a ticket: a recall of a called ticket, a call of a skipped one (the patient came
// back), never anything after done; serve only a called ticket; skip only before the patient is seen.

import t from 'tap';
import type { QueueState } from '../../../../daemon/src/api/contract.ts';
import { mayMove, type QueueAction } from '../../../../daemon/src/queue/queue-transitions.ts';

const STATES: QueueState[] = ['waiting', 'called', 'inService', 'done', 'skipped'];
const ACTIONS: QueueAction[] = ['called', 'inService', 'done', 'skipped'];

t.test('the allowed moves, all 20 pairs', async (t) => {
  const allowed = STATES.flatMap((s) => ACTIONS.filter((a) => mayMove(s, a)).map((a) => `${s}->${a}`));
  t.same(allowed, [
    'waiting->called',
    'waiting->skipped',
    'called->called',
    'called->inService',
    'called->done',
    'called->skipped',
    'inService->called',
    'inService->done',
    'skipped->called',
  ]);
});

t.test('nothing leaves done', async (t) => {
  for (const a of ACTIONS) t.notOk(mayMove('done', a), `done -> ${a}`);
});
