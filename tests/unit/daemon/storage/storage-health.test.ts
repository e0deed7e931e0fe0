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
  const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.parse('2026-12-01T02:00:00Z') });
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

t.test('an error retrying cannot fix fails at once, is counted as lost, and leaves the status as it was', async (t) => {
  const { health, changes } = rig(t);
  const w = failing(['SQLITE_CONSTRAINT'], 'never');
  await t.rejects(health.write('scan', w.fn), { code: 'SQLITE_CONSTRAINT' });
  t.equal(w.calls(), 1, 'not retried');
  t.match(health.status, { ok: true, lost: 1 });
  t.equal(changes(), 0);
  await t.rejects(
    health.write('scan', async () => {
      throw new Error('no code at all');
    }),
    /no code at all/,
  );
  t.equal(health.status.lost, 2);
});

t.test('past the retry window the write is given up, counted as lost, and the problem stays reported', async (t) => {
  const { clock, health } = rig(t, 1000);
  const w = failing(Array<string>(100).fill('SQLITE_FULL'), 'never');
  const done = health.write('scan', w.fn);
  const outcome = done.then(
    () => 'stored',
    (e: { code?: string }) => e.code,
  );
  await clock.tickAsync(5000);
  t.equal(await outcome, 'SQLITE_FULL');
  t.match(health.status, { ok: false, code: 'SQLITE_FULL', lost: 1 }, 'the disk is still full: health keeps saying so');
  t.equal(w.calls(), 6, 'tries at 0, 50, 150, 350 and 750 ms, and the one at 1550 ms that fails past the 1 s window');
});

t.test('the status names the SQLite driver in use when it is given (shown in /api/health)', async (t) => {
  const base = { log: createLogger('silent'), now: () => new Date(), retryForMs: 0, onChange: () => undefined };
  t.equal(new StorageHealth({ ...base, driver: 'node:sqlite' }).status.driver, 'node:sqlite');
  t.notOk('driver' in new StorageHealth(base).status, 'not given: not shown');
  const h = new StorageHealth({ ...base, driver: 'sqlite3' });
  await t.rejects(h.write('scan', () => Promise.reject(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT' }))));
  t.match(h.status, { driver: 'sqlite3', lost: 1 }, 'kept beside the other fields as they change');
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
  const result = health.write('scan', w.fn, () => void told++);
  await clock.tickAsync(1_000);
  t.equal(await result, 'stored');
  t.equal(told, 1, 'once, however many retries');
  let fine = 0;
  await health.write(
    'scan',
    async () => 1,
    () => void fine++,
  );
  t.equal(fine, 0, 'a write that goes through at once: never');
});
