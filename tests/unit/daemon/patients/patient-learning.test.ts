// The patient index learns from the daemon's announcements, over a real SQLite file: every identified
// read makes or finds the patient, and a gateway answer links the card codes it returns to the
// patient of the read it answers, so the next visit by card code finds them. A rejected read teaches
// nothing; a failure is logged, never thrown at the bus (a scan must still reach the desk); stop
// applies what is queued, and after it nothing more is learnt.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import type { EligibilityMessage, IdentityView, ScanMessage } from '../../../../daemon/src/api/contract.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { PatientIndex } from '../../../../daemon/src/patients/patient-index.ts';
import { PatientLearning } from '../../../../daemon/src/patients/patient-learning.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo, type StoredEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { loadIdHasher } from '../../../../daemon/src/storage/id-hash.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { keepAtOnce } from '../../../helpers/write-at-once.ts';

const T0 = Date.parse('2026-03-02T01:30:00Z');
/** PatientIndex learns in batches, this long after the first sighting of a batch. */
const BATCH_DELAY_MS = 200;

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

const scan = (eventId: number, identity: IdentityView | null): ScanMessage => ({
  eventId,
  deviceId: 's-1',
  desk: 'desk-1',
  source: 'scan',
  at: new Date(T0).toISOString(),
  ok: identity !== null,
  identity,
  warnings: [],
  error: identity ? null : { code: 'truncated', vi: 'Mã QR bị cắt', en: 'truncated QR code' },
  eligibility: identity ? 'pending' : 'none',
});

const answer = (eventId: number, maThe: string | null, verification: EligibilityMessage['verification'] = 'verified'): EligibilityMessage =>
  ({ eventId, outcome: 'eligible', code: '000', verification, card: maThe ? { maThe, maTheMoi: null } : null }) as unknown as EligibilityMessage;

/** One migrated SQLite file for the whole file (the subtests run one after another); each rig empties it. Synchronous NORMAL:
 *  a test needs no power-cut durability, and skipping the fsyncs keeps it fast. */
let shared: Promise<{ db: Db; dir: string }> | null = null;
function database(): Promise<{ db: Db; dir: string }> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-learn-'));
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

async function rig(t: Test, eventOf?: (id: number) => Promise<StoredEvent | undefined>) {
  const { db, dir } = await database();
  await db.exec('DELETE FROM possible_duplicates; DELETE FROM patient_identifiers; DELETE FROM patients; DELETE FROM scan_events; DELETE FROM daily_counters;');
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const events = new EventsRepo(db);
  const index = new PatientIndex({ db, hashId: await loadIdHasher(dir), now: () => new Date(T0) });
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  const bus = new EventBus(log);
  const lookups: Array<Promise<unknown>> = [];
  /** What registrations were told: the answers that came after a visit was registered. */
  const arrived: Array<[number, string, string]> = [];
  const learning = new PatientLearning({
    registrations: {
      eligibilityArrived: async (eventId, outcome, code) => {
        arrived.push([eventId, outcome, code]);
        return true;
      },
    },
    bus,
    patients: index,
    eventOf: (id) => {
      const p = (eventOf ?? ((i: number) => events.stored(i)))(id);
      lookups.push(p.catch(() => undefined));
      return p;
    },
    log,
    keep: keepAtOnce,
  });
  /** A read stored as the pipeline stores it. */
  const stored = async (identity: IdentityView | null): Promise<number> =>
    (
      await events.recordMany([
        {
          at: new Date(T0),
          deviceId: 's-1',
          deskId: 'desk-1',
          facilityId: 'F1',
          stationId: 'main',
          source: 'scan',
          outcome: identity ? 'success' : 'error',
          errorCode: identity ? null : 'truncated',
          errorClass: identity ? null : 'read',
          payloadKind: identity?.kind ?? null,
          idHash: identity ? 'hmac-of-the-id' : null,
          identityJson: identity ? JSON.stringify(identity) : null,
          rawHex: null,
        },
      ])
    )[0]!;
  /** Stops learning once every answer's read has been looked up, letting the batch delay pass. */
  const stop = async (): Promise<void> => {
    await Promise.all(lookups);
    const stopping = learning.stop();
    await clock.tickAsync(BATCH_DELAY_MS);
    await stopping;
  };
  const patients = async (): Promise<number> => (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM patients'))?.n ?? 0;
  return { db, bus, index, learning, stored, stop, patients, lines, clock, arrived };
}

t.test('an identified read makes the patient, found afterwards by each identifier on the card', async (t) => {
  const r = await rig(t);
  r.learning.start();
  r.bus.emit('scan', scan(await r.stored(AN), AN));
  await r.stop();
  const id = await r.index.findBy('cccd', AN.id!);
  t.ok(id, 'found by the 12-digit ID');
  t.equal(await r.index.findBy('cmnd', AN.oldId!), id, 'and by the old CMND');
  t.match(await r.index.get(id!), { name: 'Nguyễn Văn An', dob: '1989-03-15' });
});

t.test('a rejected read teaches nothing', async (t) => {
  const r = await rig(t);
  r.learning.start();
  r.bus.emit('scan', scan(await r.stored(null), null));
  await r.stop();
  t.equal(await r.patients(), 0);
});

t.test('a gateway answer links its card code to the patient of the read it answers', async (t) => {
  const r = await rig(t);
  r.learning.start();
  const eventId = await r.stored(AN);
  r.bus.emit('scan', scan(eventId, AN));
  r.bus.emit('eligibility', answer(eventId, 'DN4010123456789'));
  await r.stop();
  const patient = await r.index.findBy('cccd', AN.id!);
  t.equal(await r.index.findBy('bhyt', 'DN4010123456789'), patient, 'the next visit by BHYT card finds the same patient');
  t.equal(await r.index.findBy('bhxh', '0123456789'), patient, 'and by the BHXH number in the code');
  t.equal(await r.patients(), 1, 'one patient, not two');
});

t.test('an answer without a card, for a rejected read, or for a read no longer stored teaches nothing', async (t) => {
  const r = await rig(t);
  r.learning.start();
  r.bus.emit('eligibility', answer(await r.stored(AN), null));
  r.bus.emit('eligibility', answer(await r.stored(null), 'DN4010123456789'));
  r.bus.emit('eligibility', answer(999, 'DN4010123456789'));
  await r.stop();
  t.equal(await r.patients(), 0);
  t.equal(await r.index.findBy('bhyt', 'DN4010123456789'), null);
  t.same(r.lines, [], 'none of these is an error');
});

t.test('a failed lookup of the read is logged, without the patient, and the bus goes on', async (t) => {
  const r = await rig(t, () => Promise.reject(new Error('SQLITE_BUSY: database is locked')));
  r.learning.start();
  let heard = 0;
  r.bus.on('eligibility', () => void heard++);
  r.bus.emit('eligibility', answer(1, 'DN4010123456789'));
  await r.stop();
  t.equal(heard, 1, 'the other listeners still heard the answer');
  t.match(r.lines, [{ level: 50, msg: 'patient index update failed', err: 'SQLITE_BUSY: database is locked' }]);
  t.notMatch(JSON.stringify(r.lines), 'DN4010123456789');
});

t.test('after stop nothing more is learnt', async (t) => {
  const r = await rig(t);
  r.learning.start();
  await r.stop();
  r.bus.emit('scan', scan(await r.stored(AN), AN));
  await r.clock.tickAsync(10 * BATCH_DELAY_MS);
  await r.index.settle();
  t.equal(await r.patients(), 0);
});

t.test('a card code that arrives just before shutdown is still learnt before stop resolves (the database closes next)', async (t) => {
  const r = await rig(t);
  r.learning.start();
  // The read's own sighting was learnt earlier; only the answer is in flight when the daemon stops.
  const eventId = await r.stored(AN);
  r.bus.emit('eligibility', answer(eventId, 'DN4010123456789'));
  let stopped = false;
  const stopping = r.learning.stop().then(() => void (stopped = true));
  // Let the read's lookup (real SQLite I/O) and the batch delay (fake time) run until stop resolves.
  while (!stopped) {
    await new Promise((resolve) => setImmediate(resolve));
    await r.clock.tickAsync(BATCH_DELAY_MS);
  }
  await stopping;
  const patient = await r.index.findBy('bhyt', 'DN4010123456789');
  t.ok(patient, 'the card code is stored');
  t.equal(await r.index.findBy('cccd', AN.id!), patient, 'with the patient of the read it answers');
  t.same(r.lines, [], 'no late write after stop');
});

t.test('a gateway answer goes to the registration of its read; an unverified or unanswered lookup does not', async (t) => {
  const r = await rig(t);
  r.learning.start();
  const eventId = await r.stored(AN);
  r.bus.emit('eligibility', answer(eventId, null, 'unverified'));
  r.bus.emit('eligibility', answer(eventId, null, 'unanswered'));
  r.bus.emit('eligibility', answer(eventId, null, 'deferred'));
  await r.stop();
  t.same(r.arrived, [[eventId, 'eligible', '000']], 'only the answer the verify-later worker got');
});
