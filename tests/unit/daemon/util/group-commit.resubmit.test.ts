// A caller that awaits one commit and submits again at once (EventsRepo.record twice in a row, the
// patient index after a batch) is committed too: the drain that just finished must not swallow it.
// Before this was fixed the second submit waited forever, and with it the read it carried.

import t from 'tap';
import { GroupCommit } from '../../../../daemon/src/util/group-commit.ts';

t.test('submit, await, submit again: each resolves with its own result', async (t) => {
  const groups: number[][] = [];
  const g = new GroupCommit<number, number>({
    maxGroup: 10,
    commit: async (xs) => {
      groups.push([...xs]);
      await new Promise((resolve) => setImmediate(resolve));
      return xs.map((x) => x * 10);
    },
  });
  const results: number[] = [];
  const timeout = setTimeout(() => t.fail('a submit never resolved'), 5_000);
  for (let i = 1; i <= 3; i++) results.push(await g.submit(i));
  clearTimeout(timeout);
  t.same(results, [10, 20, 30]);
  t.same(groups, [[1], [2], [3]], 'one group each: nothing else was waiting');
  t.equal(g.pending, 0);
});
