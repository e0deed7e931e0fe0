// The check-in worker over a real queue in SQLite: a registration's XML0 is built once the card check
// has answered, signed, sent, and settled (accepted with the gateway's transaction id, refused with
// its message, or skipped when the patient is not insured), the desk told each time. While the
// gateway is down one probe goes out per cycle with growing delays and nothing is lost; a refused
// check-in can be sent again after a fix. Nothing of the patient goes into the log.

import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import forge from 'node-forge';
import t, { type Test } from 'tap';
import type { CheckInNotice, EligibilityCard, EligibilityMessage, IdentityView, Registration } from '../../../../daemon/src/api/contract.ts';
import type { CheckinConfig } from '../../../../daemon/src/checkin/checkin-config.ts';
import { CheckinRepo } from '../../../../daemon/src/checkin/checkin-repo.ts';
import { CheckinService, registrationXml0, type CheckinServiceConfig } from '../../../../daemon/src/checkin/checkin-service.ts';
import { createSigner, type Xml0Signer } from '../../../../daemon/src/checkin/signers.ts';
import type { CheckInAnswer, CheckInRequest } from '../../../../daemon/src/eligibility/gateway-client.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import type { StoredEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { CheckinDesk } from '../../../../simulators/src/gateway/checkin.ts';
import { keepAtOnce } from '../../../helpers/write-at-once.ts';

const T0 = Date.parse('2026-12-01T02:05:00Z');
const RETRY = 10_000;

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
const CARD: EligibilityCard = {
  maThe: 'DN4010123456789',
  gtTheTu: '01/01/2026',
  gtTheDen: '31/12/2026',
  maDKBD: '01001',
  maSoBHXH: '0123456789',
  ngayDu5Nam: null,
  maKV: null,
  maTheMoi: null,
  gtTheTuMoi: null,
  gtTheDenMoi: null,
  maDKBDMoi: null,
  tenDKBDMoi: null,
};

function config(checkin: Partial<CheckinConfig> = {}): CheckinServiceConfig {
  return {
    checkin: {
      enabled: true,
      resource: '/api/qd130/checkInKcbQd4750',
      bodyEncoding: 'form',
      facilityCode: null,
      provinceCode: '01',
      signing: null,
      sendUnsigned: true,
      sendNonInsured: false,
      xmlDeclaration: true,
      retryBaseMs: RETRY,
      retryMaxMs: 600_000,
      pollMs: 5_000,
      ...checkin,
    },
    registration: {
      departments: [
        { id: 'kham-noi', name: 'Khám Nội', prefix: 'A', serviceCode: '02.1896', serviceName: 'Khám bệnh Nội', visitCategory: '1', careType: '01' },
      ],
      kioskIdleMs: 30_000,
      kioskAutoPrint: false,
    },
    facility: {
      id: '01001',
      name: 'Trung tâm Y tế quận Tây Hồ',
      province: '01',
      sector: 'public',
      tier: 'district',
      order: 0,
      stations: [{ id: 'main', name: '', kind: 'facility', desks: ['desk-1'], needOverride: null }],
    },
  };
}

function eligibility(
  outcome: EligibilityMessage['outcome'],
  card: EligibilityCard | null = CARD,
  verification: EligibilityMessage['verification'] = 'verified',
): EligibilityMessage {
  return {
    eventId: 1,
    deviceId: 'sim-1',
    desk: 'desk-1',
    outcome,
    code: outcome === 'eligible' ? '000' : '010',
    vi: '',
    en: '',
    action: { vi: '', en: '' },
    checkedAt: new Date(T0).toISOString(),
    simulated: true,
    verification,
    fromCache: false,
    cached: null,
    nextRetryAt: null,
    mismatch: null,
    card,
  };
}

const accepted = (maGiaoDich: string): CheckInAnswer => ({
  status: 'accepted',
  code: '200',
  maGiaoDich,
  thoiGianTiepNhan: '20261201090500',
  thongDiep: 'Tiếp nhận thành công',
});
const unavailable = (code: string): CheckInAnswer => ({ status: 'unavailable', code, maGiaoDich: null, thoiGianTiepNhan: null, thongDiep: '' });

type Scripted = CheckInAnswer | 'held' | 'open';

/** One migrated SQLite file for the whole file (the subtests run one after another); each rig empties the queue. */
let shared: Promise<Db> | null = null;
function database(): Promise<Db> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-ci-'));
    const db = await Db.open(join(dir, 'db.sqlite'));
    t.teardown(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });
    await migrate(db);
    return db;
  })();
  return shared;
}

async function rig(_t: Test, o: { checkin?: Partial<CheckinConfig>; signer?: Xml0Signer | null } = {}) {
  const db = await database();
  await db.run('DELETE FROM checkins');
  const repo = new CheckinRepo(db);
  const clock = { now: T0 };
  const registrations = new Map<number, Registration>();
  const events = new Map<number, StoredEvent>();
  const sent: CheckInRequest[] = [];
  const script: Scripted[] = [];
  const logLines: string[] = [];
  const log = createLogger('info', { write: (s: string) => void logLines.push(s) });
  const bus = new EventBus(log);
  const notices: CheckInNotice[] = [];
  bus.on('checkin', (n) => notices.push(n));
  const service = new CheckinService({
    config: config(o.checkin),
    repo,
    registration: async (id) => registrations.get(id),
    event: async (id) => events.get(id),
    signer: o.signer ?? null,
    send: async (req) => (sent.push(req), script.shift() ?? accepted(`GD-${sent.length}`)),
    bus,
    log,
    now: () => new Date(clock.now),
    keep: keepAtOnce,
  });
  /** A registration as the desk makes it: the visit, its stored read, and its queued check-in. */
  const register = async (id: number, answer: EligibilityMessage | null, identity: IdentityView = AN): Promise<string> => {
    const maLk = `01001.20261201.${id}`;
    registrations.set(id, {
      id,
      at: new Date(clock.now).toISOString(),
      day: '2026-12-01',
      eventId: 100 + id,
      patientId: 40 + id,
      desk: 'desk-1',
      department: { id: 'kham-noi', name: 'Khám Nội' },
      queueNumber: id,
      ticket: `A${String(id).padStart(3, '0')}`,
      eligibility: { outcome: answer?.outcome ?? null, code: answer?.code ?? null },
      checkIn: null,
      priority: { class: 'normal', reasons: [], partialDob: false, requested: [] },
    });
    events.set(100 + id, { desk: 'desk-1', outcome: 'success', idHash: 'h', identity, eligibility: answer });
    await db.transaction(() => repo.insertNow(id, maLk, 'queued', null, new Date(clock.now)));
    return maLk;
  };
  const xmlSent = (i: number): string => Buffer.from(sent[i]?.fileHSBase64 ?? '', 'base64').toString('utf8');
  const due = async (at: number) => (await repo.due(at, 100)).map((q) => q.registrationId);
  return { db, repo, clock, registrations, events, sent, script, service, register, xmlSent, due, notices, logLines };
}

/** A key-file signer for the facility, and its certificate (1024-bit: the same profile, quicker). */
async function facilitySigner(t: Test): Promise<{ signer: Xml0Signer; certPem: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-ci-key-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  c.serialNumber = '01';
  c.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  c.validity.notAfter = new Date('2028-01-01T00:00:00Z');
  c.setSubject([{ name: 'commonName', value: 'bv-01001' }]);
  c.setIssuer([{ name: 'commonName', value: 'bv-01001' }]);
  c.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(c);
  await writeFile(join(dir, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(dir, 'cert.pem'), certPem);
  return { signer: await createSigner({ keyPem: join(dir, 'key.pem'), certPem: join(dir, 'cert.pem') }, {}), certPem };
}

t.test("an insured patient's check-in: built from the registration, signed, sent, accepted, and the desk told", async (t) => {
  const { signer, certPem } = await facilitySigner(t);
  const r = await rig(t, { checkin: { signing: { keyPem: 'key.pem', certPem: 'cert.pem' } }, signer });
  const maLk = await r.register(1, eligibility('eligible'));
  t.equal(await r.service.drainOnce(), 1, 'one settled');
  t.equal(r.sent.length, 1);
  t.match(r.sent[0], { resource: '/api/qd130/checkInKcbQd4750', encoding: 'form', maTinh: '01', maCSKCB: '01001' });
  const xml = r.xmlSent(0);
  for (const field of [
    `<MA_LK>${maLk}</MA_LK>`,
    '<MA_BN>BN41</MA_BN>',
    '<HO_TEN>Nguyễn Văn An</HO_TEN>',
    '<MA_THE_BHYT>DN4010123456789</MA_THE_BHYT>',
    '<NGAY_VAO>202612010905</NGAY_VAO>',
    '<MA_DICH_VU>02.1896</MA_DICH_VU>',
  ])
    t.match(xml, field);
  const desk = new CheckinDesk(() => T0);
  desk.registerCertificate(certPem);
  t.match(await desk.receive(r.sent[0]!.fileHSBase64), { maKetQua: '200', thongDiep: 'Tiếp nhận thành công' }, 'signed so that the gateway accepts it');
  const view = {
    maLk,
    state: 'accepted',
    code: '200',
    message: 'Tiếp nhận thành công',
    maGiaoDich: 'GD-1',
    thoiGianTiepNhan: '20261201090500',
    sentAt: new Date(T0).toISOString(),
  };
  t.same(await r.repo.get(1), view, 'stored with the transaction id for reconciliation');
  t.same(r.notices, [{ registrationId: 1, desk: 'desk-1', ticket: 'A001', checkIn: view }], 'the desk is told');
  t.equal(await r.service.drainOnce(), 0, 'nothing left');
  t.equal(r.sent.length, 1, 'sent once');
});

t.test('without a signing configuration the document goes unsigned (sendUnsigned)', async (t) => {
  const r = await rig(t);
  await r.register(1, eligibility('eligible'));
  await r.service.drainOnce();
  t.match(r.xmlSent(0), /<CHUKYDONVI><\/CHUKYDONVI><\/CHI_TIEU_TRANG_THAI_KCB>$/);
  t.match(r.xmlSent(0), /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  const plain = await rig(t, { checkin: { xmlDeclaration: false, bodyEncoding: 'json', facilityCode: '79001', resource: '/api/qd130/checkInKcbQd3176' } });
  await plain.register(1, eligibility('eligible'));
  await plain.service.drainOnce();
  t.match(
    plain.sent[0],
    { resource: '/api/qd130/checkInKcbQd3176', encoding: 'json', maCSKCB: '79001' },
    'resource, encoding and facility code from the configuration',
  );
  t.match(plain.xmlSent(0), /^<CHI_TIEU_TRANG_THAI_KCB>.*<MA_CSKCB>79001<\/MA_CSKCB>/);
});

t.test('a new card (003/004): the new card is checked in', async (t) => {
  const r = await rig(t);
  await r.register(
    1,
    eligibility('eligibleNewCard', { ...CARD, maTheMoi: 'DN4010999999999', gtTheTuMoi: '01/07/2026', gtTheDenMoi: '30/06/2027', maDKBDMoi: '01002' }),
  );
  await r.service.drainOnce();
  t.match(r.xmlSent(0), '<MA_THE_BHYT>DN4010999999999</MA_THE_BHYT><MA_DKBD>01002</MA_DKBD><GT_THE_TU>20260701</GT_THE_TU>');
});

t.test('until the card check has answered the check-in waits, uncounted, and goes once the answer is there', async (t) => {
  const r = await rig(t);
  await r.register(1, null);
  await r.register(2, eligibility('eligible', CARD, 'unverified'));
  t.equal(await r.service.drainOnce(), 0);
  t.equal(r.sent.length, 0, 'nothing sent without the card');
  t.match(await r.repo.get(1), { state: 'queued', code: 'waitingForCard' });
  t.same(await r.due(T0 + RETRY - 1), [], 'looked at again after retryBaseMs');
  t.same(await r.due(T0 + RETRY), [1, 2]);
  t.same(
    (await r.db.all<{ attempts: number }>('SELECT attempts FROM checkins ORDER BY registration_id')).map((x) => x.attempts),
    [0, 0],
    'waiting is not a failed attempt',
  );
  r.events.set(101, { ...r.events.get(101)!, eligibility: eligibility('eligible') });
  r.events.set(102, { ...r.events.get(102)!, eligibility: eligibility('eligible', CARD, 'deferred') });
  r.clock.now = T0 + RETRY;
  t.equal(await r.service.drainOnce(), 2, 'both go once answered (a deferred answer too)');
  t.match(await r.repo.get(2), { state: 'accepted' });
});

t.test('a patient without valid insurance is skipped, not sent, unless sendNonInsured', async (t) => {
  const r = await rig(t);
  await r.register(1, eligibility('ineligible', null));
  t.equal(await r.service.drainOnce(), 1);
  t.equal(r.sent.length, 0);
  t.match(await r.repo.get(1), { state: 'skipped', code: 'notInsured', message: 'Không có thẻ BHYT còn giá trị: không gửi / not insured: not sent' });
  t.match(r.notices, [{ registrationId: 1, checkIn: { state: 'skipped' } }], 'the desk is told');
  const all = await rig(t, { checkin: { sendNonInsured: true } });
  await all.register(1, eligibility('ineligible', null));
  await all.service.drainOnce();
  t.match(all.xmlSent(0), '<MA_THE_BHYT></MA_THE_BHYT>', 'sent with empty card fields');
  t.match(await all.repo.get(1), { state: 'accepted' });
});

t.test('an XML0 that would not pass is refused here with the problem, never sent', async (t) => {
  const r = await rig(t);
  await r.register(1, eligibility('eligible', { ...CARD, maThe: 'DN40101234567890X' }));
  t.equal(await r.service.drainOnce(), 1);
  t.equal(r.sent.length, 0);
  t.match(await r.repo.get(1), {
    state: 'rejected',
    code: 'invalid',
    message: 'XML0 không hợp lệ / invalid XML0: MA_THE_BHYT: must NOT have more than 15 characters',
  });
});

t.test('a registration whose details are gone is refused, never sent', async (t) => {
  const r = await rig(t);
  await r.register(1, eligibility('eligible'));
  r.events.delete(101);
  await r.service.drainOnce();
  t.equal(r.sent.length, 0);
  t.match(await r.repo.get(1), { state: 'rejected', code: 'invalid', message: /Không còn dữ liệu.*the registration’s details are gone/ });
  t.same(r.notices.length, 1);
});

t.test('the gateway down: one probe per cycle, growing delays, nothing lost', async (t) => {
  const r = await rig(t, { checkin: { retryMaxMs: 35_000 } });
  await r.register(1, eligibility('eligible'));
  await r.register(2, eligibility('eligible'));
  r.script.push(unavailable('timeout'));
  t.equal(await r.service.drainOnce(), 0);
  t.equal(r.sent.length, 1, 'the second is not tried while the first found the gateway down');
  t.match(await r.repo.get(1), { state: 'queued', code: 'timeout' });
  t.same(await r.due(T0 + RETRY - 1), [2], 'the first waits retryBaseMs; the second was never tried');

  const steps: Array<['held' | 'open', string, number]> = [
    ['held', 'accountHalted', 2 * RETRY],
    ['open', 'circuitOpen', 35_000],
  ];
  for (const [answer, code, delay] of steps) {
    r.clock.now += 40_000;
    r.script.push(answer);
    const before = r.sent.length;
    t.equal(await r.service.drainOnce(), 0, `${answer}: nothing settled`);
    t.equal(r.sent.length - before, 1, `${answer}: one probe`);
    t.match(await r.repo.get(1), { state: 'queued', code }, `${answer}: queued as ${code}`);
    t.notOk((await r.due(r.clock.now + delay - 1)).includes(1), `${answer}: not before ${delay} ms`);
    t.ok((await r.due(r.clock.now + delay)).includes(1), `${answer}: again after ${delay} ms${delay === 35_000 ? ' (capped at retryMaxMs)' : ''}`);
  }
  r.clock.now += 40_000;
  t.equal(await r.service.drainOnce(), 2, 'back up: both go in one cycle');
  t.same([(await r.repo.get(1))?.state, (await r.repo.get(2))?.state], ['accepted', 'accepted']);
  t.ok(
    r.logLines.some((l) => l.includes('gateway unavailable, queued')),
    'each wait is logged',
  );
});

t.test('refused by the gateway: kept with its message for the technician, and sent again after a fix', async (t) => {
  const r = await rig(t);
  await r.register(1, eligibility('eligible'));
  r.script.push({ status: 'rejected', code: '403', maGiaoDich: null, thoiGianTiepNhan: null, thongDiep: 'Chứng thư số chưa được đăng ký trên Cổng tiếp nhận' });
  t.equal(await r.service.drainOnce(), 1);
  t.match(await r.repo.get(1), { state: 'rejected', code: '403', message: 'Chứng thư số chưa được đăng ký trên Cổng tiếp nhận', maGiaoDich: null });
  t.match(await r.repo.rejected(10), [{ registrationId: 1, code: '403' }], 'listed for the technician');
  t.match(r.notices.at(-1), { registrationId: 1, checkIn: { state: 'rejected' } });

  t.equal(await r.service.resend(1), true);
  await r.service.drainOnce(); // the one resend started may still be running: this one waits for it
  t.equal(r.sent.length, 2, 'sent again, once');
  t.match(await r.repo.get(1), { state: 'accepted', maGiaoDich: 'GD-2' });
  t.equal(await r.service.resend(1), false, 'an accepted check-in is not sent again');
  t.equal(await r.service.resend(99), false, 'nor an unknown one');
});

t.test('cycles never overlap: two drains at once send each check-in once', async (t) => {
  const r = await rig(t);
  for (const id of [1, 2, 3]) await r.register(id, eligibility('eligible'));
  const counts = await Promise.all([r.service.drainOnce(), r.service.drainOnce(), r.service.drainOnce()]);
  t.same(counts, [3, 0, 0]);
  t.equal(r.sent.length, 3);
  t.same(
    r.sent.map(
      (s) =>
        Buffer.from(s.fileHSBase64, 'base64')
          .toString()
          .match(/<MA_LK>([^<]*)/)?.[1],
    ),
    ['01001.20261201.1', '01001.20261201.2', '01001.20261201.3'],
  );
});

t.test("nothing of the patient goes into the log: no name, ID number, card code or the gateway's document", async (t) => {
  const r = await rig(t);
  await r.register(1, eligibility('eligible'));
  await r.register(2, eligibility('eligible'));
  await r.register(3, eligibility('ineligible', null));
  r.script.push(
    { status: 'rejected', code: '400', maGiaoDich: null, thoiGianTiepNhan: null, thongDiep: 'Trường NGAY_SINH không đúng định dạng' },
    unavailable('timeout'),
  );
  await r.service.drainOnce();
  r.clock.now += RETRY;
  await r.service.drainOnce();
  const log = r.logLines.join('\n');
  t.ok(r.logLines.length >= 3, 'the settlements are logged');
  for (const secret of ['Nguyễn', '001089012345', '013456789', 'DN4010123456789', '198903150000', 'CHI_TIEU']) t.notMatch(log, secret, `no "${secret}"`);
});

t.test('the worker drains every pollMs once started, and stop waits for the cycle in progress', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const r = await rig(t);
  await r.register(1, eligibility('eligible'));
  r.service.start();
  await clock.tickAsync(4_999);
  t.equal(r.sent.length, 0, 'not before pollMs');
  await clock.tickAsync(1);
  for (let i = 0; i < 200 && (await r.repo.get(1))?.state !== 'accepted'; i++) await new Promise((done) => setImmediate(done));
  t.match(await r.repo.get(1), { state: 'accepted' }, 'sent by the worker');
  await r.service.stop();
  await r.register(2, eligibility('eligible'));
  await clock.tickAsync(60_000);
  t.equal(r.sent.length, 1, 'nothing after stop');
});

t.test('registrationXml0 (shared with `tiepnhan xml0`): an invalid row is returned with its problems and never signed', async (t) => {
  const signs: string[] = [];
  const signer: Xml0Signer = {
    kind: 'file',
    certificatePem: () => null,
    sign: async (xml) => (signs.push(xml), `${xml}<!--signed-->`),
    close: async () => undefined,
  };
  const reg = { id: 1, at: new Date(T0).toISOString(), department: { id: 'kham-noi', name: 'Khám Nội' }, patientId: 41 } as Registration;
  const x = { config: config({ signing: { keyPem: 'k', certPem: 'c' } }), signer };
  const bad = await registrationXml0(x, reg, { identity: AN, eligibility: eligibility('eligible', { ...CARD, maDKBD: '0100199' }) }, 'ma-lk');
  t.same(bad.problems, ['MA_DKBD: must NOT have more than 5 characters']);
  t.notMatch(bad.xml, '<!--signed-->');
  t.equal(signs.length, 0, 'the signer is not asked');
  const good = await registrationXml0(x, reg, { identity: AN, eligibility: eligibility('eligible') }, 'ma-lk');
  t.same(good.problems, []);
  t.match(good.xml, /<!--signed-->$/, 'a valid one is signed');
  const unsigned = await registrationXml0(x, reg, { identity: AN, eligibility: eligibility('eligible') }, 'ma-lk', { unsigned: true });
  t.notMatch(unsigned.xml, '<!--signed-->', '`unsigned` leaves it unsigned');
  const other = await registrationXml0(
    x,
    { ...reg, department: { id: 'cap-cuu', name: 'Cấp cứu' } },
    { identity: AN, eligibility: eligibility('eligible') },
    'ma-lk',
  );
  t.match(other.xml, '<MA_DOITUONG_KCB>1</MA_DOITUONG_KCB>', 'a department not in the configuration: visit category 1');
  t.match(other.xml, '<MA_LOAI_KCB>01</MA_LOAI_KCB><MA_CSKCB>01001</MA_CSKCB><MA_DICH_VU></MA_DICH_VU>', 'outpatient care, no service code');
});
