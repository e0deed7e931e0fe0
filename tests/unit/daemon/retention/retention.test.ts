// Retention over a real SQLite file: after `privacy.retentionDays` a patient's details are erased
// everywhere they were kept (the read's identity, cached gateway answers, pending checks, visit
// histories, webhook bodies, the patient index's names and clear identifiers), while the counts the
// district report is made from, the reads themselves and the registrations stay. A webhook the HIS
// never took leaves a tombstone without personal data. Afterwards the old values are nowhere in the
// database files (docs/reference/security.md). It runs at start and then hourly.

import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import type { IdentityView } from '../../../../daemon/src/api/contract.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { PatientIndex } from '../../../../daemon/src/patients/patient-index.ts';
import { sightingOfIdentity } from '../../../../daemon/src/patients/sightings.ts';
import { Retention } from '../../../../daemon/src/retention/retention.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EligibilityRepo } from '../../../../daemon/src/storage/eligibility-repo.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { loadIdHasher } from '../../../../daemon/src/storage/id-hash.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { StatusSignal } from '../../../../daemon/src/vocabulary/status-signal.ts';
import { WebhookQueue } from '../../../../daemon/src/webhook/webhook-queue.ts';

/** 2 March 2026; with 30 days of retention everything before 31 January 03:00 UTC goes. */
const NOW = Date.parse('2026-03-02T03:00:00Z');
const OLD = new Date('2026-01-20T03:00:00Z');
const RECENT = new Date('2026-02-25T03:00:00Z');

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

const read = (at: Date, who: IdentityView): NewEvent => ({
  at,
  deviceId: 's-1',
  deskId: 'desk-1',
  facilityId: 'F1',
  stationId: 'main',
  source: 'scan',
  outcome: 'success',
  errorCode: null,
  errorClass: null,
  payloadKind: who.kind,
  idHash: `hmac-of-${who.sex}`, // stands for the keyed hash: no clear ID
  identityJson: JSON.stringify(who),
  rawHex: null,
});

// Migrated once for the file, on first use (a migration costs more than a copy; no top-level await,
// which would let the one-process unit suite end before the files after this one); each test gets its
// own copy. Synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
let template: Promise<string> | null = null;
function migrated(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-ret-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
    await migrate(db);
    await db.close();
    return join(dir, 'db.sqlite');
  })();
  return template;
}

async function rig(t: Test, retentionDays = 30) {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-ret-'));
  const file = join(dir, 'db.sqlite');
  await copyFile(await migrated(), file);
  const db = await Db.open(file, { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  const clock = { now: NOW };
  const events = new EventsRepo(db);
  const eligibility = new EligibilityRepo(db);
  const webhook = new WebhookQueue(db);
  const patients = new PatientIndex({ db, hashId: await loadIdHasher(dir), now: () => new Date(clock.now) });
  const status = new StatusSignal();
  const heard: string[] = [];
  status.on((s) => void heard.push(s));
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const log = createLogger('info', {
    write: (s: string) => {
      raw.push(s);
      lines.push(JSON.parse(s) as Record<string, unknown>);
    },
  });
  let afterPurge = 0;
  const retention = new Retention({
    config: { privacy: { retentionDays } },
    db,
    events,
    eligibility,
    webhook,
    patients,
    now: () => new Date(clock.now),
    log,
    status,
    afterPurge: async () => void afterPurge++,
  });
  return { db, file, clock, events, eligibility, webhook, patients, retention, heard, lines, raw, afterPurge: () => afterPurge };
}

/** An old visit of An and a recent one of Hường, each kept wherever the daemon keeps a patient. */
async function seed(r: Awaited<ReturnType<typeof rig>>) {
  const [oldEvent, recentEvent] = await r.events.recordMany([read(OLD, AN), read(RECENT, HUONG)]);
  for (const [id, who, at] of [
    [oldEvent!, AN, OLD],
    [recentEvent!, HUONG, RECENT],
  ] as const) {
    await r.eligibility.cachePut(`hmac-key-${who.sex}`, JSON.stringify({ hoTen: who.name, maThe: 'DN4010123456789' }), at.toISOString());
    await r.eligibility.enqueue({ eventId: id, deviceId: 's-1', desk: 'desk-1' }, { maThe: who.id!, hoTen: who.name, ngaySinh: who.dob }, at.getTime(), at);
    await r.eligibility.historyPut(id, '000', JSON.stringify([{ hoTen: who.name }]), at);
    r.clock.now = at.getTime();
    await r.patients.observe(sightingOfIdentity(who));
  }
  r.clock.now = NOW;
  // Registrations: An's old one delivered to the HIS, another old one the HIS never took, Hường's waiting.
  const regs: number[] = [];
  for (const [eventId, at] of [
    [oldEvent!, OLD],
    [oldEvent! + 100, OLD],
    [recentEvent!, RECENT],
  ] as const) {
    const { lastID } = await r.db.run(
      "INSERT INTO registrations (at, day, event_id, patient_id, desk_id, department, queue_number, ticket) VALUES (?, ?, ?, NULL, 'desk-1', 'kham-noi', ?, 'A001')",
      [at.toISOString(), at.toISOString().slice(0, 10), eventId, eventId],
    );
    regs.push(lastID);
  }
  const body = (who: IdentityView): string => JSON.stringify({ type: 'registration', patient: who });
  await r.db.transaction(async () => {
    await r.webhook.enqueueNow({ facilityId: 'F1', kind: 'registration', ref: regs[0]!, registrationId: regs[0]!, body: body(AN), at: OLD });
    await r.webhook.enqueueNow({ facilityId: 'F1', kind: 'registration', ref: regs[1]!, registrationId: regs[1]!, body: body(AN), at: OLD });
    await r.webhook.enqueueNow({ facilityId: 'F1', kind: 'registration', ref: regs[2]!, registrationId: regs[2]!, body: body(HUONG), at: RECENT });
    // A merge event is about record numbers only, and never tombstoned.
    await r.webhook.enqueueNow({ facilityId: 'F1', kind: 'patientMerged', ref: 1, registrationId: 0, body: '{"type":"patientMerged","mergeId":1}', at: OLD });
  });
  const [first] = await r.webhook.due(NOW);
  await r.webhook.delivered(first!.id, OLD);
  return { oldEvent: oldEvent!, recentEvent: recentEvent!, regs };
}

t.test('details past retention are erased everywhere; the recent patient, the counts and the reads stay', async (t) => {
  const r = await rig(t);
  const { oldEvent, recentEvent, regs } = await seed(r);
  const countersBefore = await r.db.all('SELECT * FROM daily_counters ORDER BY day');

  const result = await r.retention.purge();
  t.same(result, { events: 1, cacheEntries: 1, pendingChecks: 1, visitHistories: 1, undeliveredWebhooks: 1, patients: 1 });

  t.equal((await r.events.stored(oldEvent))?.identity, null, 'the old read no longer says who it was');
  t.same((await r.events.stored(recentEvent))?.identity, HUONG, 'the recent one does');
  t.equal((await r.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM scan_events'))?.n, 2, 'the reads themselves stay');
  t.same(await r.db.all('SELECT * FROM daily_counters ORDER BY day'), countersBefore, 'the counts behind the district report are untouched');
  t.same(await r.db.all('SELECT key_hash FROM eligibility_cache'), [{ key_hash: 'hmac-key-F' }]);
  t.same(await r.db.all('SELECT event_id FROM verify_queue'), [{ event_id: recentEvent }]);
  t.same(await r.db.all('SELECT event_id FROM visit_history'), [{ event_id: recentEvent }]);
  t.equal((await r.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM registrations'))?.n, 3, 'registrations stay');

  const queue = await r.db.all<{ registration_id: number; body: string; purged_at: string | null; delivered_at: string | null }>(
    'SELECT registration_id, body, purged_at, delivered_at FROM webhook_queue ORDER BY id',
  );
  t.same(
    queue.map((q) => [q.registration_id, q.body, q.purged_at]),
    [
      [regs[0], '{}', null],
      [regs[1], JSON.stringify({ type: 'purged', registrationId: regs[1] }), new Date(NOW).toISOString()],
      [regs[2], JSON.stringify({ type: 'registration', patient: HUONG }), null],
      [0, '{"type":"patientMerged","mergeId":1}', null],
    ],
    'delivered: emptied; never delivered: a tombstone; recent and merge events: as they were',
  );
  t.same(
    (await r.webhook.due(NOW)).map((q) => q.registration_id),
    [regs[2], 0],
    'the tombstone is not delivered',
  );

  const an = await r.patients.findBy('cccd', AN.id!);
  t.match(await r.patients.get(an!), { name: null, dob: null, sex: null, address: null }, 'the old patient is still found by the hash, but nameless');
  t.ok((await r.patients.get(an!))?.identifiers.every((i) => i.value === null));
  t.match(await r.patients.get((await r.patients.findBy('cccd', HUONG.id!))!), { name: 'Lê Thị Hường', address: HUONG.address });
});

t.test('after a purge the old values are nowhere in the database files', async (t) => {
  const r = await rig(t);
  await seed(r);
  const files = async (): Promise<Buffer> => Buffer.concat([await readFile(r.file), await readFile(`${r.file}-wal`).catch(() => Buffer.alloc(0))]);
  t.not((await files()).indexOf(Buffer.from(AN.name, 'utf8')), -1, 'before: the old patient is in the files');
  await r.retention.purge();
  const bytes = await files();
  for (const gone of [AN.name, AN.id!, AN.oldId!, AN.address, 'nguyễn văn an']) t.equal(bytes.indexOf(Buffer.from(gone, 'utf8')), -1, `no "${gone}"`);
  t.not(bytes.indexOf(Buffer.from(HUONG.name, 'utf8')), -1, 'the recent patient is still there (the search is not blind)');
});

t.test('each purge tells health and re-checks the data folder; the log has counts, never a patient', async (t) => {
  const r = await rig(t);
  await seed(r);
  await r.retention.purge();
  t.same(r.heard, ['retention']);
  t.equal(r.afterPurge(), 1);
  const info = r.lines.filter((l) => l['msg'] === 'patient details past retention erased');
  t.match(info, [{ events: 1, cacheEntries: 1, pendingChecks: 1, visitHistories: 1, undeliveredWebhooks: 1, patients: 1, retentionDays: 30 }]);
  for (const secret of [AN.name, AN.id!, AN.oldId!]) t.notMatch(r.raw.join('\n'), secret, `no "${secret}" in the log`);

  t.same(
    await r.retention.purge(),
    { events: 0, cacheEntries: 0, pendingChecks: 0, visitHistories: 0, undeliveredWebhooks: 0, patients: 0 },
    'nothing more to erase',
  );
  t.equal(r.lines.filter((l) => l['msg'] === 'patient details past retention erased').length, 1, 'a purge that erased nothing is not logged');
  t.same(r.heard, ['retention', 'retention'], 'health is told anyway');
  t.equal(r.afterPurge(), 2);
});

t.test('retentionDays 0: everything older than now goes', async (t) => {
  const r = await rig(t, 0);
  await seed(r);
  t.match(await r.retention.purge(), { events: 2, cacheEntries: 2, patients: 2 });
});

t.test('started, it purges at once and then every hour; stopped, no more', async (t) => {
  const r = await rig(t);
  await seed(r);
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  await r.retention.start();
  t.same(r.heard, ['retention'], 'purged before start returns');
  t.equal((await r.events.stored(1))?.identity, null);
  await clock.tickAsync(3600_000 - 1);
  t.equal(r.heard.length, 1, 'not again within the hour');
  await clock.tickAsync(1);
  await r.retention.stop();
  t.equal(r.heard.length, 2, 'again after an hour (stop waited for it)');
  await clock.tickAsync(5 * 3600_000);
  t.equal(r.heard.length, 2, 'nothing after stop');
});
