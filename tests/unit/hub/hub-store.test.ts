// The district hub's store, on a SQLite file (the PostgreSQL path runs the same SQL; the integration
// tests cover it): what a site's push leaves behind. Counters are absolute per site, day and place,
// so a repeated or late push never double-counts; the inventory shown is each site's newest (and, for
// a past period, the one of its last day); a site may push only its own facilities, and a refused push
// stores nothing. The district office's report is built on these totals.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { HubPush } from '../../../daemon/src/api/hub-push.ts';
import type { DailyCounterRow, FacilityInventory, StationInventory } from '../../../daemon/src/api/report.ts';
import { openSql } from '../../../daemon/src/storage/sql-client.ts';
import { HubStore, TenancyError, type Tenancy } from '../../../hub/src/hub-store.ts';

async function openStore(t: Test): Promise<{ store: HubStore; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const file = join(dir, 'hub.sqlite');
  const store = await HubStore.open(await openSql(`sqlite:${file}`));
  t.teardown(async () => {
    await store.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return { store, file };
}

const station = (id: string, name = `Khu tiếp đón ${id}`): StationInventory => ({
  id,
  name,
  kind: 'facility',
  desks: ['quay-1'],
  scanners: [{ id: `${id}-scanner`, desk: 'quay-1', mode: 'serial', status: 'working', statusSource: 'telemetry', reason: null, lastOnline: null }],
  needed: 0,
  neededReason: null,
});
const facility = (id: string, stations: StationInventory[] = [station('tiep-don')], name = `Trung tâm Y tế ${id}`): FacilityInventory => ({
  id,
  name,
  province: 'Hà Nội',
  sector: 'public',
  tier: 'district',
  order: 1,
  stations,
});
const row = (day: string, c: Partial<DailyCounterRow> = {}): DailyCounterRow => ({
  day,
  facilityId: '01001',
  stationId: 'tiep-don',
  deviceId: 'sim-1',
  deskId: 'quay-1',
  scans: 10,
  searches: 2,
  successes: 11,
  errors: 1,
  ...c,
});
const push = (siteId: string, sentAt: string, f: FacilityInventory, counters: DailyCounterRow[]): HubPush => ({ siteId, sentAt, facility: f, counters });
const AT = new Date('2026-03-05T03:00:00.000Z');

t.test('a repeated push changes nothing; a later one with new absolute numbers replaces, never adds', async (t) => {
  const { store } = await openStore(t);
  const p = push('tay-ho', '2026-03-05T02:00:00.000Z', facility('01001'), [
    row('2026-03-04'),
    row('2026-03-05', { scans: 3, successes: 3, errors: 0, searches: 0 }),
  ]);
  t.same(await store.ingest(p, AT), { rows: 2 });
  const once = await store.dumpCounters();
  await store.ingest(p, AT);
  t.same(await store.dumpCounters(), once, 'the same push twice: the same rows');
  t.equal(once.length, 2);
  await store.ingest(
    push('tay-ho', '2026-03-05T09:00:00.000Z', facility('01001'), [row('2026-03-05', { scans: 40, successes: 38, errors: 2, searches: 0 })]),
    AT,
  );
  t.same(
    await store.stationTotals('2026-03-05', '2026-03-05'),
    [{ facilityId: '01001', stationId: 'tiep-don', scans: 40, searches: 0, successes: 38, errors: 2 }],
    "the day's numbers as last pushed",
  );
  t.same(
    await store.stationTotals('2026-03-04', '2026-03-05'),
    [{ facilityId: '01001', stationId: 'tiep-don', scans: 50, searches: 2, successes: 49, errors: 3 }],
    'the day not pushed again is kept',
  );
});

t.test('station totals: devices, desks, days and sites summed per station, only the days asked', async (t) => {
  const { store } = await openStore(t);
  const f = facility('01001', [station('tiep-don'), station('khoa-nhi')]);
  await store.ingest(
    push('tay-ho', '2026-03-05T02:00:00.000Z', f, [
      row('2026-03-01', { deviceId: 'sim-1' }),
      row('2026-03-01', { deviceId: 'manual@quay-2', deskId: 'quay-2', scans: 0, searches: 5, successes: 5, errors: 0 }),
      row('2026-03-02', { deviceId: 'sim-1', scans: 1, searches: 0, successes: 1, errors: 0 }),
      row('2026-03-02', { stationId: 'khoa-nhi', scans: 7, searches: 0, successes: 6, errors: 1 }),
      row('2026-02-28', { scans: 1000, successes: 1000, errors: 0 }),
      row('2026-03-03', { scans: 2000, successes: 2000, errors: 0 }),
    ]),
    AT,
  );
  // A second site counting at the same facility and station (a second building's PC).
  await store.ingest(
    push('tay-ho-2', '2026-03-05T02:00:00.000Z', f, [row('2026-03-02', { deviceId: 'sim-9', scans: 4, searches: 0, successes: 4, errors: 0 })]),
    AT,
  );
  const totals = (await store.stationTotals('2026-03-01', '2026-03-02')).sort((a, b) => a.stationId.localeCompare(b.stationId));
  t.same(totals, [
    { facilityId: '01001', stationId: 'khoa-nhi', scans: 7, searches: 0, successes: 6, errors: 1 },
    { facilityId: '01001', stationId: 'tiep-don', scans: 15, searches: 7, successes: 21, errors: 1 },
  ]);
  t.same(await store.stationTotals('2026-04-01', '2026-04-30'), [], 'no rows, no totals');
  t.equal(await store.firstDay(), '2026-02-28', 'the earliest day any site counted');
});

t.test('the breakdown behind "Lỗi": summed when sites send it, absent (unknown) when they do not', async (t) => {
  const { store } = await openStore(t);
  const breakdown = { pending: 1, errorsRead: 2, errorsValidation: 0, lookupNotCovered: 3, lookupInput: 0, lookupIdentity: 1, lookupOther: 0 };
  await store.ingest(push('tay-ho', '2026-03-05T02:00:00.000Z', facility('01001'), [row('2026-03-01', breakdown), row('2026-03-02', breakdown)]), AT);
  await store.ingest(push('ba-dinh', '2026-03-05T02:00:00.000Z', facility('01002'), [row('2026-03-01', { facilityId: '01002' })]), AT);
  const totals = await store.stationTotals('2026-03-01', '2026-03-31');
  t.same(
    totals.find((s) => s.facilityId === '01001'),
    {
      facilityId: '01001',
      stationId: 'tiep-don',
      scans: 20,
      searches: 4,
      successes: 22,
      errors: 2,
      pending: 2,
      errorsRead: 4,
      errorsValidation: 0,
      lookupNotCovered: 6,
      lookupInput: 0,
      lookupIdentity: 2,
      lookupOther: 0,
      lostReads: 0,
      chipReads: 0,
    },
    'a site that sends the other causes but not lostReads or chipReads (none, or older than v14 / v18): 0 of each',
  );
  t.same(
    totals.find((s) => s.facilityId === '01002'),
    { facilityId: '01002', stationId: 'tiep-don', scans: 10, searches: 2, successes: 11, errors: 1 },
    'a site older than v8: no causes, rather than zeros',
  );
  await store.ingest(push('tay-ho', '2026-03-06T02:00:00.000Z', facility('01001'), [row('2026-03-03', { ...breakdown, lostReads: 3 })]), AT);
  t.match(
    (await store.stationTotals('2026-03-01', '2026-03-31')).find((s) => s.facilityId === '01001'),
    { lostReads: 3 },
    'lost reads sent: summed',
  );
  await store.ingest(push('tay-ho', '2026-03-06T03:00:00.000Z', facility('01001'), [row('2026-03-04', { ...breakdown, chipReads: 2 })]), AT);
  t.match(
    (await store.stationTotals('2026-03-01', '2026-03-31')).find((s) => s.facilityId === '01001'),
    { chipReads: 2 },
    'chip reads sent: summed',
  );
});

t.test('a push of more rows than one INSERT takes is stored whole', async (t) => {
  const { store } = await openStore(t);
  const rows = Array.from({ length: 950 }, (_, i) => row('2026-03-01', { deviceId: `scanner-${i}`, scans: 1, searches: 0, successes: 1, errors: 0 }));
  t.same(await store.ingest(push('tay-ho', '2026-03-05T02:00:00.000Z', facility('01001'), rows), AT), { rows: 950 });
  t.equal((await store.dumpCounters()).length, 950);
  t.match(await store.stationTotals('2026-03-01', '2026-03-01'), [{ scans: 950, successes: 950 }]);
});

t.test("the inventory shown is the site's newest; a late-arriving older push updates only when it was received", async (t) => {
  const { store } = await openStore(t);
  await store.ingest(push('tay-ho', '2026-03-05T02:00:00.000Z', facility('01001', [station('tiep-don')], 'TTYT Tây Hồ'), []), new Date('2026-03-05T02:00:01Z'));
  await store.ingest(
    push('tay-ho', '2026-03-06T02:00:00.000Z', facility('01001', [station('tiep-don')], 'Trung tâm Y tế quận Tây Hồ'), []),
    new Date('2026-03-06T02:00:01Z'),
  );
  // Queued during an outage and delivered last: older than what the hub has.
  await store.ingest(push('tay-ho', '2026-03-04T02:00:00.000Z', facility('01001', [station('tiep-don')], 'Tên cũ'), []), new Date('2026-03-07T08:00:00Z'));
  t.same(await store.sites(), [
    {
      siteId: 'tay-ho',
      facilityId: '01001',
      facilityName: 'Trung tâm Y tế quận Tây Hồ',
      snapshotAt: '2026-03-06T02:00:00.000Z',
      lastPushAt: '2026-03-07T08:00:00.000Z',
    },
  ]);
  t.equal((await store.facilities())[0]!.name, 'Trung tâm Y tế quận Tây Hồ');
});

t.test('facilities: sites sharing a facility contribute their stations; a past period uses the inventory of its last day', async (t) => {
  const { store } = await openStore(t);
  // 18:00 UTC is 01:00 the next day in Vietnam: these are the inventories of 2 and 11 March.
  await store.ingest(push('tay-ho', '2026-03-01T18:00:00.000Z', facility('01001', [station('tiep-don')]), []), AT);
  await store.ingest(push('tay-ho', '2026-03-10T18:00:00.000Z', facility('01001', [station('tiep-don'), station('khoa-nhi')]), []), AT);
  await store.ingest(push('tay-ho-2', '2026-03-10T18:00:00.000Z', facility('01001', [station('co-so-2')]), []), AT);
  await store.ingest(push('ba-dinh', '2026-03-20T03:00:00.000Z', facility('01002'), []), AT);
  const stationsOf = (fs: FacilityInventory[]) => Object.fromEntries(fs.map((f) => [f.id, f.stations.map((s) => s.id).sort()]));
  t.same(stationsOf(await store.facilities()), { '01001': ['co-so-2', 'khoa-nhi', 'tiep-don'], '01002': ['tiep-don'] }, 'now: every site’s newest');
  t.same(
    stationsOf(await store.facilities('2026-03-05')),
    { '01001': ['co-so-2', 'tiep-don'], '01002': ['tiep-don'] },
    'as of 5 March: Tây Hồ as on 2 March (no khoa-nhi yet); tay-ho-2 and Ba Đình had not pushed yet and give their first',
  );
  t.same(stationsOf(await store.facilities('2026-03-02')), stationsOf(await store.facilities('2026-03-05')), 'the Vietnam day of the push counts');
  t.same(stationsOf(await store.facilities('2026-03-01')), stationsOf(await store.facilities('2026-03-05')), 'before any push: each site’s first');
  t.same(stationsOf(await store.facilities('2026-03-11')), stationsOf(await store.facilities()), 'as of 11 March: the newer inventory');
});

t.test('tenancy: a site pushes only its listed facilities, or those bound to it at its first push; a refusal stores nothing', async (t) => {
  const { store } = await openStore(t);
  const listed: Record<string, string[]> = { 'tay-ho': ['01001'] };
  const tenancy: Tenancy = {
    listedFor: (site) => listed[site] ?? null,
    listedOwners: (f) => Object.keys(listed).filter((s) => listed[s]!.includes(f)),
  };
  const refused = async (what: string, p: HubPush, facilityId: string) => {
    const before = { counters: await store.dumpCounters(), sites: await store.sites() };
    await t.rejects(store.ingest(p, AT, tenancy), new TenancyError(facilityId), what);
    t.same({ counters: await store.dumpCounters(), sites: await store.sites() }, before, `${what}: nothing stored`);
  };
  const sent = '2026-03-05T02:00:00.000Z';
  await store.ingest(push('tay-ho', sent, facility('01001'), [row('2026-03-04')]), AT, tenancy);
  await refused('a listed site naming another facility in its inventory', push('tay-ho', sent, facility('01009'), []), '01009');
  await refused(
    'a listed site naming another facility in a counter row',
    push('tay-ho', sent, facility('01001'), [row('2026-03-04', { facilityId: '01009' })]),
    '01009',
  );
  await refused("an unlisted site naming a listed site's facility", push('ba-dinh', sent, facility('01001'), []), '01001');
  await store.ingest(push('ba-dinh', sent, facility('01002'), [row('2026-03-04', { facilityId: '01002' })]), AT, tenancy);
  t.same(
    await store.ingest(push('ba-dinh', sent, facility('01002'), []), AT, tenancy),
    { rows: 0 },
    'an unlisted site binds its facility at its first push and keeps pushing it',
  );
  await refused('another unlisted site naming that bound facility', push('long-bien', sent, facility('01002'), []), '01002');
  t.equal((await store.sites()).length, 2);
  t.equal(new TenancyError('01009').message, 'facility 01009 belongs to another site');
  await store.ingest(push('long-bien', sent, facility('01002'), []), AT);
  t.equal((await store.sites()).length, 3, 'without a tenancy, nothing is checked');
  const empty: Tenancy = { listedFor: () => null, listedOwners: () => [] };
  await t.rejects(store.ingest(push('hoan-kiem', sent, facility('01002'), []), AT, empty), TenancyError, 'an empty tenancy still honours the bindings');
});

t.test('reopening the same file keeps everything (the hub restarted after an upgrade)', async (t) => {
  const { store, file } = await openStore(t);
  t.equal(store.dialect, 'sqlite');
  t.equal(await store.firstDay(), null, 'nothing counted yet');
  await store.ingest(push('tay-ho', '2026-03-05T02:00:00.000Z', facility('01001'), [row('2026-03-04', { pending: 1 })]), AT);
  const before = await store.dumpCounters();
  await store.close();
  const again = await HubStore.open(await openSql(`sqlite:${file}`));
  t.teardown(() => again.close());
  t.same(await again.dumpCounters(), before, 'the same rows, breakdown columns not added twice');
  t.equal(await again.firstDay(), '2026-03-04');
  t.same(await again.submissions.list(), [], 'the submissions table is there');
});
