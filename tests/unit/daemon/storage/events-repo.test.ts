// The event log and the daily counters it feeds, over a real SQLite file: each read or search is
// stored with its count in one transaction, on the Vietnam calendar day a receptionist would write;
// a lookup is written ahead with its event; a late gateway answer moves the access's own day from
// pending to success or error once; retention erases a patient's details but keeps the count; and
// the technician's lists carry no patient data (docs/reference/report-rules.md, access-outcome.ts).

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { EligibilityMessage, IdentityView } from '../../../../daemon/src/api/contract.ts';
import { DEFAULT_OUTCOME_RULES } from '../../../../daemon/src/counting/access-outcome.ts';
import { CountersRepo } from '../../../../daemon/src/storage/counters-repo.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();

async function open(t: Test): Promise<Db> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return db;
}

const AN: IdentityView = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
  issueDate: '2021-04-20',
};
const LOOKUP = JSON.stringify({ maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' });

/** 23 November 2026, 10:00 in Vietnam. */
const T = Date.parse('2026-11-23T03:00:00Z');

/** A good read of Nguyễn Văn An's card at desk-1. */
function read(over: Partial<NewEvent> = {}): NewEvent {
  return {
    at: new Date(T),
    deviceId: 'sc-1',
    deskId: 'desk-1',
    facilityId: 'F1',
    stationId: 'main',
    source: 'scan',
    outcome: 'success',
    errorCode: null,
    errorClass: null,
    payloadKind: 'cccd2021',
    idHash: 'hash-of-001089012345',
    identityJson: JSON.stringify(AN),
    rawHex: null,
    nameHash: 'hash-of-nguyen-van-an',
    ...over,
  };
}

/** A card the scanner could not read: no identity, the raw bytes kept for the technician. */
function rejected(errorCode: string, errorClass: string, over: Partial<NewEvent> = {}): NewEvent {
  return read({
    outcome: 'error',
    errorCode,
    errorClass,
    payloadKind: null,
    idHash: null,
    identityJson: null,
    nameHash: null,
    rawHex: '303031303839',
    ...over,
  });
}

function answer(code: string, verification: EligibilityMessage['verification'] = 'verified'): string {
  return JSON.stringify({ code, verification, outcome: code === '000' ? 'eligible' : 'ineligible', vi: 'Thẻ còn giá trị', en: 'Card valid' });
}

type Counts = Record<string, number>;
const COUNT_COLUMNS = 'scans, searches, successes, errors, pending, err_read, err_validation, err_not_covered, err_input, err_identity, err_other, simulated';

async function countersOf(db: Db, device: string, day = '2026-11-23'): Promise<Counts | undefined> {
  return db.get<Counts>(`SELECT ${COUNT_COLUMNS} FROM daily_counters WHERE device_id = ? AND day = ?`, [device, day]);
}

const NONE: Counts = {
  scans: 0,
  searches: 0,
  successes: 0,
  errors: 0,
  pending: 0,
  err_read: 0,
  err_validation: 0,
  err_not_covered: 0,
  err_input: 0,
  err_identity: 0,
  err_other: 0,
  simulated: 0,
};

t.test('a read counts on its Vietnam calendar day (UTC+7), not the UTC day', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const cases: Array<[string, string, string]> = [
    ['2026-11-23T16:59:59.000Z', '2026-11-23', '23:59:59 in Hà Nội is still the 23rd'],
    ['2026-11-23T17:00:00.000Z', '2026-11-24', 'midnight in Hà Nội is the 24th though UTC is still the 23rd'],
    ['2026-11-22T23:30:00.000Z', '2026-11-23', 'early morning in Hà Nội is the UTC evening before'],
  ];
  for (const [at, day, why] of cases) {
    const id = await repo.record(read({ at: new Date(at), deviceId: `sc-${at}` }));
    t.equal((await db.get<{ day: string }>('SELECT day FROM scan_events WHERE id = ?', [id]))?.day, day, `${why} (event)`);
    t.equal((await countersOf(db, `sc-${at}`, day))?.scans, 1, `${why} (counter)`);
  }
});

t.test('how each access counts the moment it is stored', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const cases: Array<[string, NewEvent, Counts]> = [
    ['a read with nothing to look up is a success', read(), { scans: 1, successes: 1 }],
    ['a read waiting for the gateway is pending', read({ lookupJson: LOOKUP }), { scans: 1, pending: 1 }],
    ['a webcam read is a scan', read({ source: 'camera' }), { scans: 1, successes: 1 }],
    ['a typed search is a search, not a scan', read({ source: 'search', lookupJson: LOOKUP }), { searches: 1, pending: 1 }],
    ['an unreadable card is a read error', rejected('truncated', 'read'), { scans: 1, errors: 1, err_read: 1 }],
    ['a QR that is not a CCCD counts with the read errors', rejected('notCccd', 'format'), { scans: 1, errors: 1, err_read: 1 }],
    ['a card failing validation is a validation error', rejected('idFormat', 'validation'), { scans: 1, errors: 1, err_validation: 1 }],
  ];
  for (const [i, [why, e, counts]] of cases.entries()) {
    await repo.record({ ...e, deviceId: `dev-${i}` });
    t.same(await countersOf(db, `dev-${i}`), { ...NONE, ...counts }, why);
  }
});

t.test('the lookup a read needs is written ahead with it, in flight, so a crash cannot lose it', async (t) => {
  const db = await open(t);
  const [id] = await new EventsRepo(db).recordMany([read({ lookupJson: LOOKUP }), read()]);
  t.same(await db.all('SELECT event_id, device_id, desk_id, request_json, next_at, created_at, in_flight, attempts FROM verify_queue'), [
    { event_id: id, device_id: 'sc-1', desk_id: 'desk-1', request_json: LOOKUP, next_at: T, created_at: new Date(T).toISOString(), in_flight: 1, attempts: 0 },
  ]);
});

t.test('reads from many scanners at once each get their own id; the counters equal the event log', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const events = Array.from({ length: 30 }, (_, i) =>
    i % 5 === 0 ? rejected('truncated', 'read', { deviceId: `sc-${i % 3}`, at: new Date(T + i) }) : read({ deviceId: `sc-${i % 3}`, at: new Date(T + i) }),
  );
  const ids = await Promise.all(events.map((e) => repo.record(e)));
  t.equal(new Set(ids).size, 30, 'every caller got a distinct id');
  const rows = await db.all<{ id: number; device_id: string; at: string }>('SELECT id, device_id, at FROM scan_events');
  for (const [i, id] of ids.entries()) {
    const row = rows.find((r) => r.id === id);
    t.same([row?.device_id, row?.at], [events[i]!.deviceId, events[i]!.at.toISOString()], `caller ${i} got the id of its own event`);
  }
  t.equal(await repo.countEvents(), 30);
  const sums = await db.get<Counts>('SELECT SUM(scans) AS scans, SUM(successes) AS successes, SUM(errors) AS errors FROM daily_counters');
  t.same(sums, { scans: 30, successes: 24, errors: 6 }, 'one count per stored event');
});

t.test('a batch import returns the ids of its events in order, across more than one group', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const first = await repo.record(read({ deviceId: 'sc-9' }));
  const ids = await repo.recordMany(Array.from({ length: 300 }, (_, i) => read({ at: new Date(T + i * 1000), deviceId: `sc-${i % 2}` })));
  t.same(
    ids,
    Array.from({ length: 300 }, (_, i) => first + 1 + i),
    'consecutive ids after the events already stored',
  );
  const last = await db.get<{ at: string }>('SELECT at FROM scan_events WHERE id = ?', [ids[299]!]);
  t.equal(last?.at, new Date(T + 299_000).toISOString(), 'the last id is the last event given');
  t.equal((await countersOf(db, 'sc-0'))?.scans, 150);
  t.equal((await countersOf(db, 'sc-1'))?.scans, 150);
});

t.test('the gateway answer decides a pending access, grouped by cause', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const cases: Array<[string, string, Counts]> = [
    ['code 000: the card is valid', answer('000'), { successes: 1 }],
    ['code 004: a new card was issued, still the information came back', answer('004'), { successes: 1 }],
    ['code 050: no valid card', answer('050'), { errors: 1, err_not_covered: 1 }],
    ['code 052: what was sent is wrong', answer('052'), { errors: 1, err_input: 1 }],
    ['code 070: another name or date of birth', answer('070'), { errors: 1, err_identity: 1 }],
    ['an unknown code', answer('999'), { errors: 1, err_other: 1 }],
    ['the gateway never answered', answer('timeout', 'unanswered'), { errors: 1, err_other: 1 }],
    ['the gateway could not answer yet: still pending', answer('timeout', 'unverified'), { pending: 1 }],
  ];
  for (const [i, [why, json, counts]] of cases.entries()) {
    const id = await repo.record(read({ deviceId: `dev-${i}`, lookupJson: LOOKUP }));
    await repo.setEligibility(id, 'x', json, new Date(T + 1000));
    t.same(await countersOf(db, `dev-${i}`), { ...NONE, scans: 1, ...counts }, why);
  }
});

t.test('an answer is counted once, on the day of the access, however late or often it comes', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const id = await repo.record(read({ lookupJson: LOOKUP }));
  const nextDay = new Date(T + 86_400_000);
  await repo.setEligibility(id, 'eligible', answer('000', 'deferred'), nextDay);
  t.same(await countersOf(db, 'sc-1'), { ...NONE, scans: 1, successes: 1 }, 'the 23rd moves from pending to success');
  t.equal(await countersOf(db, 'sc-1', '2026-11-24'), undefined, 'nothing is counted on the day the answer came');
  await repo.setEligibility(id, 'ineligible', answer('050'), nextDay);
  t.same(await countersOf(db, 'sc-1'), { ...NONE, scans: 1, successes: 1 }, 'a second answer does not count again');
  t.equal((await repo.stored(id))?.eligibility?.code, '050', 'though the desk sees the newest answer');

  const plain = await repo.record(read({ deviceId: 'sc-2' }));
  await repo.setEligibility(plain, 'ineligible', answer('050'), nextDay);
  t.same(await countersOf(db, 'sc-2'), { ...NONE, scans: 1, successes: 1 }, 'an access counted at the read is not recounted by an answer');
});

t.test('the configured success codes decide what counts as a success', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db, { ...DEFAULT_OUTCOME_RULES, successCodes: [...DEFAULT_OUTCOME_RULES.successCodes, '010'] });
  const id = await repo.record(read({ lookupJson: LOOKUP }));
  await repo.setEligibility(id, 'ineligible', answer('010'), new Date(T));
  t.same(await countersOf(db, 'sc-1'), { ...NONE, scans: 1, successes: 1 }, 'code 010 is a success at this site');
});

t.test("the reader's totals blame it only for cards it could not read or validate", async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const [refused] = await repo.recordMany([
    read({ lookupJson: LOOKUP }),
    read({ lookupJson: LOOKUP }), // left pending
    read({ source: 'search' }),
    rejected('truncated', 'read'),
    rejected('idFormat', 'validation'),
    read({ deviceId: 'sim-1', simulated: true }),
    rejected('notStored', 'storage'),
  ]);
  await repo.setEligibility(refused!, 'ineligible', answer('050'), new Date(T));
  const totals = await repo.totalsByDevice();
  t.same(
    totals.get('sc-1'),
    { scans: 5, searches: 1, successes: 3, errors: 2, lostReads: 1 },
    "the refused card and the pending lookup are good reads; a read the disk could not take is neither a success nor the reader's error",
  );
  t.same(totals.get('sim-1'), { scans: 1, searches: 0, successes: 1, errors: 0, lostReads: 0 }, 'the technician sees the simulator count');
  t.same(
    (await new CountersRepo(db).daily('2026-11-23', '2026-11-23')).map((r) => r.deviceId),
    ['sc-1'],
    'the simulated read is stored as simulated and kept out of the report',
  );
});

t.test('a stored event reads back as the desk and the audit need it; unknown ids are absent', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const id = await repo.record(read({ deskId: 'desk-2', lookupJson: LOOKUP }));
  await repo.setEligibility(id, 'eligible', answer('000'), new Date(T));
  t.same(await repo.stored(id), {
    desk: 'desk-2',
    outcome: 'success',
    idHash: 'hash-of-001089012345',
    identity: AN,
    eligibility: JSON.parse(answer('000')) as unknown,
  });
  const bad = await repo.record(rejected('truncated', 'read'));
  t.same(await repo.stored(bad), { desk: 'desk-1', outcome: 'error', idHash: null, identity: null, eligibility: null });
  t.equal(await repo.stored(9999), undefined);
});

t.test("retention erases a patient's details before the cutoff and keeps the event and its count", async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const [old, oldBad, recent] = await repo.recordMany([
    read({ at: new Date(T - 40 * 86_400_000) }),
    rejected('truncated', 'read', { at: new Date(T - 40 * 86_400_000) }),
    read(),
  ]);
  await repo.setEligibility(old!, 'eligible', answer('000'), new Date(T - 40 * 86_400_000));
  const cutoff = new Date(T - 30 * 86_400_000).toISOString();

  t.equal(await db.transaction(() => repo.purgeDetailsBeforeNow(cutoff)), 2, 'two old events had details');
  const rows = await db.all<Record<string, unknown>>(
    'SELECT id, outcome, id_hash, identity_json, raw_hex, eligibility_json, eligibility_status, name_hash FROM scan_events ORDER BY id',
  );
  t.same(rows, [
    {
      id: old,
      outcome: 'success',
      id_hash: 'hash-of-001089012345',
      identity_json: null,
      raw_hex: null,
      eligibility_json: null,
      eligibility_status: 'eligible',
      name_hash: null,
    },
    { id: oldBad, outcome: 'error', id_hash: null, identity_json: null, raw_hex: null, eligibility_json: null, eligibility_status: null, name_hash: null },
    {
      id: recent,
      outcome: 'success',
      id_hash: 'hash-of-001089012345',
      identity_json: JSON.stringify(AN),
      raw_hex: null,
      eligibility_json: null,
      eligibility_status: null,
      name_hash: 'hash-of-nguyen-van-an',
    },
  ]);
  t.equal(await repo.countEvents(), 3, 'no event is deleted');
  t.equal((await countersOf(db, 'sc-1', '2026-10-14'))?.scans, 2, "the old day's count is kept for the report");
  t.equal(await db.transaction(() => repo.purgeDetailsBeforeNow(cutoff)), 0, 'a second purge finds nothing left to erase');
});

t.test('the technician lists lookups given up, newest first, with no patient data', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const ids = await repo.recordMany([
    read({ lookupJson: LOOKUP }),
    read({ lookupJson: LOOKUP, deskId: 'desk-2' }),
    read({ lookupJson: LOOKUP, source: 'search' }),
  ]);
  await repo.setEligibility(ids[0]!, 'unanswered', answer('timeout', 'unanswered'), new Date(T));
  await repo.setEligibility(ids[1]!, 'eligible', answer('000'), new Date(T));
  await repo.setEligibility(ids[2]!, 'unanswered', answer('timeout', 'unanswered'), new Date(T));
  const at = new Date(T).toISOString();
  t.same(await repo.unanswered(10), [
    { eventId: ids[2], at, deviceId: 'sc-1', desk: 'desk-1', source: 'search' },
    { eventId: ids[0], at, deviceId: 'sc-1', desk: 'desk-1', source: 'scan' },
  ]);
  t.same(
    (await repo.unanswered(1)).map((u) => u.eventId),
    [ids[2]],
    'the limit keeps the newest',
  );
});

t.test('events stored before sites had places are given the station of their desk', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  await repo.recordMany([
    read({ facilityId: '', stationId: '', deskId: 'desk-1' }),
    read({ facilityId: '', stationId: '', deskId: 'xa-desk' }),
    read({ facilityId: 'F0', stationId: 'old', deskId: 'desk-1' }),
  ]);
  await repo.placeUnplaced('F1', (desk) => (desk === 'xa-desk' ? 'xa-1' : 'main'));
  t.same(await db.all('SELECT facility_id, station_id, desk_id FROM scan_events ORDER BY id'), [
    { facility_id: 'F1', station_id: 'main', desk_id: 'desk-1' },
    { facility_id: 'F1', station_id: 'xa-1', desk_id: 'xa-desk' },
    { facility_id: 'F0', station_id: 'old', desk_id: 'desk-1' },
  ]);
  t.same(await db.all('SELECT facility_id, station_id, desk_id, scans FROM daily_counters ORDER BY facility_id, desk_id'), [
    { facility_id: 'F0', station_id: 'old', desk_id: 'desk-1', scans: 1 },
    { facility_id: 'F1', station_id: 'main', desk_id: 'desk-1', scans: 1 },
    { facility_id: 'F1', station_id: 'xa-1', desk_id: 'xa-desk', scans: 1 },
  ]);
});

t.test('older events get their name hash once, in batches; a nameless identity is marked, not retried', async (t) => {
  const db = await open(t);
  const repo = new EventsRepo(db);
  const [nameless] = await repo.recordMany([
    read({ identityJson: JSON.stringify({ ...AN, name: '' }), nameHash: null }),
    read({ nameHash: 'already' }),
    rejected('truncated', 'read'),
    ...Array.from({ length: 501 }, (_, i) => read({ at: new Date(T + i), nameHash: null })),
  ]);
  const seen: string[] = [];
  const hashName = (name: string) => {
    seen.push(name);
    return `h(${name})`;
  };
  t.equal(await repo.backfillNameHashes(hashName), 501, 'every named row past the first batch of 500 too');
  t.equal(new Set(seen).size, 1);
  t.equal(seen[0], 'Nguyễn Văn An');
  t.same(await db.all('SELECT name_hash, COUNT(*) AS n FROM scan_events GROUP BY name_hash ORDER BY name_hash'), [
    { name_hash: null, n: 1 },
    { name_hash: '', n: 1 },
    { name_hash: 'already', n: 1 },
    { name_hash: 'h(Nguyễn Văn An)', n: 501 },
  ]);
  t.equal((await db.get<{ name_hash: string }>('SELECT name_hash FROM scan_events WHERE id = ?', [nameless!]))?.name_hash, '');
  t.equal(await repo.backfillNameHashes(hashName), 0, 'a second start has nothing left to do');
});
