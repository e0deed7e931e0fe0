// A read becomes a visit with a queue ticket, over a real SQLite file: numbers per department restart
// every Vietnam day (A001, A002, … B001), registering the same read again (a double tap, two desks at
// once) returns the same ticket and queues nothing twice, two desks at the same moment never share a
// number, and the HIS delivery (and the check-in, when on) is queued in the registration's own
// transaction: nothing registered is missing from the HIS, nothing unregistered reaches it. A read
// that is not a patient, an unknown read or department is refused in Vietnamese and English.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { EligibilityMessage, IdentityView, Registration } from '../../../../daemon/src/api/contract.ts';
import { CheckinRepo } from '../../../../daemon/src/checkin/checkin-repo.ts';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import { PatientIndex } from '../../../../daemon/src/patients/patient-index.ts';
import { Registrations } from '../../../../daemon/src/patients/registrations.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo } from '../../../../daemon/src/storage/events-repo.ts';
import { loadIdHasher } from '../../../../daemon/src/storage/id-hash.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { WebhookQueue } from '../../../../daemon/src/webhook/webhook-queue.ts';

/** 2 March 2026, 08:30 in Vietnam. */
const T0 = Date.parse('2026-03-02T01:30:00Z');

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
// '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||'
const HUONG: IdentityView = {
  kind: 'cccd2024',
  id: '038196007654',
  cardCode: null,
  oldId: '173456789',
  name: 'Lê Thị Hường',
  dob: '1996-04-30',
  sex: 'F',
  address: 'Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa',
  issueDate: '2024-09-12',
};

const base = resolveConfig({
  facility: { id: '01001', name: 'Trung tâm Y tế quận Tây Hồ', stations: [{ id: 'main', desks: ['desk-1', 'desk-2'] }] },
  registration: {
    departments: [
      { id: 'kham-noi', name: 'Khám Nội', prefix: 'A' },
      { id: 'kham-ngoai', name: 'Khám Ngoại', prefix: 'B' },
      { id: 'cap-cuu', name: 'Cấp cứu', prefix: 'CC', visitCategory: '2' },
    ],
  },
});

/** One migrated SQLite file for the whole file (the subtests run one after another); each rig empties it. Synchronous NORMAL:
 *  a test needs no power-cut durability, and skipping the fsyncs keeps it fast. */
let shared: Promise<{ db: Db; dir: string }> | null = null;
function database(): Promise<{ db: Db; dir: string }> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-reg-'));
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

async function rig(o: { checkin?: boolean } = {}) {
  const { db, dir } = await database();
  await db.exec(
    'DELETE FROM checkins; DELETE FROM webhook_queue; DELETE FROM registrations; DELETE FROM possible_duplicates; DELETE FROM patient_identifiers; DELETE FROM patients; DELETE FROM scan_events; DELETE FROM daily_counters;',
  );
  const clock = { now: T0 };
  const now = (): Date => new Date(clock.now);
  const events = new EventsRepo(db);
  const index = new PatientIndex({ db, hashId: await loadIdHasher(dir), now });
  const webhook = new WebhookQueue(db);
  const config = { ...base, checkin: { enabled: o.checkin ?? false, facilityCode: o.checkin ? '01001' : null } };
  const regs = new Registrations({ db, events, index, config, checkins: new CheckinRepo(db), webhook, now });
  /** A read stored as the pipeline stores it, with the gateway's answer when given. */
  const read = async (identity: IdentityView | null, desk = 'desk-1', answer?: Pick<EligibilityMessage, 'outcome' | 'code'>): Promise<number> => {
    const [id] = await events.recordMany([
      {
        at: now(),
        deviceId: `s-${desk}`,
        deskId: desk,
        facilityId: '01001',
        stationId: 'main',
        source: 'scan',
        outcome: identity ? 'success' : 'error',
        errorCode: identity ? null : 'truncated',
        errorClass: identity ? null : 'read',
        payloadKind: identity?.kind ?? null,
        idHash: identity ? `hmac-${identity.sex}` : null,
        identityJson: identity ? JSON.stringify(identity) : null,
        rawHex: null,
      },
    ]);
    if (answer) await events.setEligibility(id!, answer.outcome, JSON.stringify({ ...answer, verification: 'verified' }), now());
    return id!;
  };
  const bodies: Array<[Registration, IdentityView]> = [];
  /** What HisWebhook.body does when a webhook is configured: the HIS's JSON. */
  const his = (reg: Registration, identity: IdentityView): string => {
    bodies.push([reg, identity]);
    return JSON.stringify({ type: 'registration', registration: reg, patient: identity });
  };
  const queued = () =>
    db.all<{ registration_id: number; idempotency_key: string; body: string }>('SELECT registration_id, idempotency_key, body FROM webhook_queue ORDER BY id');
  const count = async (table: string): Promise<number> => (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? 0;
  return { db, clock, regs, index, read, his, bodies, queued, count };
}

t.test('a read becomes a visit: the patient, the desk, the department, ticket A001 and the eligibility at that moment', async (t) => {
  const r = await rig();
  const eventId = await r.read(AN, 'desk-2', { outcome: 'eligible', code: '000' });
  const res = await r.regs.register(eventId, 'kham-noi', r.his);
  t.ok(res.ok);
  if (!res.ok) return;
  t.equal(res.created, true);
  t.same(res.identity, AN);
  t.same(res.registration, {
    id: res.registration.id,
    at: new Date(T0).toISOString(),
    day: '2026-03-02',
    eventId,
    patientId: await r.index.findBy('cccd', AN.id!),
    desk: 'desk-2',
    department: { id: 'kham-noi', name: 'Khám Nội' },
    queueNumber: 1,
    ticket: 'A001',
    eligibility: { outcome: 'eligible', code: '000' },
    checkIn: null,
    priority: { class: 'normal', reasons: [], partialDob: false, requested: [] },
  });
  t.ok(res.registration.patientId, 'the patient index knows the patient');
  t.same(await r.regs.get(res.registration.id), res.registration, 'read back the same');
  t.equal(await r.regs.get(res.registration.id + 1), undefined);
  t.same(
    (await r.queued()).map((q) => [q.registration_id, JSON.parse(q.body) as unknown]),
    [[res.registration.id, { type: 'registration', registration: res.registration, patient: AN }]],
    'the HIS delivery is queued with the registration as stored',
  );
  t.match((await r.queued())[0]!.idempotency_key, new RegExp(`^01001:registration:${res.registration.id}:`));
  t.equal(await r.count('checkins'), 0, 'check-in off: none queued');
});

t.test('a read not yet answered by the gateway registers with no eligibility outcome', async (t) => {
  const r = await rig();
  const res = await r.regs.register(await r.read(AN), 'kham-noi', r.his);
  t.match(res, { ok: true, registration: { eligibility: { outcome: null, code: null } } });
});

t.test('a gateway answer that comes after the registration is carried by it', async (t) => {
  const r = await rig();
  const res = await r.regs.register(await r.read(AN), 'kham-noi', r.his);
  if (!res.ok) return t.fail('not registered');
  t.equal(await r.regs.eligibilityArrived(res.registration.eventId, 'eligible', '000'), true);
  t.match(await r.regs.get(res.registration.id), { eligibility: { outcome: 'eligible', code: '000' } });
  t.equal(await r.regs.eligibilityArrived(res.registration.eventId, 'eligible', '000'), false, 'the same answer again changes nothing');
  t.equal(await r.regs.eligibilityArrived(99_999, 'eligible', '000'), false, 'an answer for a read never registered changes nothing');
});

t.test('registering the same read again returns the same ticket and queues nothing more', async (t) => {
  const r = await rig();
  const eventId = await r.read(AN);
  const first = await r.regs.register(eventId, 'kham-noi', r.his);
  const again = await r.regs.register(eventId, 'kham-noi', r.his);
  const elsewhere = await r.regs.register(eventId, 'kham-ngoai', r.his);
  t.match(again, { ok: true, created: false, identity: AN });
  t.same(again.ok && again.registration, first.ok && first.registration, 'the same ticket');
  t.match(
    elsewhere,
    { ok: true, created: false, registration: { ticket: 'A001', department: { id: 'kham-noi' } } },
    'another department does not make a second visit',
  );
  t.equal(await r.count('registrations'), 1);
  t.equal((await r.queued()).length, 1, 'the HIS gets it once');
  t.equal(r.bodies.length, 1);
});

t.test('a double tap at the same moment registers once', async (t) => {
  const r = await rig();
  const eventId = await r.read(AN);
  const both = await Promise.all([r.regs.register(eventId, 'kham-noi', r.his), r.regs.register(eventId, 'kham-noi', r.his)]);
  t.same(both.map((b) => b.ok && [b.registration.ticket, b.created]).sort(), [
    ['A001', false],
    ['A001', true],
  ]);
  t.equal(await r.count('registrations'), 1);
  t.equal((await r.queued()).length, 1);
});

t.test('numbers run per department and restart every Vietnam day; desks at the same moment never share one', async (t) => {
  const r = await rig();
  const tickets = async (dep: string, n: number): Promise<string[]> => {
    const ids = [];
    for (let i = 0; i < n; i++) ids.push(await r.read(i % 2 ? AN : HUONG, i % 2 ? 'desk-1' : 'desk-2'));
    const res = await Promise.all(ids.map((id) => r.regs.register(id, dep, r.his)));
    return res.map((x) => (x.ok ? x.registration.ticket : x.error.body.error.code)).sort();
  };
  t.same(await tickets('kham-noi', 4), ['A001', 'A002', 'A003', 'A004'], 'four at once: four numbers');
  t.same(await tickets('kham-ngoai', 2), ['B001', 'B002'], 'another department counts on its own');
  t.same(await tickets('cap-cuu', 1), ['CC001']);
  r.clock.now = Date.parse('2026-03-02T16:59:59Z');
  t.same(await tickets('kham-noi', 1), ['A005'], '23:59:59 in Vietnam: still the same day');
  r.clock.now = Date.parse('2026-03-02T17:00:00Z');
  const next = await r.regs.register(await r.read(AN), 'kham-noi', r.his);
  t.match(next, { ok: true, registration: { ticket: 'A001', queueNumber: 1, day: '2026-03-03' } }, 'midnight in Vietnam: A001 again');
});

t.test('refusals: an unknown department, an unknown read, a read that found no patient; nothing stored', async (t) => {
  const r = await rig();
  const good = await r.read(AN);
  const rejected = await r.read(null);
  const cases: Array<[string, number, string, { status: number; code: string; vi: string; en: string }]> = [
    [
      'unknown department',
      good,
      'rang-ham-mat',
      { status: 400, code: 'UNKNOWN_DEPARTMENT', vi: 'Không có khoa này (registration.departments).', en: 'No such department (registration.departments).' },
    ],
    ['unknown read', 424242, 'kham-noi', { status: 404, code: 'EVENT_NOT_FOUND', vi: 'Không có lượt 424242.', en: 'No event 424242.' }],
    [
      'a rejected read',
      rejected,
      'kham-noi',
      { status: 409, code: 'NOT_A_PATIENT', vi: 'Lượt này không đọc được người bệnh.', en: 'This read found no patient.' },
    ],
  ];
  for (const [what, eventId, dep, want] of cases) {
    const res = await r.regs.register(eventId, dep, r.his);
    t.same(res.ok ? null : { status: res.error.status, ...res.error.body.error }, want, what);
  }
  t.equal(await r.count('registrations'), 0);
  t.equal(await r.count('patients'), 0, 'a refused registration teaches the index nothing');
  t.same(await r.queued(), []);
  t.same(r.bodies, [], 'and nothing is made for the HIS');
});

t.test('without a webhook nothing is queued for the HIS', async (t) => {
  const r = await rig();
  const res = await r.regs.register(await r.read(AN), 'kham-noi', () => null);
  t.match(res, { ok: true, created: true, registration: { ticket: 'A001' } });
  t.same(await r.queued(), []);
});

t.test('when the HIS body cannot be made the registration is not kept either (one transaction)', async (t) => {
  const r = await rig({ checkin: true });
  const eventId = await r.read(AN);
  await t.rejects(
    r.regs.register(eventId, 'kham-noi', () => {
      throw new Error('body failed');
    }),
    { message: 'body failed' },
  );
  t.equal(await r.count('registrations'), 0, 'no ticket without its HIS delivery');
  t.equal(await r.count('checkins'), 0, 'nor its check-in');
  const retry = await r.regs.register(eventId, 'kham-noi', r.his);
  t.match(retry, { ok: true, created: true, registration: { ticket: 'A001' } }, 'the number was not used up');
});

t.test('with check-in on, the visit is queued for check-in under its MA_LK; an emergency is recorded as not sent', async (t) => {
  const r = await rig({ checkin: true });
  const visit = await r.regs.register(await r.read(AN), 'kham-noi', r.his);
  t.ok(visit.ok);
  if (!visit.ok) return;
  t.same(visit.registration.checkIn, {
    maLk: `01001.20260302.${visit.registration.id}`,
    state: 'queued',
    code: null,
    message: null,
    maGiaoDich: null,
    thoiGianTiepNhan: null,
    sentAt: null,
  });
  t.match(JSON.parse((await r.queued())[0]!.body), { registration: { checkIn: { state: 'queued' } } }, 'the HIS body carries the check-in state');
  const emergency = await r.regs.register(await r.read(HUONG), 'cap-cuu', r.his);
  t.match(emergency, {
    ok: true,
    registration: { ticket: 'CC001', checkIn: { state: 'skipped', message: 'Cấp cứu: không gửi check-in / emergency: not checked in' } },
  });
});
