// A receptionist's manual search for a patient this site has read before, over a real SQLite file:
// by ID (through its keyed hash), by old CMND, by the BHXH number inside a card code, or by name and
// date of birth (through the keyed name hash). Only the latest good read of a person comes back; a
// rejected read or one whose details retention erased is never found; two people sharing a name and
// birthday are both offered.

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { IdentityView } from '../../../../daemon/src/api/contract.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { loadIdHasher, type IdHasher } from '../../../../daemon/src/storage/id-hash.ts';
import { IdentityLookup } from '../../../../daemon/src/storage/identity-lookup.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();
const hash: IdHasher = await loadIdHasher(template);

async function open(t: Test): Promise<{ db: Db; events: EventsRepo; lookup: IdentityLookup }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { db, events: new EventsRepo(db), lookup: new IdentityLookup(db) };
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
/** Another Nguyễn Văn An, born the same day, with another ID. */
const AN_2: IdentityView = { ...AN, id: '031089000777', oldId: null, address: 'Phường Máy Tơ, Quận Ngô Quyền, Hải Phòng', issueDate: '2022-01-10' };
/** Known by her BHYT card: card code DN4010123456789, BHXH number 0123456789. */
const BINH: IdentityView = {
  kind: 'bhyt',
  id: null,
  cardCode: 'DN4010123456789',
  oldId: null,
  name: 'Trần Thị Bình',
  dob: '1975-07-02',
  sex: 'F',
  address: 'Xã Bình Châu, Huyện Bình Sơn, Quảng Ngãi',
  issueDate: null,
};

const T = Date.parse('2026-11-23T03:00:00Z');

/** A good read of `p` as the pipeline stores it: ID (or card code) and name hashed with the site's key. */
function readOf(p: IdentityView, over: Partial<NewEvent> = {}): NewEvent {
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
    payloadKind: p.kind,
    idHash: hash(p.id ?? p.cardCode!),
    identityJson: JSON.stringify(p),
    rawHex: null,
    nameHash: hash(p.name.toLowerCase()),
    ...over,
  };
}

t.test('each kind of key finds the person; an unknown key finds nobody', async (t) => {
  const { events, lookup } = await open(t);
  await events.recordMany([readOf(AN), readOf(BINH)]);
  t.same(await lookup.find({ by: 'hash', idHash: hash('001089012345') }), [AN], 'by CCCD number');
  t.same(await lookup.find({ by: 'oldId', oldId: '013456789' }), [AN], 'by old CMND');
  t.same(await lookup.find({ by: 'bhxh', bhxh: '0123456789' }), [BINH], 'by the BHXH number inside the card code');
  t.same(await lookup.find({ by: 'nameDob', nameHash: hash('trần thị bình'), dob: '1975-07-02' }), [BINH], 'by name and date of birth');
  t.same(await lookup.find({ by: 'hash', idHash: hash('001089099999') }), [], 'an ID never read here');
  t.same(await lookup.find({ by: 'oldId', oldId: '012345678' }), []);
  t.same(await lookup.find({ by: 'bhxh', bhxh: '401012345' }), [], 'a part of the card code that is not the BHXH number');
});

t.test('only the latest read of a person comes back, as it was read then', async (t) => {
  const { events, lookup } = await open(t);
  const moved = { ...AN, address: 'Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh' };
  await events.recordMany([readOf(AN), readOf(moved, { at: new Date(T + 86_400_000) })]);
  t.same(await lookup.find({ by: 'hash', idHash: hash(AN.id!) }), [moved]);
  t.same(await lookup.find({ by: 'oldId', oldId: '013456789' }), [moved]);
  t.same(await lookup.find({ by: 'nameDob', nameHash: hash('nguyễn văn an'), dob: '1989-03-15' }), [moved], 'two reads of one person: one result');
});

t.test('a rejected read and a read whose details retention erased are never offered', async (t) => {
  const { db, events, lookup } = await open(t);
  const old = new Date(T - 40 * 86_400_000);
  await events.recordMany([readOf(BINH, { at: old }), readOf(AN, { outcome: 'error', errorCode: 'idFormat', errorClass: 'validation' })]);
  await db.transaction(() => events.purgeDetailsBeforeNow(new Date(T - 30 * 86_400_000).toISOString()));
  t.same(await lookup.find({ by: 'hash', idHash: hash(AN.id!) }), [], 'a card that failed validation is not a patient');
  t.same(await lookup.find({ by: 'oldId', oldId: '013456789' }), []);
  t.same(await lookup.find({ by: 'hash', idHash: hash('DN4010123456789') }), [], 'erased details are not found by the ID hash');
  t.same(await lookup.find({ by: 'bhxh', bhxh: '0123456789' }), []);
  t.same(await lookup.find({ by: 'nameDob', nameHash: hash('trần thị bình'), dob: '1975' }), []);
});

t.test('name and date of birth offer everyone who matches, newest first; a birth year is enough', async (t) => {
  const { events, lookup } = await open(t);
  const HOA: IdentityView = { ...AN_2, id: '001190001111', name: 'Phạm Thị Hoa', sex: 'F', dob: '1990-01-01' };
  await events.recordMany([
    readOf(AN),
    readOf(AN_2, { at: new Date(T + 1000) }),
    readOf(AN, { at: new Date(T + 2000) }),
    readOf(HOA, { at: new Date(T + 3000) }),
    readOf({ ...AN, id: '001089055555', oldId: null, dob: '1988-03-15' }, { at: new Date(T + 4000) }),
  ]);
  const nameHash = hash('nguyễn văn an');
  t.same(await lookup.find({ by: 'nameDob', nameHash, dob: '1989-03-15' }), [AN, AN_2], 'An read again last comes first; the namesake after');
  t.same(await lookup.find({ by: 'nameDob', nameHash, dob: '1989' }), [AN, AN_2], 'the year alone finds the same two');
  t.same(await lookup.find({ by: 'nameDob', nameHash, dob: '1989-03' }), [AN, AN_2], 'so does the month');
  t.same(await lookup.find({ by: 'nameDob', nameHash, dob: '1989-03-16' }), [], 'a different day finds nobody');
  t.same(await lookup.find({ by: 'nameDob', nameHash: hash('phạm thị hoa'), dob: '1989' }), [], 'another name born another year: nobody');
});

t.test('a common name and birth year are matched by name before the limit of 200', async (t) => {
  const { events, lookup } = await open(t);
  const namesakes = Array.from({ length: 250 }, (_, i) =>
    readOf({ ...AN, id: `0010890${String(i).padStart(5, '0')}`, oldId: null, name: `Nguyễn Văn Nam ${i}` }, { at: new Date(T + i) }),
  );
  await events.recordMany([readOf(AN, { at: new Date(T - 1000) }), ...namesakes]);
  t.same(await lookup.find({ by: 'nameDob', nameHash: hash('nguyễn văn an'), dob: '1989' }), [AN], '250 other people born in 1989 do not hide An');
  const same = Array.from({ length: 210 }, (_, i) =>
    readOf({ ...AN, id: `0010891${String(i).padStart(5, '0')}`, oldId: null }, { at: new Date(T + 1000 + i) }),
  );
  await events.recordMany(same);
  const found = await lookup.find({ by: 'nameDob', nameHash: hash('nguyễn văn an'), dob: '1989' });
  t.equal(found.length, 200, 'at most 200 namesakes are offered');
  t.equal(found[0]?.id, '001089100209', 'the most recently read first');
});
