// A locked database or a full disk must not lose a scan: the write is retried with backoff, the health
// report says what is wrong in Vietnamese and English while it lasts, and clears itself when a write
// goes through. A write that keeps failing past the retry window, or fails for a reason retrying
// cannot fix, is counted as lost and handed back to the caller. Fake timers: no real waiting.

import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import { createLogger } from '../../../../daemon/src/log.ts';
import { StorageHealth } from '../../../../daemon/src/storage/storage-health.ts';

const sqliteError = (code: string): Error => Object.assign(new Error(`${code}: database or disk is full`), { code });

function rig(t: Test, retryForMs = 10_000) {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.parse('2026-12-01T02:00:00Z') });
  t.teardown(() => clock.uninstall());
  let changes = 0;
  const health = new StorageHealth({ log: createLogger('silent'), now: () => new Date(), retryForMs, onChange: () => void changes++ });
  return { clock, health, changes: () => changes };
}

/** A write that fails with `codes` in turn, then succeeds with `result`. */
function failing<T>(codes: string[], result: T) {
  let calls = 0;
  return {
    fn: async (): Promise<T> => {
      const code = codes[calls++];
      if (code) throw sqliteError(code);
      return result;
    },
    calls: () => calls,
  };
}

t.test('all well: the write runs once and the status stays ok', async (t) => {
  const { health, changes } = rig(t);
  t.equal(await health.write('scan', async () => 42), 42);
  t.match(health.status, { ok: true, code: null, vi: 'Cơ sở dữ liệu hoạt động bình thường.', en: 'The database is working.', since: null, lost: 0 });
  t.equal(changes(), 0, 'nothing announced');
});

t.test('a full disk: retried with growing delays, reported while it lasts, cleared when the write goes through', async (t) => {
  const { clock, health, changes } = rig(t);
  const w = failing(['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL'], 'stored');
  const done = health.write('scan', w.fn);
  await clock.tickAsync(0);
  t.equal(w.calls(), 1);
  t.match(health.status, { ok: false, code: 'SQLITE_FULL', vi: /Ổ đĩa đầy/, en: /Disk full.*keeps retrying/, since: '2026-12-01T02:00:00.000Z', lost: 0 });
  t.equal(changes(), 1, 'announced once');
  await clock.tickAsync(49);
  t.equal(w.calls(), 1, 'the first retry waits 50 ms');
  await clock.tickAsync(1);
  t.equal(w.calls(), 2);
  await clock.tickAsync(99);
  t.equal(w.calls(), 2, 'then 100 ms');
  await clock.tickAsync(1);
  t.equal(w.calls(), 3);
  t.equal(changes(), 1, 'the same problem is not announced again');
  await clock.tickAsync(200);
  t.equal(await done, 'stored', 'the read is stored in the end');
  t.equal(w.calls(), 4);
  t.match(health.status, { ok: true, code: null, en: 'The database is working.', since: null, lost: 0 });
  t.equal(changes(), 2, 'the recovery is announced');
});

t.test('each transient error has its text; a change of cause is announced', async (t) => {
  const { clock, health, changes } = rig(t);
  const w = failing(['SQLITE_BUSY', 'SQLITE_IOERR', 'SQLITE_LOCKED'], 1);
  const done = health.write('scan', w.fn);
  await clock.tickAsync(0);
  t.match(health.status, { code: 'SQLITE_BUSY', vi: /đang bị khóa/, en: /locked by another program/ });
  await clock.tickAsync(50);
  t.match(health.status, {
    code: 'SQLITE_IOERR',
    vi: 'Lỗi ghi cơ sở dữ liệu; tiepnhan đang thử ghi lại.',
    en: 'Database write error; tiepnhan keeps retrying.',
  });
  await clock.tickAsync(100);
  t.match(health.status, { code: 'SQLITE_LOCKED' });
  t.equal(changes(), 3, 'one announcement per cause');
  await clock.tickAsync(200);
  await done;
  t.equal(health.status.ok, true);
});

t.test('the delay doubles up to two seconds', async (t) => {
  const { clock, health } = rig(t, 60_000);
  const w = failing(Array<string>(10).fill('SQLITE_BUSY'), 'ok');
  const done = health.write('scan', w.fn);
  const at: number[] = [];
  for (let ms = 0; ms <= 12_000; ms += 10) {
    const before = w.calls();
    await clock.tickAsync(10);
    if (w.calls() > before) at.push(ms + 10);
  }
  await done;
  const gaps = at.map((x, i) => x - (i === 0 ? 0 : at[i - 1]!));
  t.same(gaps, [50, 100, 200, 400, 800, 1600, 2000, 2000, 2000, 2000]);
});

t.test('an error retrying cannot fix fails at once, handed back to the caller, and leaves the status as it was', async (t) => {
  const { health, changes } = rig(t);
  const w = failing(['SQLITE_CONSTRAINT'], 'never');
  await t.rejects(health.write('scan', w.fn), { code: 'SQLITE_CONSTRAINT' });
  t.equal(w.calls(), 1, 'not retried');
  t.match(health.status, { ok: true });
  t.equal(changes(), 0);
  await t.rejects(
    health.write('scan', async () => {
      throw new Error('no code at all');
    }),
    /no code at all/,
  );
});

t.test('reads lost and not acknowledged are shown with the status, in words while the database works', async (t) => {
  let lost = 0;
  const h = new StorageHealth({ log: createLogger('silent'), now: () => new Date(), retryForMs: 0, onChange: () => undefined, lost: () => lost });
  t.match(h.status, { ok: true, lost: 0, en: 'The database is working.' });
  lost = 3;
  t.match(h.status, { ok: true, lost: 3, vi: /3 lượt đọc đã không lưu được/, en: /3 read\(s\) could not be stored.*acknowledges them on \/tech/ });
});

t.test("past the retry window a read's write is given up, and the problem stays reported", async (t) => {
  const { clock, health } = rig(t, 1000);
  const w = failing(Array<string>(100).fill('SQLITE_FULL'), 'never');
  const done = health.write('scan', w.fn, { givesUp: true });
  const outcome = done.then(
    () => 'stored',
    (e: { code?: string }) => e.code,
  );
  await clock.tickAsync(5000);
  t.equal(await outcome, 'SQLITE_FULL');
  t.match(health.status, { ok: false, code: 'SQLITE_FULL' }, 'the disk is still full: health keeps saying so');
  t.equal(w.calls(), 6, 'tries at 0, 50, 150, 350 and 750 ms, and the one at 1550 ms that fails past the 1 s window');
});

t.test('the status names the SQLite driver in use when it is given (shown in /api/health)', async (t) => {
  const base = { log: createLogger('silent'), now: () => new Date(), retryForMs: 0, onChange: () => undefined };
  t.equal(new StorageHealth({ ...base, driver: 'node:sqlite' }).status.driver, 'node:sqlite');
  t.notOk('driver' in new StorageHealth(base).status, 'not given: not shown');
  const h = new StorageHealth({ ...base, driver: 'sqlite3' });
  await t.rejects(h.write('scan', () => Promise.reject(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT' }))));
  t.match(h.status, { driver: 'sqlite3', lost: 0 }, 'kept beside the other fields as they change');
});

t.test('once closed (the daemon stopping), a waiting write gives up at its next failure', async (t) => {
  const { clock, health } = rig(t);
  const w = failing(['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL'], 'stored');
  const result = health.write('scan', w.fn).then(
    () => 'stored',
    (err: { code?: string }) => err.code,
  );
  await clock.tickAsync(60);
  t.equal(w.calls(), 2, 'retrying while the disk is full');
  health.close();
  await clock.tickAsync(200);
  t.equal(await result, 'SQLITE_FULL', 'handed back to the caller');
  t.equal(w.calls(), 3, 'no retry after that');
});

t.test('a write that has to wait says so once (the desk shows its read arrived)', async (t) => {
  const { clock, health } = rig(t);
  let told = 0;
  const w = failing(['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL'], 'stored');
  const result = health.write('scan', w.fn, { onWait: () => void told++ });
  await clock.tickAsync(1_000);
  t.equal(await result, 'stored');
  t.equal(told, 1, 'once, however many retries');
  let fine = 0;
  await health.write('scan', async () => 1, { onWait: () => void fine++ });
  t.equal(fine, 0, 'a write that goes through at once: never');
});

t.test('one queue: writes made while the disk is full wait behind the first and are stored in the order they came', async (t) => {
  const { clock, health } = rig(t, 60_000);
  let full = true;
  const stored: number[] = [];
  const tries: number[] = [];
  const write = (n: number): Promise<void> =>
    health.write(`read ${n}`, async () => {
      tries.push(n);
      if (full) throw sqliteError('SQLITE_FULL');
      stored.push(n);
    });
  const first = write(1);
  await clock.tickAsync(0);
  const rest = [2, 3, 4, 5].map(write);
  await clock.tickAsync(5_000);
  t.same([...new Set(tries)], [1], 'only the oldest write is tried while the disk stays full (one backoff, not one each)');
  t.equal(health.waiting, 5);
  full = false;
  await clock.tickAsync(2_000);
  await Promise.all([first, ...rest]);
  t.same(stored, [1, 2, 3, 4, 5], 'first in, first out');
  t.equal(health.waiting, 0);
  t.equal(health.status.ok, true);
  await write(6);
  t.same(stored.at(-1), 6, 'and a write after that runs at once');
});

t.test('a write that must be kept never gives up; a read behind it gives up after the retry window, unattempted', async (t) => {
  const { clock, health } = rig(t, 1000);
  let full = true;
  const answer = health.keep('lookup answer', async () => {
    if (full) throw sqliteError('SQLITE_FULL');
    return 'answer stored';
  });
  await clock.tickAsync(0);
  let readTried = 0;
  let toldWaiting = 0;
  const read = health
    .write(
      'event',
      async () => {
        readTried++;
        return 'read stored';
      },
      { givesUp: true, onWait: () => void toldWaiting++ },
    )
    .catch((e: { code?: string }) => `given up ${e.code}`);
  await clock.tickAsync(0);
  t.equal(toldWaiting, 1, 'a write queued while the disk is full is told at once that it waits');
  await clock.tickAsync(10_000);
  t.equal(await read, 'given up SQLITE_FULL', 'the read waited past storage.retryForMs: given up (the desk is told to scan again)');
  t.equal(readTried, 0, 'never run ahead of the older write');
  full = false;
  await clock.tickAsync(2_000);
  t.equal(await answer, 'answer stored', 'the kept write is stored when the disk accepts writes again, past the window');
});

t.test('closing while writes wait: each is tried once more and handed back at once, with no line each', async (t) => {
  const { clock, health } = rig(t);
  const tries: string[] = [];
  const fails = (what: string) => () => {
    tries.push(what);
    return Promise.reject(sqliteError('SQLITE_FULL'));
  };
  const results = ['a', 'b', 'c'].map((w) => health.keep(w, fails(w)).catch((e: { code?: string }) => e.code));
  await clock.tickAsync(0);
  health.close();
  await clock.tickAsync(0);
  t.same(await Promise.all(results), ['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL']);
  t.same(tries, ['a', 'b', 'c', 'a', 'b', 'c'].slice(0, tries.length), 'in order');
  t.equal(health.status.lost, 0, 'a stop is not a loss of the write path (the caller counts what it left)');
});

t.test('a write queued by the give-up of the last waiting one (the lost read) is not left behind the ending loop', async (t) => {
  const { clock, health } = rig(t, 1000);
  let full = true;
  let lossStored = false;
  const read = health.write('event', () => (full ? Promise.reject(sqliteError('SQLITE_FULL')) : Promise.resolve(1)), { givesUp: true });
  const loss = read.catch(() =>
    health.keep('lost read', async () => {
      if (full) throw sqliteError('SQLITE_FULL');
      lossStored = true;
    }),
  );
  await clock.tickAsync(5_000);
  t.equal(lossStored, false, 'still full');
  full = false;
  await clock.tickAsync(2_000);
  await loss;
  t.equal(lossStored, true, 'stored once space returned');
  t.equal(health.waiting, 0);
  t.equal(health.status.ok, true);
});
