// Manual search at a desk, over a real SQLite file: what the receptionist types finds a patient this
// site has read before (by ID, old CMND, BHYT code, BHXH number, or name and date of birth), and is
// then stored, counted and checked exactly like a scan, on the desk's `manual@<desk>` device. A number
// seen for the first time needs the name and date of birth the gateway asks for, and nothing is
// stored or counted until they are given; several people under one name are never guessed between.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { nameKey } from '../../../../daemon/src/parse/name-key.ts';
import { RecentReads } from '../../../../daemon/src/pipeline/recent-reads.ts';
import { ScanPipeline } from '../../../../daemon/src/pipeline/scan-pipeline.ts';
import { SEARCH_MESSAGES, SearchService, type SearchOutcome } from '../../../../daemon/src/search/search-service.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo } from '../../../../daemon/src/storage/events-repo.ts';
import { loadIdHasher } from '../../../../daemon/src/storage/id-hash.ts';
import { IdentityLookup } from '../../../../daemon/src/storage/identity-lookup.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { writeAtOnce } from '../../../helpers/write-at-once.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
// Another Nguyễn Văn An born the same day: same name and birthday, another person.
const AN_2 = '036089054321||Nguyễn Văn An|15031989|Nam|Xóm 2, Xã Hải Minh, Huyện Hải Hậu, Nam Định|05122021';
const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');
// The paper BHYT card of Lê Thị Hường (docs/research/qr-formats.md §3.5).
const HUONG_BHYT = `HS4380123456789|${hex('Lê Thị Hường')}|30/04/1996|2|${hex('Thanh Hóa')}|38 - 001|01/01/2026|31/12/2026|02/01/2026|01234567890123|-|4|01/01/2020|0123abcd4567ef89-1234|$`;

async function rig(t: Test) {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const db = await Db.open(join(dir, 'db.sqlite'));
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  await migrate(db);
  const hashId = await loadIdHasher(dir);
  const hashName = (name: string): string => hashId(`name:${nameKey(name)}`);
  const counted: string[] = [];
  const checked: string[] = [];
  const log = createLogger('silent');
  const pipeline = new ScanPipeline({
    repo: new EventsRepo(db),
    hashName,
    devices: { isTestMode: () => false, count: (id, source, outcome) => void counted.push(`${id} ${source} ${outcome}`), countLost: () => undefined },
    bus: new EventBus(log),
    hashId,
    eligibility: { checkInBackground: (_ref, identity) => void checked.push(identity.name) },
    log,
    now: () => new Date('2026-11-23T03:00:00Z'),
    placeOf: () => ({ facilityId: '36007', stationId: 'main' }),
    recent: new RecentReads(),
    storage: writeAtOnce,
  });
  const search = new SearchService({ pipeline, lookup: new IdentityLookup(db), hashId, hashName, today: () => '2026-11-23' });
  const scanned = async (payload: string): Promise<void> => {
    await pipeline.onRead({ id: 'quay-1', desk: 'desk-1' }, { bytes: Buffer.from(payload, 'utf8'), at: 0, end: 'terminator' });
    counted.length = 0;
    checked.length = 0;
  };
  const searches = () =>
    db.all<{ device_id: string; source: string; outcome: string; error_code: string | null; actor: string | null }>(
      `SELECT device_id, source, outcome, error_code, actor FROM scan_events WHERE source = 'search' ORDER BY id`,
    );
  return { search, scanned, counted, checked, searches, db };
}

const done = (o: SearchOutcome) => (o.status === 'done' ? o.message : null);

t.test('a number read before finds its patient; the search is stored, counted and checked like a scan', async (t) => {
  const r = await rig(t);
  await r.scanned(AN);
  const out = await r.search.search({ desk: 'desk-1', query: '001 089 012 345', actor: 'token-desk-1' });
  t.match(done(out), {
    ok: true,
    source: 'search',
    deviceId: 'manual@desk-1',
    desk: 'desk-1',
    identity: { id: '001089012345', name: 'Nguyễn Văn An', dob: '1989-03-15' },
    eligibility: 'pending',
  });
  t.same(r.counted, ['manual@desk-1 search success'], "counted on the desk's manual device");
  t.same(r.checked, ['Nguyễn Văn An'], 'eligibility checked');
  t.same(
    await r.searches(),
    [{ device_id: 'manual@desk-1', source: 'search', outcome: 'success', error_code: null, actor: 'token-desk-1' }],
    'stored with who looked',
  );
});

t.test('the other keys a receptionist types find the same patient', async (t) => {
  const r = await rig(t);
  await r.scanned(AN);
  await r.scanned(HUONG_BHYT);
  const cases: Array<[string, string, string]> = [
    ['the old CMND', '013456789', 'Nguyễn Văn An'],
    ['name and date of birth', 'Nguyễn Văn An 15/03/1989', 'Nguyễn Văn An'],
    ['name in capitals, date without separators', 'NGUYỄN VĂN AN 15031989', 'Nguyễn Văn An'],
    ['name in NFD with the year alone', 'Nguyễn Văn An 1989'.normalize('NFD'), 'Nguyễn Văn An'],
    ['the BHYT card code', 'HS4380123456789', 'Lê Thị Hường'],
    ['the BHYT code in lower case, spaced', 'hs 4 38 0123456789', 'Lê Thị Hường'],
    ['the 10-digit BHXH number inside the card code', '0123456789', 'Lê Thị Hường'],
  ];
  for (const [what, query, name] of cases) t.match(done(await r.search.search({ desk: 'desk-1', query })), { ok: true, identity: { name } }, what);
  t.equal(r.counted.length, cases.length, 'each search counted once');
});

t.test('several people under one name and birthday: the receptionist chooses by ID; nothing stored', async (t) => {
  const r = await rig(t);
  await r.scanned(AN);
  await r.scanned(AN_2);
  const out = await r.search.search({ desk: 'desk-1', query: 'Nguyễn Văn An 15/03/1989' });
  t.equal(out.status, 'ambiguous');
  if (out.status !== 'ambiguous') return;
  t.same(out.message, SEARCH_MESSAGES.ambiguous);
  t.same(
    out.candidates.map((c) => c.address).sort(),
    ['Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội', 'Xóm 2, Xã Hải Minh, Huyện Hải Hậu, Nam Định'].sort(),
  );
  for (const c of out.candidates) {
    t.match(c.idMasked, /^\d{4}\*+\d{2}$/, 'the ID is masked');
    t.notMatch(c.idMasked, /001089012345|036089054321/, 'never in full');
  }
  t.same(r.counted, [], 'not counted');
  t.same(await r.searches(), [], 'not stored');
  t.match(done(await r.search.search({ desk: 'desk-1', query: '036089054321' })), { identity: { address: /Nam Định/ } }, 'the ID picks one');
});

t.test('a 12-digit ID seen for the first time asks for name and date of birth; then it is a search', async (t) => {
  const r = await rig(t);
  const first = await r.search.search({ desk: 'desk-2', query: '038196007654' });
  t.same(first, { status: 'needsDetails', kind: 'cccd', missing: ['name', 'dob'], message: SEARCH_MESSAGES.needsDetails }, 'sex comes from the ID itself');
  t.same(r.counted, []);
  t.same(await r.searches(), [], 'nothing stored while details are missing');
  const second = await r.search.search({ desk: 'desk-2', query: '038196007654', name: ' Lê Thị Hường ', dob: '30/04/1996' });
  t.match(done(second), {
    ok: true,
    deviceId: 'manual@desk-2',
    identity: {
      kind: 'manual',
      id: '038196007654',
      cardCode: null,
      oldId: null,
      name: 'Lê Thị Hường',
      dob: '1996-04-30',
      sex: 'F',
      address: '',
      issueDate: null,
    },
  });
  t.same(r.counted, ['manual@desk-2 search success']);
  t.same(r.checked, ['Lê Thị Hường'], 'the gateway is asked with the typed name and date of birth');
  t.match(done(await r.search.search({ desk: 'desk-2', query: '038196007654' })), { ok: true, identity: { name: 'Lê Thị Hường' } }, 'the next search finds it');
});

t.test('a new BHXH number or BHYT code also needs the sex; alone, it is asked for by itself', async (t) => {
  const r = await rig(t);
  t.same(await r.search.search({ desk: 'desk-1', query: '0987654321' }), {
    status: 'needsDetails',
    kind: 'bhxh',
    missing: ['name', 'dob', 'sex'],
    message: SEARCH_MESSAGES.needsDetails,
  });
  t.same(await r.search.search({ desk: 'desk-1', query: 'DN4010987654321', name: 'Nguyễn Văn An', dob: '15/03/1989' }), {
    status: 'needsDetails',
    kind: 'bhyt',
    missing: ['sex'],
    message: SEARCH_MESSAGES.needsSex,
  });
  const out = await r.search.search({ desk: 'desk-1', query: 'DN4010987654321', name: 'Nguyễn Văn An', dob: '15/03/1989', sex: 'M' });
  t.match(done(out), { ok: true, identity: { kind: 'manual', id: null, cardCode: 'DN4010987654321', sex: 'M', dob: '1989-03-15' } });
});

t.test('refusals are stored and counted as search errors, with bilingual texts', async (t) => {
  const r = await rig(t);
  const cases: Array<[string, Parameters<SearchService['search']>[0], string]> = [
    ['a name and birthday nobody has', { desk: 'desk-1', query: 'Trần Thị Ngọc Ánh 02/11/2005' }, 'notFound'],
    ['an old CMND nobody has (the gateway cannot look it up)', { desk: 'desk-1', query: '173456789' }, 'cmndNotFound'],
    ['a number of the wrong length', { desk: 'desk-1', query: '12345' }, 'searchDigitCount'],
    ['details whose date of birth is not a date', { desk: 'desk-1', query: '038196007654', name: 'Lê Thị Hường', dob: '31/02/1996' }, 'dobInvalid'],
    ['details whose name is one word', { desk: 'desk-1', query: '038196007654', name: 'Hường', dob: '30/04/1996' }, 'nameInvalid'],
  ];
  for (const [what, req, code] of cases) {
    const message = done(await r.search.search(req));
    t.match(message, { ok: false, identity: null, eligibility: 'none', error: { code } }, what);
    t.ok(message?.error?.vi && message.error.en && message.error.vi !== message.error.en, `${what}: both languages`);
  }
  t.same(r.counted, Array(cases.length).fill('manual@desk-1 search error'));
  t.same(r.checked, [], 'no lookup for a refused search');
  t.same(
    (await r.searches()).map((e) => [e.outcome, e.error_code]),
    cases.map(([, , code]) => ['error', code]),
  );
  t.match(done(await r.search.search({ desk: 'desk-1', query: 'Trần Thị Ngọc Ánh 02/11/2005' }))?.error, SEARCH_MESSAGES.notFound);
});
