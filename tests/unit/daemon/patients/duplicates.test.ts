// Possible duplicate patients resolved by a person, over a real SQLite file: two records with the same
// name and date of birth are listed side by side (masked for the list, in clear for the audited
// reveal); "different people" takes the pair off the list for good; "same person" moves the other
// record's identifiers and visits to the one kept, so any of its cards now finds the kept record;
// undo puts back exactly what moved and reopens the pair. Merges and undos reach the HIS as events
// naming record numbers only, in the same transaction (docs/guides/his.md "Possible duplicates").

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { IdentityView } from '../../../../daemon/src/api/contract.ts';
import { CheckinRepo } from '../../../../daemon/src/checkin/checkin-repo.ts';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import { Duplicates, maskSide } from '../../../../daemon/src/patients/duplicates.ts';
import { PatientIndex } from '../../../../daemon/src/patients/patient-index.ts';
import { Registrations } from '../../../../daemon/src/patients/registrations.ts';
import { sightingOfIdentity } from '../../../../daemon/src/patients/sightings.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo } from '../../../../daemon/src/storage/events-repo.ts';
import { loadIdHasher } from '../../../../daemon/src/storage/id-hash.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { WebhookQueue } from '../../../../daemon/src/webhook/webhook-queue.ts';

const T0 = Date.parse('2026-03-02T01:30:00Z');
const LATER = T0 + 3600_000;

// '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021'
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
// Same name and birthday, another card: '001089099999||Nguyễn Văn An|15031989|Nam|Phường Lê Chân, Quận Lê Chân, Hải Phòng|20042021'
const AN_2: IdentityView = { ...AN, id: '001089099999', oldId: null, address: 'Phường Lê Chân, Quận Lê Chân, Hải Phòng' };

const config = resolveConfig({ facility: { id: '01001', name: 'Trung tâm Y tế quận Tây Hồ' } });

/** One migrated SQLite file for the whole file (the subtests run one after another); each rig empties it.
 *  Synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast. */
let shared: Promise<{ db: Db; dir: string }> | null = null;
function database(): Promise<{ db: Db; dir: string }> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-dup-'));
    const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
    t.teardown(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });
    await migrate(db);
    return { db, dir };
  })();
  return shared;
}

/** Two records of "Nguyễn Văn An, 15/03/1989" flagged as a possible duplicate: one visit under the first, two under the second. */
async function rig(o: { webhook?: boolean } = {}) {
  const { db, dir } = await database();
  await db.exec(
    'DELETE FROM patient_merges; DELETE FROM webhook_queue; DELETE FROM registrations; DELETE FROM possible_duplicates; DELETE FROM patient_identifiers; DELETE FROM patients; DELETE FROM scan_events; DELETE FROM daily_counters;',
  );
  const clock = { now: T0 };
  const now = (): Date => new Date(clock.now);
  const events = new EventsRepo(db);
  const index = new PatientIndex({ db, hashId: await loadIdHasher(dir), now });
  const queue = new WebhookQueue(db);
  const registrations = new Registrations({ db, events, index, config, checkins: new CheckinRepo(db), webhook: queue, now });
  const dup = new Duplicates({ db, now, facilityId: '01001', index, registrations, webhook: o.webhook === false ? null : queue });
  const visit = async (who: IdentityView): Promise<number> => {
    const [eventId] = await events.recordMany([
      {
        at: now(),
        deviceId: 's-1',
        deskId: 'desk-1',
        facilityId: '01001',
        stationId: 'main',
        source: 'scan',
        outcome: 'success',
        errorCode: null,
        errorClass: null,
        payloadKind: who.kind,
        idHash: 'hmac-of-the-id',
        identityJson: JSON.stringify(who),
        rawHex: null,
      },
    ]);
    const r = await registrations.register(eventId!, 'kham-noi', () => null);
    if (!r.ok) throw new Error(r.error.body.error.en);
    return r.registration.id;
  };
  const regA = await visit(AN);
  const regsB = [await visit(AN_2), await visit(AN_2)];
  const a = (await index.findBy('cccd', AN.id!))!;
  const b = (await index.findBy('cccd', AN_2.id!))!;
  const patientOf = async (reg: number): Promise<number | null> => (await registrations.get(reg))?.patientId ?? null;
  const queued = () =>
    db.all<{ registration_id: number; idempotency_key: string; body: string }>('SELECT registration_id, idempotency_key, body FROM webhook_queue ORDER BY id');
  clock.now = LATER;
  return { db, dup, index, registrations, a, b, regA, regsB, patientOf, queued, visit };
}

t.test('the flagged pair is listed with both sides in clear for the reveal, and masked for the list', async (t) => {
  const r = await rig();
  t.ok(r.a < r.b, 'the first record is the older one');
  const pairs = await r.dup.open();
  t.equal(pairs.length, 1);
  const p = pairs[0]!;
  t.match(p, { reason: 'sameNameAndDob', flaggedAt: new Date(T0).toISOString() });
  t.match(p.a, { patientId: r.a, name: 'Nguyễn Văn An', dob: '1989-03-15', sex: 'M', address: AN.address, registrations: 1 });
  t.match(p.b, { patientId: r.b, name: 'Nguyễn Văn An', dob: '1989-03-15', address: AN_2.address, registrations: 2 });
  t.same(
    p.a.identifiers.map((i) => [i.kind, i.value]),
    [
      ['cccd', '001089012345'],
      ['cmnd', '013456789'],
    ],
  );
  t.same(
    maskSide(p.a),
    {
      ...p.a,
      name: 'N*** V** A*',
      dob: '1989',
      address: '***, Hà Nội',
      identifiers: [
        { kind: 'cccd', value: '0010******45', lastSeen: new Date(T0).toISOString() },
        { kind: 'cmnd', value: '01*****89', lastSeen: new Date(T0).toISOString() },
      ],
    },
    'the list shows initials, the birth year, the province and masked numbers',
  );
  t.same(
    maskSide({ ...p.a, name: null, dob: null, address: null, identifiers: [{ kind: 'cccd', value: null, lastSeen: '' }] }),
    {
      ...p.a,
      name: null,
      dob: null,
      address: null,
      identifiers: [{ kind: 'cccd', value: null, lastSeen: '' }],
    },
    'details already erased by retention stay empty',
  );
  t.same(await r.dup.pair(r.b, r.a), p, 'the pair either way round');
  t.equal(await r.dup.pair(r.a, r.a + 1000), null, 'not a flagged pair');
});

t.test('"different people": the pair leaves the list and is not flagged again on the next visit', async (t) => {
  const r = await rig();
  t.equal(await r.dup.dismiss(r.b, r.a, 'admin-1'), true);
  t.same(await r.dup.open(), []);
  t.equal(await r.dup.pair(r.a, r.b), null);
  t.match(await r.db.get('SELECT resolution, resolved_by, resolved_at FROM possible_duplicates'), {
    resolution: 'dismissed',
    resolved_by: 'admin-1',
    resolved_at: new Date(LATER).toISOString(),
  });
  await r.index.observe(sightingOfIdentity(AN_2));
  t.same(await r.dup.open(), [], 'seen again: still off the list');
  t.equal(await r.dup.dismiss(r.a, r.b, 'admin-1'), false, 'dismissing twice changes nothing');
});

t.test('"same person": the other record’s cards and visits move to the one kept, and the HIS is told by record numbers', async (t) => {
  const r = await rig();
  const res = await r.dup.merge(r.a, r.b, 'admin-1');
  t.ok(res.ok);
  if (!res.ok) return;
  t.match(res.merge, {
    kept: r.a,
    merged: r.b,
    at: new Date(LATER).toISOString(),
    actor: 'admin-1',
    identifiersMoved: 1,
    registrationsMoved: 2,
    undoneAt: null,
  });
  t.equal(await r.index.findBy('cccd', AN_2.id!), r.a, 'the second card now finds the kept record');
  t.same([await r.patientOf(r.regsB[0]!), await r.patientOf(r.regsB[1]!)], [r.a, r.a], 'its visits are the kept record’s');
  t.match(await r.db.get('SELECT merged_into FROM patients WHERE id = ?', [r.b]), { merged_into: r.a }, 'the other record stays, marked merged');
  t.same(await r.dup.open(), [], 'off the list');
  t.same(await r.dup.merges(), [res.merge]);

  const [event] = await r.queued();
  t.same(JSON.parse(event!.body), {
    type: 'patientMerged',
    facility: { id: '01001' },
    mergeId: res.merge.id,
    kept: `Patient/tiepnhan-${r.a}`,
    merged: `Patient/tiepnhan-${r.b}`,
    at: new Date(LATER).toISOString(),
  });
  t.equal(event!.registration_id, 0, 'an event about patients, not a registration');
  t.match(event!.idempotency_key, new RegExp(`^01001:patientMerged:${res.merge.id}:`));
  t.notMatch(event!.body, /Nguyễn|001089/, 'no name, no ID number');

  const after = await r.registrations.get(await r.visit(AN_2));
  t.equal(after?.patientId, r.a, 'the next visit with the second card is registered under the kept record');
});

t.test('a merge needs an open flagged pair of two records', async (t) => {
  const r = await rig();
  t.same(await r.dup.merge(r.a, r.a, 'admin-1'), { ok: false, code: 'PAIR_NOT_FOUND' }, 'a record with itself');
  t.same(await r.dup.merge(r.a, r.b + 1000, 'admin-1'), { ok: false, code: 'PAIR_NOT_FOUND' }, 'an unflagged pair');
  await r.dup.dismiss(r.a, r.b, 'admin-1');
  t.same(await r.dup.merge(r.a, r.b, 'admin-1'), { ok: false, code: 'PAIR_NOT_FOUND' }, 'a pair found to be different people');
  t.same(await r.dup.merges(), []);
  t.same(await r.queued(), [], 'nothing told to the HIS');
  t.equal(await r.index.findBy('cccd', AN_2.id!), r.b, 'nothing moved');
});

t.test('undo puts back exactly what moved, reopens the pair, and tells the HIS; once only', async (t) => {
  const r = await rig();
  const merged = await r.dup.merge(r.b, r.a, 'admin-1');
  if (!merged.ok) return t.fail('merge refused');
  t.match(merged.merge, { kept: r.b, merged: r.a, identifiersMoved: 2, registrationsMoved: 1 }, 'the newer record may be the one kept');
  const undone = await r.dup.undo(merged.merge.id, 'admin-2');
  t.same(undone, { ok: true, merge: { ...merged.merge, undoneAt: new Date(LATER).toISOString() } });
  t.equal(await r.index.findBy('cccd', AN.id!), r.a, 'the first card finds its own record again');
  t.equal(await r.index.findBy('cmnd', AN.oldId!), r.a);
  t.equal(await r.index.findBy('cccd', AN_2.id!), r.b);
  t.equal(await r.patientOf(r.regA), r.a, 'its visit is back');
  t.same([await r.patientOf(r.regsB[0]!), await r.patientOf(r.regsB[1]!)], [r.b, r.b]);
  t.match(await r.db.get('SELECT merged_into FROM patients WHERE id = ?', [r.a]), { merged_into: null });
  t.equal((await r.dup.open()).length, 1, 'the pair is open again');
  t.match(await r.db.get('SELECT undone_by FROM patient_merges'), { undone_by: 'admin-2' });
  t.same(
    (await r.queued()).map((q) => (JSON.parse(q.body) as { type: string }).type),
    ['patientMerged', 'patientMergeUndone'],
  );
  t.same(await r.dup.undo(merged.merge.id, 'admin-2'), { ok: false, code: 'ALREADY_UNDONE' });
  t.same(await r.dup.undo(merged.merge.id + 1000, 'admin-2'), { ok: false, code: 'MERGE_NOT_FOUND' });
  t.equal((await r.queued()).length, 2, 'a refused undo tells the HIS nothing');
});

t.test('without a webhook, merges and undos queue nothing', async (t) => {
  const r = await rig({ webhook: false });
  const m = await r.dup.merge(r.a, r.b, 'admin-1');
  t.ok(m.ok);
  if (m.ok) t.ok((await r.dup.undo(m.merge.id, 'admin-1')).ok);
  t.same(await r.queued(), []);
});
