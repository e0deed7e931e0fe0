// The audit log a hospital's data-protection officer reads: every read and search (from its own
// event row) and every view of stored patient data (audit_log), who did it, from which desk, when,
// with what outcome, newest first and paged without losing or repeating an entry. It holds the
// keyed hash of an ID, never a name or the ID itself, so retention keeps it whole.

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { IdentityView } from '../../../../daemon/src/api/contract.ts';
import { AuditLog, auditView, decodeCursor, type AuditEntry } from '../../../../daemon/src/audit/audit-log.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import type { KeepWrite } from '../../../../daemon/src/storage/storage-health.ts';
import { auditChange } from '../../../../daemon/src/http-kit/caller.ts';
import { keepAtOnce } from '../../../helpers/write-at-once.ts';

// Migrated once for the file (a migration costs more than a copy); each test gets its own copy.
// synchronous NORMAL: a test needs no power-cut durability, and skipping the fsyncs keeps it fast.
const template = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
t.teardown(() => rm(template, { recursive: true, force: true }));
const seed = await Db.open(join(template, 'db.sqlite'), { synchronous: 'NORMAL' });
await migrate(seed);
await seed.close();

async function open(t: Test): Promise<{ db: Db; events: EventsRepo; audit: AuditLog }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  await copyFile(join(template, 'db.sqlite'), join(dir, 'db.sqlite'));
  const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { db, events: new EventsRepo(db), audit: new AuditLog(db) };
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

const T = Date.parse('2026-11-23T03:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

function read(at: number, over: Partial<NewEvent> = {}): NewEvent {
  return {
    at: new Date(at),
    deviceId: 'sc-1',
    deskId: 'desk-1',
    facilityId: 'F1',
    stationId: 'main',
    source: 'scan',
    outcome: 'success',
    errorCode: null,
    errorClass: null,
    payloadKind: 'cccd2021',
    idHash: 'hmac-an',
    identityJson: JSON.stringify(AN),
    rawHex: null,
    ...over,
  };
}
const unreadable = (at: number, errorCode: string | null): NewEvent =>
  read(at, { outcome: 'error', errorCode, errorClass: 'read', payloadKind: null, idHash: null, identityJson: null, rawHex: '3030' });

const view = (at: number, over: Partial<Omit<AuditEntry, 'at'>> = {}) => ({
  at: new Date(at),
  actor: 'tok-tech-1',
  desk: 'desk-2',
  action: 'history',
  eventId: 1,
  idHash: 'hmac-an',
  outcome: 'shown',
  ...over,
});

/** Every page from newest to oldest, following `next`. */
async function allPages(audit: AuditLog, from: string, to: string, limit: number): Promise<{ entries: AuditEntry[]; pages: number }> {
  const entries: AuditEntry[] = [];
  let before: string | null = null;
  let pages = 0;
  do {
    const page = await audit.auditLog(from, to, { limit, before: before === null ? null : decodeCursor(before) });
    entries.push(...page.entries);
    before = page.next;
    pages++;
  } while (before !== null && pages < 100);
  return { entries, pages };
}

t.test('reads, searches and views of stored data make one log, newest first', async (t) => {
  const { events, audit } = await open(t);
  const [scan, search, bad, odd] = await events.recordMany([
    read(T),
    read(T + 1000, { source: 'search', actor: 'tok-reception-1', deskId: 'desk-2' }),
    unreadable(T + 2000, 'truncated'),
    unreadable(T + 3000, null),
  ]);
  await audit.audit(view(T + 4000, { eventId: scan! }));
  await audit.audit(view(T + 5000, { action: 'patient', eventId: null, subject: 'patient:12' }));
  const { entries, next } = await audit.auditLog(iso(T), iso(T + DAY));
  t.same(entries, [
    { at: iso(T + 5000), actor: 'tok-tech-1', desk: 'desk-2', action: 'patient', eventId: null, idHash: 'hmac-an', outcome: 'shown', subject: 'patient:12' },
    { at: iso(T + 4000), actor: 'tok-tech-1', desk: 'desk-2', action: 'history', eventId: scan, idHash: 'hmac-an', outcome: 'shown', subject: null },
    { at: iso(T + 3000), actor: 'sc-1', desk: 'desk-1', action: 'scan', eventId: odd, idHash: null, outcome: 'error', subject: null },
    { at: iso(T + 2000), actor: 'sc-1', desk: 'desk-1', action: 'scan', eventId: bad, idHash: null, outcome: 'truncated', subject: null },
    { at: iso(T + 1000), actor: 'tok-reception-1', desk: 'desk-2', action: 'search', eventId: search, idHash: 'hmac-an', outcome: 'success', subject: null },
    { at: iso(T), actor: 'sc-1', desk: 'desk-1', action: 'scan', eventId: scan, idHash: 'hmac-an', outcome: 'success', subject: null },
  ]);
  t.equal(next, null, 'everything fit on one page');
  t.notMatch(JSON.stringify(entries), /Nguyễn|001089012345|013456789|Thụy Khuê/, 'no name, ID or address in the log');
});

t.test('a period includes its start and excludes its end', async (t) => {
  const { events, audit } = await open(t);
  await events.recordMany([read(T - 1), read(T), read(T + DAY - 1), read(T + DAY)]);
  await audit.audit(view(T - 1));
  await audit.audit(view(T));
  await audit.audit(view(T + DAY));
  const { entries } = await audit.auditLog(iso(T), iso(T + DAY));
  t.same(
    entries.map((e) => [e.at, e.action]),
    [
      [iso(T + DAY - 1), 'scan'],
      [iso(T), 'history'],
      [iso(T), 'scan'],
    ],
  );
});

t.test('paging through entries that share a timestamp loses and repeats none', async (t) => {
  const { events, audit } = await open(t);
  // A busy minute: reads and views recorded at the very same millisecond.
  await events.recordMany([read(T), read(T), read(T), read(T + 1000), read(T + 1000)]);
  for (let i = 0; i < 4; i++) await audit.audit(view(T, { eventId: i + 1, actor: `tok-${i}` }));
  await audit.audit(view(T + 1000, { eventId: 4 }));
  const everything = (await audit.auditLog(iso(T), iso(T + DAY))).entries;
  t.equal(everything.length, 10);
  for (const limit of [1, 2, 3, 4, 5, 10]) {
    const { entries, pages } = await allPages(audit, iso(T), iso(T + DAY), limit);
    t.same(entries, everything, `pages of ${limit} give the same entries in the same order`);
    t.equal(pages, Math.ceil(10 / limit), `${pages} pages of ${limit}: the last full page says there is no more`);
  }
  t.same(
    everything.filter((e) => e.at === iso(T)).map((e) => [e.action, e.eventId]),
    [
      ['history', 4],
      ['history', 3],
      ['history', 2],
      ['history', 1],
      ['scan', 3],
      ['scan', 2],
      ['scan', 1],
    ],
    'at the same instant: views before reads, each newest first',
  );
});

t.test('a page cursor reads back as written; anything else is refused', async (t) => {
  const { events, audit } = await open(t);
  await events.recordMany([read(T), read(T + 1000)]);
  await audit.audit(view(T));
  const page = await audit.auditLog(iso(T), iso(T + DAY), { limit: 2 });
  t.same(decodeCursor(page.next!), { at: iso(T), kind: 1, seq: 1 }, 'the last entry of the page: the view at T');
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const refused: Array<[string, string]> = [
    ['', 'empty'],
    ['not base64 json', 'garbage'],
    [b64({ at: iso(T), kind: 1, seq: 1 }), 'an object instead of the array'],
    [b64([iso(T), 2, 1]), 'an unknown kind'],
    [b64([iso(T), 1, 1.5]), 'a fractional sequence'],
    [b64([iso(T), 1, '1']), 'a sequence as text'],
    [b64([42, 1, 1]), 'a time that is not text'],
  ];
  for (const [cursor, why] of refused) t.equal(decodeCursor(cursor), null, why);
});

t.test('retention erases patient details but the audit of who saw them stays', async (t) => {
  const { db, events, audit } = await open(t);
  const [old] = await events.recordMany([read(T - 40 * DAY)]);
  await audit.audit(view(T - 40 * DAY + 1000, { eventId: old! }));
  await db.transaction(() => events.purgeDetailsBeforeNow(iso(T - 30 * DAY)));
  const { entries } = await audit.auditLog(iso(T - 41 * DAY), iso(T));
  t.same(
    entries.map((e) => [e.action, e.eventId, e.idHash, e.outcome]),
    [
      ['history', old, 'hmac-an', 'shown'],
      ['scan', old, 'hmac-an', 'success'],
    ],
  );
});

t.test('a route showing stored data is audited before it answers; a failed write refuses the view (AUDIT_UNAVAILABLE)', async (t) => {
  const { audit } = await open(t);
  const errors: Array<[object, string]> = [];
  const log = { error: (obj: object, msg: string) => void errors.push([obj, msg]) };
  const shown = auditView(audit, () => new Date(T), log, keepAtOnce);
  await shown(
    { id: 'tok-reception-1', role: 'reception', desk: 'desk-1' },
    { action: 'registration', desk: 'desk-1', eventId: 7, idHash: 'hmac-an', subject: 'registration:5' },
  );
  await shown(null, { action: 'history', desk: 'desk-3', eventId: 8, idHash: null });
  t.same((await audit.auditLog(iso(T), iso(T + 1))).entries, [
    { at: iso(T), actor: 'local', desk: 'desk-3', action: 'history', eventId: 8, idHash: null, outcome: 'shown', subject: null },
    {
      at: iso(T),
      actor: 'tok-reception-1',
      desk: 'desk-1',
      action: 'registration',
      eventId: 7,
      idHash: 'hmac-an',
      outcome: 'shown',
      subject: 'registration:5',
    },
  ]);

  const broken = { audit: () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')) } as unknown as AuditLog;
  const failing = auditView(broken, () => new Date(T), log, keepAtOnce);
  await t.rejects(failing(null, { action: 'history', desk: 'desk-1', eventId: 9, idHash: null }), { code: 'AUDIT_UNAVAILABLE' }, 'the view is refused');
  t.same(errors, [[{ err: 'SQLITE_FULL: database or disk is full', action: 'history' }, 'audit write failed']]);
});

t.test('the audit row of a change goes through the durable write path: it waits for a full disk and is kept, the answer does not wait', async (t) => {
  const { audit } = await open(t);
  const kept: Array<{ what: string; run: () => Promise<unknown> }> = [];
  const keep: KeepWrite = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => void kept.push({ what, run: () => fn().then(resolve, reject) }));
  const log = { error: () => t.fail('nothing is logged') };
  const record = auditView(audit, () => new Date(T), log, keep);
  const returned: unknown = auditChange(
    record,
    { id: 'tok-tech-1', role: 'technician', desk: null },
    { action: 'assignDesk', desk: 'desk-2', eventId: null, idHash: null, subject: 'device:s1' },
  );
  t.equal(returned, undefined, 'nothing for the route to wait for');
  t.same(
    kept.map((k) => k.what),
    ['audit row'],
    'the row is queued as a write that must be kept',
  );
  t.same((await audit.auditLog(iso(T), iso(T + 1))).entries, [], 'not written while the disk is full');
  await kept[0]!.run();
  t.match(
    (await audit.auditLog(iso(T), iso(T + 1))).entries,
    [{ actor: 'tok-tech-1', action: 'assignDesk', subject: 'device:s1' }],
    'written when the queue gets to it',
  );
});
