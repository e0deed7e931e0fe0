// The reminder health shows a site without a hub: the last closed reporting period while it has not
// been submitted (with its due date, and "overdue" once that has passed), gone as soon as it is
// submitted; nothing on a new install or on a site whose hub reminds the district instead. Health is
// told only when the reminder changes, and it is kept current every 10 minutes
// (docs/reference/report-rules.md "Submitted copies").

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { createLogger } from '../../../../daemon/src/log.ts';
import { DEFAULT_PERIOD_CONFIG } from '../../../../daemon/src/reports/period-config.ts';
import { buildPhuLuc03 } from '../../../../daemon/src/reports/phu-luc-03.ts';
import { ReportReminder } from '../../../../daemon/src/reports/report-reminder.ts';
import { SubmissionStore } from '../../../../daemon/src/reports/submissions.ts';
import type { ReportSource } from '../../../../daemon/src/reports/types.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { sqlClientOf } from '../../../../daemon/src/storage/sql-client.ts';
import { StatusSignal } from '../../../../daemon/src/vocabulary/status-signal.ts';

/** 11 March 2026, 09:00 in Vietnam: the period 10 February – 9 March is closed, due by 12 March. */
const MAR_11 = Date.parse('2026-03-11T02:00:00Z');
const FEB_PERIOD = { from: '2026-02-10', to: '2026-03-09', submitBy: '2026-03-12' };

/** One migrated SQLite file for the whole file (the subtests run one after another); each rig empties the submissions. Synchronous NORMAL:
 *  a test needs no power-cut durability, and skipping the fsyncs keeps it fast. */
let shared: Promise<Db> | null = null;
function database(): Promise<Db> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-remind-'));
    const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
    t.teardown(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });
    await migrate(db);
    return db;
  })();
  return shared;
}

async function rig(o: { enabled?: boolean; firstDay?: string | null } = {}) {
  const db = await database();
  await db.run('DELETE FROM report_submissions');
  const store = new SubmissionStore(sqlClientOf(db));
  const clock = { now: MAR_11 };
  const status = new StatusSignal();
  const heard: string[] = [];
  status.on((s) => void heard.push(s));
  const lines: Array<Record<string, unknown>> = [];
  let firstDay: () => Promise<string | null> = async () => (o.firstDay === undefined ? '2025-11-03' : o.firstDay);
  const reminder = new ReportReminder({
    submissions: store,
    firstDay: () => firstDay(),
    periods: DEFAULT_PERIOD_CONFIG,
    enabled: o.enabled ?? true,
    now: () => new Date(clock.now),
    log: createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) }),
    status,
  });
  /** The officer submits the February period's report. */
  const submit = async (): Promise<void> => {
    const src: ReportSource = { facilities: async () => [], stationTotals: async () => [] };
    const report = await buildPhuLuc03(src, { from: FEB_PERIOD.from, to: FEB_PERIOD.to, cumulativeSince: '2026-01-10', now: new Date(clock.now) });
    await store.submit(report, Buffer.from('xlsx'), 'Nguyễn Thị Hoa (admin-1)', new Date(clock.now));
  };
  const failFirstDay = (err: Error | null): void => {
    firstDay = err ? () => Promise.reject(err) : async () => '2025-11-03';
  };
  return { reminder, clock, heard, lines, submit, failFirstDay };
}

t.test('a closed period not yet submitted: reminded with its due date, overdue after it, gone once submitted', async (t) => {
  const r = await rig();
  t.equal(r.reminder.name, 'report-reminder');
  t.equal(r.reminder.current(), null, 'nothing known before the first refresh');
  await r.reminder.refresh();
  t.same(r.reminder.current(), { ...FEB_PERIOD, overdue: false });
  t.same(r.heard, ['report-reminder'], 'health is told');

  await r.reminder.refresh();
  t.same(r.heard, ['report-reminder'], 'the same reminder again: health is not told twice');

  r.clock.now = Date.parse('2026-03-12T16:59:00Z');
  await r.reminder.refresh();
  t.same(r.reminder.current(), { ...FEB_PERIOD, overdue: false }, '23:59 on 12 March in Vietnam: still on time');
  r.clock.now = Date.parse('2026-03-12T17:00:00Z');
  await r.reminder.refresh();
  t.same(r.reminder.current(), { ...FEB_PERIOD, overdue: true }, '00:00 on 13 March in Vietnam: overdue');
  t.same(r.heard, ['report-reminder', 'report-reminder']);

  await r.submit();
  await r.reminder.refresh();
  t.equal(r.reminder.current(), null, 'submitted: no reminder');
  t.equal(r.heard.length, 3, 'health is told it is gone');
});

t.test('a new install with nothing counted, or counting only since after the period, is not reminded', async (t) => {
  for (const firstDay of [null, '2026-03-10']) {
    const r = await rig({ firstDay });
    await r.reminder.refresh();
    t.equal(r.reminder.current(), null, `first counted day ${String(firstDay)}`);
    t.same(r.heard, [], 'health is not told of a change that did not happen');
  }
  const r = await rig({ firstDay: '2026-03-09' });
  await r.reminder.refresh();
  t.same(r.reminder.current(), { ...FEB_PERIOD, overdue: false }, 'counting on the period’s last day is enough');
});

t.test('a site with a hub is never reminded (the hub reminds the district)', async (t) => {
  const r = await rig({ enabled: false });
  await r.reminder.start();
  t.equal(r.reminder.current(), null);
  t.same(r.heard, []);
  await r.reminder.stop();
});

t.test('started, it refreshes at once and every 10 minutes; a failure is logged and the next refresh goes on', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const r = await rig();
  await r.reminder.start();
  t.same(r.reminder.current(), { ...FEB_PERIOD, overdue: false }, 'known as soon as start returns');

  r.clock.now = Date.parse('2026-03-13T02:00:00Z');
  r.failFirstDay(new Error('database is locked'));
  await clock.tickAsync(10 * 60_000);
  t.match(r.lines, [{ msg: 'report reminder failed', err: 'database is locked' }], 'the failure is logged');
  t.same(r.reminder.current(), { ...FEB_PERIOD, overdue: false }, 'the last known reminder stays');

  r.failFirstDay(null);
  await clock.tickAsync(10 * 60_000 - 1);
  t.same(r.reminder.current(), { ...FEB_PERIOD, overdue: false }, 'not before 10 minutes');
  await clock.tickAsync(1);
  await r.reminder.stop();
  t.same(r.reminder.current(), { ...FEB_PERIOD, overdue: true }, 'the next refresh sees it overdue');

  await r.submit();
  await clock.tickAsync(60 * 60_000);
  t.same(r.reminder.current(), { ...FEB_PERIOD, overdue: true }, 'stopped: not refreshed any more');
});
