// The check-in capability as the daemon assembles it (fake timers, an in-memory queue): /api/health
// says whether check-in is on, which signer signs, whose certificate it is and when it expires, with a
// warning in Vietnamese and English 30 days ahead (a lapsed certificate stops every check-in at the
// BHXH portal), and the queue's counts, refreshed while it runs; each check-in goes out through the
// card check's caps, account hold and circuit breaker, never around them.

import { generateKeyPairSync } from 'node:crypto';
import FakeTimers from '@sinonjs/fake-timers';
import forge from 'node-forge';
import t, { type Test } from 'tap';
import type { EligibilityMessage, IdentityView, Registration } from '../../../../daemon/src/api/contract.ts';
import { Checkin } from '../../../../daemon/src/checkin/checkin.ts';
import type { CheckinConfig } from '../../../../daemon/src/checkin/checkin-config.ts';
import type { CheckinRepo, CheckinState, QueuedCheckin } from '../../../../daemon/src/checkin/checkin-repo.ts';
import type { CheckinServiceConfig } from '../../../../daemon/src/checkin/checkin-service.ts';
import type { Xml0Signer } from '../../../../daemon/src/checkin/signer.ts';
import type { Eligibility, GatewayPort } from '../../../../daemon/src/eligibility/eligibility.ts';
import type { CheckInAnswer, CheckInRequest } from '../../../../daemon/src/eligibility/gateway-client.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import type { StoredEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { keepAtOnce } from '../../../helpers/write-at-once.ts';

const T0 = Date.parse('2026-12-01T02:05:00Z');
const DAY = 86_400_000;
const POLL = 5_000;

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
const ELIGIBLE = {
  eventId: 101,
  deviceId: 'sim-1',
  desk: 'desk-1',
  outcome: 'eligible',
  code: '000',
  vi: '',
  en: '',
  action: { vi: '', en: '' },
  checkedAt: new Date(T0).toISOString(),
  simulated: true,
  verification: 'verified',
  fromCache: false,
  cached: null,
  nextRetryAt: null,
  mismatch: null,
  card: {
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
  },
} as EligibilityMessage;
const REGISTRATION: Registration = {
  id: 1,
  at: new Date(T0).toISOString(),
  day: '2026-12-01',
  eventId: 101,
  patientId: 41,
  desk: 'desk-1',
  department: { id: 'kham-noi', name: 'Khám Nội' },
  queueNumber: 1,
  ticket: 'A001',
  eligibility: { outcome: 'eligible', code: '000' },
  checkIn: null,
  priority: { class: 'normal', reasons: [], partialDob: false, requested: [] },
};
const EVENT: StoredEvent = { desk: 'desk-1', outcome: 'success', idHash: 'h', identity: AN, eligibility: ELIGIBLE };

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
      retryBaseMs: 10_000,
      retryMaxMs: 600_000,
      pollMs: POLL,
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

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const forgePublic = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
const forgePrivate = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());

/** The facility's self-signed certificate, valid until `notAfter`. */
function certificate(notAfter: number): string {
  const c = forge.pki.createCertificate();
  c.publicKey = forgePublic;
  c.serialNumber = '01';
  c.validity.notBefore = new Date('2025-01-01T00:00:00Z');
  c.validity.notAfter = new Date(notAfter);
  c.setSubject([{ name: 'commonName', value: 'bv-01001' }]);
  c.setIssuer([{ name: 'commonName', value: 'bv-01001' }]);
  c.sign(forgePrivate, forge.md.sha256.create());
  return forge.pki.certificateToPem(c);
}

/** A signer that only says which certificate it holds (config `signing: null` sends unsigned). */
function signerWith(pem: string | null): Xml0Signer & { reads: number } {
  const s = {
    kind: 'file' as const,
    reads: 0,
    certificatePem: () => (s.reads++, pem),
    sign: async (xml: string) => xml,
    close: async () => undefined,
  };
  return s;
}

type Gate = 'pass' | 'held' | 'open';

function rig(t: Test, o: { checkin?: Partial<CheckinConfig>; signer?: Xml0Signer | null; canCheckIn?: boolean } = {}) {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
  const log = createLogger('silent');
  const counts: Record<CheckinState, number> = { queued: 0, accepted: 0, rejected: 0, skipped: 0 };
  const queue: QueuedCheckin[] = [];
  const rescheduled: string[] = [];
  const settled: string[] = [];
  let countReads = 0;
  // The check-in queue as the capability uses it.
  const repo = {
    counts: async () => (countReads++, { ...counts }),
    due: async () => [...queue],
    reschedule: async (id: number, _at: number, code: string) => void rescheduled.push(`${id} ${code}`),
    settle: async (id: number, r: { state: string; code: string }) => {
      settled.push(`${id} ${r.state} ${r.code}`);
      queue.splice(
        queue.findIndex((q) => q.registrationId === id),
        1,
      );
    },
    get: async () => null,
  } as unknown as CheckinRepo;
  const sent: CheckInRequest[] = [];
  const gateway: GatewayPort = {
    check: async () => {
      throw new Error('not a card check');
    },
    ...((o.canCheckIn ?? true)
      ? {
          checkIn: async (req: CheckInRequest): Promise<CheckInAnswer> => (
            sent.push(req),
            { status: 'accepted', code: '200', maGiaoDich: 'GD-1', thoiGianTiepNhan: '20261201090500', thongDiep: '' }
          ),
        }
      : {}),
  };
  const gate = { next: 'pass' as Gate, calls: 0, unavailable: null as ((a: CheckInAnswer) => boolean) | null };
  const eligibility: Pick<Eligibility, 'gatewayCall'> = {
    gatewayCall: async <T extends { code: string }>(call: () => Promise<T>, unavailable: (answer: T) => boolean) => {
      gate.calls++;
      gate.unavailable = unavailable as unknown as (a: CheckInAnswer) => boolean;
      return gate.next === 'pass' ? call() : gate.next;
    },
  };
  const checkin = new Checkin({
    config: config(o.checkin),
    gateway,
    eligibility,
    repo,
    registration: async (id) => (id === 1 ? REGISTRATION : undefined),
    events: { stored: async (id) => (id === 101 ? EVENT : undefined) },
    signer: o.signer ?? null,
    bus: new EventBus(log),
    log,
    now: () => new Date(),
    keep: keepAtOnce,
  });
  t.teardown(async () => {
    await checkin.stop();
    clock.uninstall();
  });
  return { clock, checkin, counts, queue, rescheduled, settled, sent, gate, countReads: () => countReads };
}

t.test('check-in off: no service, and health says so', async (t) => {
  const r = rig(t, { checkin: { enabled: false } });
  t.equal(r.checkin.service, null);
  r.checkin.start();
  await r.clock.tickAsync(10 * POLL);
  t.equal(r.countReads(), 0, 'the queue is not polled');
  t.same(r.checkin.health(), {
    enabled: false,
    resource: null,
    signer: null,
    certificate: null,
    warning: null,
    queued: 0,
    accepted: 0,
    rejected: 0,
    skipped: 0,
  });
});

t.test('a gateway that cannot check in: no service to send', async (t) => {
  const r = rig(t, { canCheckIn: false });
  t.equal(r.checkin.service, null);
});

t.test("on: health shows the resource, the signer and the queue's counts, refreshed every pollMs until stop", async (t) => {
  const signer = signerWith(null);
  const r = rig(t, { signer });
  t.match(r.checkin.health(), { enabled: true, resource: '/api/qd130/checkInKcbQd4750', signer: 'file', certificate: null, warning: null, queued: 0 });
  r.checkin.start();
  Object.assign(r.counts, { queued: 2, accepted: 5, rejected: 1, skipped: 3 });
  await r.clock.tickAsync(POLL);
  t.match(r.checkin.health(), { queued: 2, accepted: 5, rejected: 1, skipped: 3 });
  r.counts.accepted = 7;
  r.counts.queued = 0;
  await r.clock.tickAsync(POLL);
  t.match(r.checkin.health(), { queued: 0, accepted: 7 }, 'refreshed');
  await r.checkin.stop();
  const reads = r.countReads();
  await r.clock.tickAsync(10 * POLL);
  t.equal(r.countReads(), reads, 'not polled after stop');
});

t.test('the certificate: read once, its expiry in health, a warning in both languages from 30 days ahead', async (t) => {
  const cases: Array<[string, number, RegExp | null, RegExp | null]> = [
    ['60 days left: no warning', T0 + 60 * DAY + 1000, null, null],
    ['31 days left: no warning yet', T0 + 31 * DAY + 1000, null, null],
    [
      '30 days left: warned',
      T0 + 30 * DAY + 1000,
      /hết hạn sau 30 ngày \(2026-12-31\).*gia hạn và đăng ký lại trên Cổng BHXH/,
      /expires in 30 days \(2026-12-31\).*renew it and register it/,
    ],
    ['expired yesterday', T0 - DAY, /đã hết hạn \(2026-11-30\)/, /has expired \(2026-11-30\)/],
  ];
  for (const [what, notAfter, vi, en] of cases) {
    await t.test(what, async (t) => {
      const signer = signerWith(certificate(notAfter));
      const r = rig(t, { signer });
      const h = r.checkin.health();
      t.match(h.certificate, { subject: 'CN=bv-01001', validTo: new Date(Math.floor(notAfter / 1000) * 1000).toISOString() });
      if (vi && en) t.match(h.warning, { vi, en });
      else t.equal(h.warning, null);
      r.checkin.health();
      t.equal(signer.reads, 1, 'the certificate is read once, not at every health check');
    });
  }
});

t.test('the expiry date is the day in Vietnam: a certificate ending at 20:00 UTC ends the next morning there', async (t) => {
  const notAfter = Date.parse(new Date(T0 + 20 * DAY).toISOString().slice(0, 10) + 'T20:00:00Z');
  const utcDay = new Date(notAfter).toISOString().slice(0, 10);
  const vnDay = new Date(notAfter + 7 * 3_600_000).toISOString().slice(0, 10);
  t.not(vnDay, utcDay);
  const r = rig(t, { signer: signerWith(certificate(notAfter)) });
  t.match(r.checkin.health().warning, { vi: new RegExp(`\\(${vnDay}\\)`), en: new RegExp(`\\(${vnDay}\\)`) });
});

t.test('the warning follows the clock: a certificate comes into the 30 days while the daemon runs', async (t) => {
  const r = rig(t, { signer: signerWith(certificate(T0 + 40 * DAY)) });
  t.equal(r.checkin.health().warning, null);
  r.clock.tick(10 * DAY);
  t.match(r.checkin.health(), { certificate: { daysLeft: 30 }, warning: { en: /expires in 30 days/ } });
});

t.test('a check-in goes out through the card check’s gate: held or open, it is not sent and waits', async (t) => {
  const r = rig(t);
  r.queue.push({ registrationId: 1, maLk: '01001.20261201.1', attempts: 0 });
  r.gate.next = 'held';
  t.equal(await r.checkin.service!.drainOnce(), 0);
  t.same(r.sent, [], 'the account is held: nothing reaches the gateway');
  t.same(r.rescheduled, ['1 accountHalted'], 'queued again, with the reason');
  r.gate.next = 'open';
  await r.checkin.service!.drainOnce();
  t.same(r.rescheduled.at(-1), '1 circuitOpen', 'the circuit is open: queued again');
  r.gate.next = 'pass';
  t.equal(await r.checkin.service!.drainOnce(), 1);
  t.equal(r.gate.calls, 3, 'every attempt went through the gate');
  t.match(r.sent, [{ resource: '/api/qd130/checkInKcbQd4750', maTinh: '01', maCSKCB: '01001' }], 'sent once the gate lets it');
  t.match(Buffer.from(r.sent[0]!.fileHSBase64, 'base64').toString('utf8'), '<MA_LK>01001.20261201.1</MA_LK>');
  t.same(r.settled, ['1 accepted 200']);
  const unavailable = r.gate.unavailable!;
  const answer = (status: CheckInAnswer['status']): CheckInAnswer => ({ status, code: 'x', maGiaoDich: null, thoiGianTiepNhan: null, thongDiep: '' });
  t.same(
    (['unavailable', 'rejected', 'accepted'] as const).map((s) => unavailable(answer(s))),
    [true, false, false],
    'only an unavailable gateway counts against the circuit breaker, not a refusal',
  );
});

t.test('started: the worker sends what is queued every pollMs', async (t) => {
  const r = rig(t);
  r.checkin.start();
  r.queue.push({ registrationId: 1, maLk: '01001.20261201.1', attempts: 0 });
  t.same(r.sent, []);
  await r.clock.tickAsync(POLL);
  t.equal(r.sent.length, 1);
  t.same(r.settled, ['1 accepted 200']);
});
