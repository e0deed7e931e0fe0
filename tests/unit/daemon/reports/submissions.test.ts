// Submitted copies of the district report, over a real SQLite file: what was sent is kept unchanged
// (the figures and the exact XLSX bytes with their SHA-256), a recomputation is compared with it cell
// by cell on the seed's columns, and a closed period still unsubmitted gives the officer a reminder
// with its due date (docs/reference/report-rules.md "Submitted copies").

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { buildPhuLuc03, type PhuLuc03 } from '../../../../daemon/src/reports/phu-luc-03.ts';
import { differences, submissionReminder, SubmissionStore } from '../../../../daemon/src/reports/submissions.ts';
import type { FacilityInventory, ReportSource, StationCounts } from '../../../../daemon/src/reports/types.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { sqlClientOf } from '../../../../daemon/src/storage/sql-client.ts';

async function openDb(t: Test, migrated: boolean): Promise<Db> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const db = await Db.open(join(dir, 'tiepnhan.sqlite'));
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  if (migrated) await migrate(db);
  return db;
}

const facility = (id: string, name: string, order: number): FacilityInventory => ({
  id,
  name,
  province: '',
  sector: 'public',
  tier: 'district',
  order,
  stations: [{ id: 'main', name: 'main', kind: 'facility', desks: [], scanners: [], needed: 1, neededReason: null }],
});
const c = (facilityId: string, scans: number, errors: number, extra: Partial<StationCounts> = {}): StationCounts => ({
  facilityId,
  stationId: 'main',
  scans,
  searches: 0,
  successes: scans - errors,
  errors,
  ...extra,
});

function report(facilities: FacilityInventory[], counts: StationCounts[], period = { from: '2026-11-10', to: '2026-12-09' }): Promise<PhuLuc03> {
  const src: ReportSource = { facilities: async () => facilities, stationTotals: async () => counts };
  return buildPhuLuc03(src, { ...period, cumulativeSince: '2026-11-10', now: new Date('2026-12-10T02:00:00Z') });
}

const BINH_SON = facility('D1', 'Trung tâm Y tế huyện Bình Sơn', 1);
const BA_TO = facility('D10', 'Trung tâm Y tế huyện Ba Tơ', 10);

t.test('a submission keeps the figures and the XLSX bytes exactly, with who, when and the SHA-256', async (t) => {
  const store = new SubmissionStore(sqlClientOf(await openDb(t, true)));
  const r = await report([BINH_SON], [c('D1', 2199, 12)]);
  const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x80, 0x0a, 0x0d]);
  const s = await store.submit(r, xlsx, 'Nguyễn Thị Hoa (admin-1)', new Date('2026-12-11T02:00:00Z'));
  t.match(s, {
    from: '2026-11-10',
    to: '2026-12-09',
    submittedAt: '2026-12-11T02:00:00.000Z',
    submittedBy: 'Nguyễn Thị Hoa (admin-1)',
    checksum: createHash('sha256').update(xlsx).digest('hex'),
  });
  t.same(s.totals, { accesses: 2199, scans: 2199, searches: 0, successes: 2187, errors: 12 }, 'the province totals, for the list');
  t.match(s.id, /^[0-9a-f-]{36}$/);
  const copy = await store.copy(s.id);
  t.ok(copy?.xlsx.equals(xlsx), 'the XLSX bytes come back unchanged');
  t.same(copy?.report, r, 'the figures come back unchanged');
  t.same(await store.get(s.id), s);
  t.equal(await store.get('no-such-id'), null);
  t.equal(await store.copy('no-such-id'), null);
});

t.test('the list is newest first; latestFor finds the newest copy of exactly that period', async (t) => {
  const store = new SubmissionStore(sqlClientOf(await openDb(t, true)));
  const nov = await report([BINH_SON], [c('D1', 10, 0)]);
  const oct = await report([BINH_SON], [c('D1', 5, 0)], { from: '2026-10-10', to: '2026-11-09' });
  const first = await store.submit(nov, Buffer.from('v1'), 'Hoa', new Date('2026-12-11T02:00:00Z'));
  const older = await store.submit(oct, Buffer.from('oct'), 'Hoa', new Date('2026-11-11T02:00:00Z'));
  const second = await store.submit(nov, Buffer.from('v2'), 'Lan', new Date('2026-12-12T02:00:00Z'));
  t.same(
    (await store.list()).map((s) => s.id),
    [second.id, first.id, older.id],
  );
  t.equal((await store.latestFor('2026-11-10', '2026-12-09'))?.id, second.id);
  t.equal((await store.latestFor('2026-10-10', '2026-11-09'))?.id, older.id);
  t.equal(await store.latestFor('2026-11-10', '2026-11-30'), null, 'a different range is not that period');
  t.ok((await store.copy(first.id))?.xlsx.equals(Buffer.from('v1')), 'an earlier copy of the same period is still kept');
});

t.test('open creates the table on a database that has none (the hub)', async (t) => {
  const sql = sqlClientOf(await openDb(t, false));
  const store = await SubmissionStore.open(sql);
  t.same(await store.list(), []);
  await store.submit(await report([BINH_SON], []), Buffer.from('x'), 'Hoa', new Date('2026-12-11T00:00:00Z'));
  t.equal((await (await SubmissionStore.open(sql)).list()).length, 1, 'opening again keeps what is there');
});

t.test('differences: every changed cell of the seed columns, units matched by id, subtotals by place', async (t) => {
  const before = await report([BINH_SON, BA_TO], [c('D1', 100, 2), c('D10', 50, 5)]);
  t.same(differences(before, before), [], 'the same figures: nothing');

  const later = await report([BINH_SON, BA_TO], [c('D1', 100, 2), c('D10', 53, 4, { lookupNotCovered: 4 })]);
  t.same(differences(before, later), [
    { row: 'Tổng cộng', facilityId: null, column: 'accesses', submitted: 150, now: 153 },
    { row: 'Tổng cộng', facilityId: null, column: 'scans', submitted: 150, now: 153 },
    { row: 'Tổng cộng', facilityId: null, column: 'successes', submitted: 143, now: 147 },
    { row: 'Tổng cộng', facilityId: null, column: 'errors', submitted: 7, now: 6 },
    { row: 'Tổng cộng', facilityId: null, column: 'cumulative', submitted: 150, now: 153 },
    { row: 'Y tế công lập', facilityId: null, column: 'accesses', submitted: 150, now: 153 },
    { row: 'Y tế công lập', facilityId: null, column: 'scans', submitted: 150, now: 153 },
    { row: 'Y tế công lập', facilityId: null, column: 'successes', submitted: 143, now: 147 },
    { row: 'Y tế công lập', facilityId: null, column: 'errors', submitted: 7, now: 6 },
    { row: 'Y tế công lập', facilityId: null, column: 'cumulative', submitted: 150, now: 153 },
    { row: 'Tuyến huyện - xã', facilityId: null, column: 'accesses', submitted: 150, now: 153 },
    { row: 'Tuyến huyện - xã', facilityId: null, column: 'scans', submitted: 150, now: 153 },
    { row: 'Tuyến huyện - xã', facilityId: null, column: 'successes', submitted: 143, now: 147 },
    { row: 'Tuyến huyện - xã', facilityId: null, column: 'errors', submitted: 7, now: 6 },
    { row: 'Tuyến huyện - xã', facilityId: null, column: 'cumulative', submitted: 150, now: 153 },
    { row: 'Trung tâm Y tế huyện Ba Tơ', facilityId: 'D10', column: 'accesses', submitted: 50, now: 53 },
    { row: 'Trung tâm Y tế huyện Ba Tơ', facilityId: 'D10', column: 'scans', submitted: 50, now: 53 },
    { row: 'Trung tâm Y tế huyện Ba Tơ', facilityId: 'D10', column: 'successes', submitted: 45, now: 49 },
    { row: 'Trung tâm Y tế huyện Ba Tơ', facilityId: 'D10', column: 'errors', submitted: 5, now: 4 },
    { row: 'Trung tâm Y tế huyện Ba Tơ', facilityId: 'D10', column: 'cumulative', submitted: 50, now: 53 },
  ]);
});

t.test('differences: a unit added above shifts the numbering but changes no figure of the others', async (t) => {
  const before = await report([BINH_SON, BA_TO], [c('D1', 100, 2), c('D10', 50, 5)]);
  const added = await report([facility('D0', 'Bệnh viện Đa khoa khu vực', 0), BINH_SON, BA_TO], [c('D0', 7, 0), c('D1', 100, 2), c('D10', 50, 5)]);
  const diff = differences(before, added);
  t.same(
    [...new Set(diff.map((d) => d.row))],
    ['Tổng cộng', 'Y tế công lập', 'Tuyến huyện - xã', 'Bệnh viện Đa khoa khu vực'],
    'Bình Sơn (now STT 2) and Ba Tơ are unchanged',
  );
  t.match(
    diff.filter((d) => d.facilityId === 'D0'),
    [
      { column: 'accesses', submitted: 0, now: 7 },
      { column: 'scans', submitted: 0, now: 7 },
      { column: 'successes', submitted: 0, now: 7 },
      { column: 'cumulative', submitted: 0, now: 7 },
      { column: 'scannersNeeded', submitted: 0, now: 1 },
    ],
    'a new unit is compared with nothing: its figures were 0',
  );
});

t.test('differences: the breakdown beside the seed columns is not compared', async (t) => {
  const before = await report([BINH_SON], [c('D1', 100, 2)]);
  const explained = await report([BINH_SON], [c('D1', 100, 2, { errorsRead: 2, pending: 3 })]);
  t.same(differences(before, explained), [], 'causes found and lookups pending later change no submitted figure');
});

t.test('the reminder: the last closed period, due by the configured day, until it is submitted', async (t) => {
  const store = new SubmissionStore(sqlClientOf(await openDb(t, true)));
  const cfg = { periodStartDay: 10, submitByDay: 12 };
  const since = (day: string | null) => async () => day;
  const cases: Array<[string, string, typeof cfg, string | null, object | null]> = [
    ['on the 11th: due on the 12th', '2026-12-11', cfg, '2026-01-05', { from: '2026-11-10', to: '2026-12-09', submitBy: '2026-12-12', overdue: false }],
    ['on the 12th itself: not yet overdue', '2026-12-12', cfg, '2026-01-05', { submitBy: '2026-12-12', overdue: false }],
    ['on the 13th: overdue', '2026-12-13', cfg, '2026-01-05', { submitBy: '2026-12-12', overdue: true }],
    ['on the 10th a period has just closed', '2026-12-10', cfg, '2026-01-05', { from: '2026-11-10', to: '2026-12-09', overdue: false }],
    [
      'on the 9th the previous one is still the last closed',
      '2026-12-09',
      cfg,
      '2026-01-05',
      { from: '2026-10-10', to: '2026-11-09', submitBy: '2026-11-12', overdue: true },
    ],
    ['across the new year', '2027-01-15', cfg, '2026-01-05', { from: '2026-12-10', to: '2027-01-09', submitBy: '2027-01-12', overdue: true }],
    [
      'calendar months',
      '2026-12-05',
      { periodStartDay: 1, submitByDay: 12 },
      '2026-01-05',
      { from: '2026-11-01', to: '2026-11-30', submitBy: '2026-12-12', overdue: false },
    ],
    [
      'a due day inside the next period moves to the month after',
      '2026-12-25',
      { periodStartDay: 20, submitByDay: 12 },
      '2026-01-05',
      { from: '2026-11-20', to: '2026-12-19', submitBy: '2027-01-12', overdue: false },
    ],
    ['counting began on the period’s last day: it is due', '2026-12-11', cfg, '2026-12-09', { from: '2026-11-10' }],
    ['counting began after the period: nothing to report', '2026-12-11', cfg, '2026-12-10', null],
    ['nothing counted yet (a new install)', '2026-12-11', cfg, null, null],
  ];
  for (const [what, today, c, first, expected] of cases) {
    const got = await submissionReminder(store, today, c, since(first));
    if (expected === null) t.equal(got, null, what);
    else t.match(got, expected, what);
  }
  await store.submit(await report([BINH_SON], []), Buffer.from('x'), 'Hoa', new Date('2026-12-11T02:00:00Z'));
  t.equal(await submissionReminder(store, '2026-12-13', cfg, since('2026-01-05')), null, 'once submitted, no reminder');
  t.match(await submissionReminder(store, '2027-01-13', cfg, since('2026-01-05')), { from: '2026-12-10', overdue: true }, 'the next period is due in turn');
});
