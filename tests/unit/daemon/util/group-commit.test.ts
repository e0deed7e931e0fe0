// Group commit, the batching queue under the events table and the patient index: many scanners at
// once cost one transaction, each caller still learns its own result only after its group is
// committed, and one bad item fails only its own scan, never its neighbours'.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { GroupCommit } from '../../../../daemon/src/util/group-commit.ts';

/** A commit the test finishes by hand, recording each group it was given. */
function manualCommit() {
  const groups: number[][] = [];
  const finish: Array<() => void> = [];
  const commit = (items: readonly number[]): Promise<string[]> => {
    groups.push([...items]);
    return new Promise((resolve) => finish.push(() => resolve(items.map((i) => `row ${i}`))));
  };
  return { groups, finish, commit };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

t.test('items that arrive while a group commits go together into the next one', async (t) => {
  const m = manualCommit();
  const q = new GroupCommit({ commit: m.commit, maxGroup: 100 });
  const first = q.submit(1);
  await tick();
  const waiting = [q.submit(2), q.submit(3), q.submit(4)];
  t.equal(q.pending, 3, 'three wait behind the first group');
  t.same(m.groups, [[1]], 'the first item went alone, at once');
  m.finish[0]!();
  t.equal(await first, 'row 1');
  await tick();
  t.same(m.groups, [[1], [2, 3, 4]], 'the three that waited share one commit');
  let resolved = false;
  void Promise.all(waiting).then(() => (resolved = true));
  await tick();
  t.equal(resolved, false, 'no caller resolves before its group committed');
  m.finish[1]!();
  t.same(await Promise.all(waiting), ['row 2', 'row 3', 'row 4'], 'each caller gets its own result');
  await q.settle();
  t.equal(q.pending, 0);
});

t.test('a group holds at most maxGroup items; the rest go in the next', async (t) => {
  const groups: number[][] = [];
  const q = new GroupCommit<number, number>({ commit: async (items) => (groups.push([...items]), items.map((i) => i * 10)), maxGroup: 2 });
  const hold = q.submit(0);
  const rest = [1, 2, 3, 4, 5].map((i) => q.submit(i));
  t.same(await Promise.all([hold, ...rest]), [0, 10, 20, 30, 40, 50]);
  t.same(groups, [[0], [1, 2], [3, 4], [5]]);
});

t.test('when a group fails, its items are retried one by one: only the bad one fails', async (t) => {
  const calls: number[][] = [];
  const q = new GroupCommit<number, string>({
    commit: async (items) => {
      calls.push([...items]);
      if (items.includes(13)) throw new Error(`item 13 breaks the transaction`);
      return items.map((i) => `ok ${i}`);
    },
    maxGroup: 10,
  });
  const first = q.submit(1);
  const group = [12, 13, 14].map((i) => q.submit(i));
  t.equal(await first, 'ok 1');
  const results = await Promise.allSettled(group);
  t.same(
    results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    ['ok 12', 'item 13 breaks the transaction', 'ok 14'],
  );
  t.same(calls, [[1], [12, 13, 14], [12], [13], [14]], 'the failed group, then each of its items alone');
});

t.test('an item that fails alone is rejected without a second attempt', async (t) => {
  let attempts = 0;
  const q = new GroupCommit<number, number>({
    commit: async () => {
      attempts++;
      throw new Error('disk full');
    },
    maxGroup: 10,
  });
  await t.rejects(q.submit(1), { message: 'disk full' });
  t.equal(attempts, 1);
  await q.settle();
  t.equal(q.pending, 0, 'the queue is usable again');
});

t.test('with a delay, the items of the next delayMs are committed together', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const groups: string[][] = [];
  const q = new GroupCommit<string, string>({ commit: async (items) => (groups.push([...items]), [...items]), maxGroup: 10, delayMs: 50 });
  const a = q.submit('a');
  await clock.tickAsync(30);
  const b = q.submit('b');
  t.same(groups, [], 'nothing is committed before the delay');
  await clock.tickAsync(20);
  t.same(await Promise.all([a, b]), ['a', 'b']);
  t.same(groups, [['a', 'b']], 'one commit for both');
  const c = q.submit('c');
  await clock.tickAsync(49);
  t.same(groups, [['a', 'b']], 'an idle queue waits the delay again');
  await clock.tickAsync(1);
  t.equal(await c, 'c');
  t.same(groups, [['a', 'b'], ['c']]);
});

t.test('settle waits until everything submitted so far is committed', async (t) => {
  const m = manualCommit();
  const q = new GroupCommit({ commit: m.commit, maxGroup: 100 });
  const done: string[] = [];
  void q.submit(1).then((r) => done.push(r));
  void q.submit(2).then((r) => done.push(r));
  let settled = false;
  const settling = q.settle().then(() => (settled = true));
  await tick();
  t.equal(settled, false);
  m.finish[0]!();
  await tick();
  t.equal(settled, false, 'the second group is still out');
  m.finish[1]!();
  await settling;
  t.same(done, ['row 1', 'row 2']);
});
