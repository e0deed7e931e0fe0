// The eligibility capability as the daemon assembles it (a scripted gateway, an in-memory queue and
// cache, fake timers): what /api/health tells the technician about the BHXH lookup account, in
// Vietnamese and English with what to do; a restricted or refused account stops every call, the card
// check, its visit history and the check-in alike, until the administrator resumes; the check-in
// shares the card check's circuit breaker; the token is kept warm only when the gateway has one; and a
// stop does not wait for the per-minute cap (the waiting lookup stays written ahead, not made).

import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import type { EligibilityHealth, IdentityView } from '../../../../daemon/src/api/contract.ts';
import type { EligibilityConfig, GatewayConfig } from '../../../../daemon/src/eligibility/eligibility-config.ts';
import { Eligibility, type GatewayPort } from '../../../../daemon/src/eligibility/eligibility.ts';
import { stateAnswer, type CheckInAnswer, type EligibilityAnswer, type EligibilityRequest } from '../../../../daemon/src/eligibility/gateway-client.ts';
import { GATEWAY_STATE_TEXT } from '../../../../daemon/src/eligibility/result-codes.ts';
import type { VisitHistoryAnswer } from '../../../../daemon/src/eligibility/visit-history.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import type { CachedAnswer, EligibilityRepo, QueuedLookup } from '../../../../daemon/src/storage/eligibility-repo.ts';
import type { EventsRepo } from '../../../../daemon/src/storage/events-repo.ts';
import { keepAtOnce } from '../../../helpers/write-at-once.ts';

const T0 = Date.parse('2026-12-01T02:00:00Z');
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
const eligible = (): EligibilityAnswer => ({
  outcome: 'eligible',
  code: '000',
  vi: 'Thẻ còn giá trị sử dụng',
  en: 'The card is valid',
  action: { vi: '', en: '' },
  checkedAt: new Date().toISOString(),
  card: { maThe: 'DN4010123456789' },
  mismatch: null,
});
const down = (): EligibilityAnswer => stateAnswer('timeout', new Date().toISOString());
const restricted = (): EligibilityAnswer => stateAnswer('accountRestricted', new Date().toISOString());
const checkInAnswer = (status: CheckInAnswer['status'], code = '200'): CheckInAnswer => ({
  status,
  code,
  maGiaoDich: null,
  thoiGianTiepNhan: null,
  thongDiep: '',
});

const ELIGIBILITY: EligibilityConfig = {
  retryBaseMs: 5000,
  retryMaxMs: 300_000,
  pollMs: 1000,
  breakerThreshold: 2,
  breakerCooldownMs: 30_000,
  cacheWindowMs: 0,
  giveUpAfterMs: 86_400_000,
  maxConcurrent: 4,
  perMinute: 120,
  tokenLeadMs: 60_000,
};
const GATEWAY: GatewayConfig = {
  url: null,
  username: '00000_BV',
  password: 'tiepnhan-sim',
  passwordCase: 'upper',
  officerName: 'Cán bộ tiếp đón',
  officerId: '001190000001',
  timeoutMs: 15000,
  history: true,
  historyResource: '/api/egw/Lskcb2025',
};

interface GatewayScript {
  answers?: EligibilityAnswer[];
  history?: boolean;
  token?: { expiresAt: number | null; renew: () => { ok: true } | { ok: false; code: 'credentials' | 'timeout' } };
}

function rig(t: Test, o: { gateway?: GatewayScript; eligibility?: Partial<EligibilityConfig>; historyOn?: boolean } = {}) {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
  const calls: string[] = [];
  const script = o.gateway ?? {};
  const gateway: GatewayPort = {
    check: async (req: EligibilityRequest) => (calls.push(`check ${req.maThe}`), script.answers?.shift() ?? eligible()),
    ...(script.history
      ? { history: async (req: EligibilityRequest): Promise<VisitHistoryAnswer> => (calls.push(`history ${req.maThe}`), { code: '000', visits: [] }) }
      : {}),
  };
  const token = script.token;
  if (token) {
    // A live getter (a spread would copy the value once): the real client's expiry moves with each renewal.
    Object.defineProperty(gateway, 'tokenExpiresAt', { get: () => token.expiresAt });
    gateway.renewToken = async () => (calls.push('token'), token.renew());
  }
  const lines: Array<{ level: number; msg: string; state?: string }> = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s) as { level: number; msg: string }) });
  const bus = new EventBus(log);
  const account: string[] = [];
  bus.on('account', (s) => account.push(s));
  const queue: Array<QueuedLookup & { createdAt: number }> = [];
  const cache = new Map<string, CachedAnswer>();
  const histories: Array<[number, string]> = [];
  const drop = (i: number) => void (i >= 0 && queue.splice(i, 1));
  // The eligibility tables as the service uses them: the written-ahead queue, the answer cache, the history.
  const store = {
    cachePut: async (k: string, json: string, at: string, requestHash?: string) =>
      void cache.set(k, { answerJson: json, checkedAt: at, requestHash: requestHash ?? null }),
    cacheGet: async (k: string) => cache.get(k),
    enqueue: async (ref: { eventId: number; deviceId: string; desk: string }, request: EligibilityRequest) =>
      void (queue.some((q) => q.eventId === ref.eventId) || queue.push({ id: queue.length + 1, ...ref, request, attempts: 0, createdAt: Date.now() })),
    due: async () => [...queue],
    reschedule: async (id: number) => void (queue.find((q) => q.id === id) as { attempts: number }).attempts++,
    remove: async (id: number) => drop(queue.findIndex((q) => q.id === id)),
    removeForEvent: async (eventId: number) => drop(queue.findIndex((q) => q.eventId === eventId)),
    pending: async () => queue.length,
    releaseInFlight: async () => 0,
    wakeAll: async () => queue.length,
    expired: async () => [],
    historyPut: async (eventId: number, code: string) => void histories.push([eventId, code]),
  } as unknown as EligibilityRepo;
  const events = { setEligibility: async () => undefined } as unknown as EventsRepo;
  const elig = new Eligibility({
    gateway,
    simulated: true,
    keep: keepAtOnce,
    config: { eligibility: { ...ELIGIBILITY, ...o.eligibility }, gateway: { ...GATEWAY, history: o.historyOn ?? true } },
    bus,
    log,
    now: () => new Date(),
    events,
    store,
    hashId: (id) => `h:${id}`,
  });
  t.teardown(async () => {
    await elig.stop();
    clock.uninstall();
  });
  /** A card read at a desk: its lookup was written ahead with the event; waits for the answer. */
  const lookup = async (eventId: number, card = AN.id!): Promise<void> => {
    await store.enqueue({ eventId, deviceId: 'quay-1', desk: 'desk-1' }, { maThe: card, hoTen: AN.name, ngaySinh: '15/03/1989' }, 0, new Date(), 'pending');
    elig.service.checkInBackground({ eventId, deviceId: 'quay-1', desk: 'desk-1' }, { ...AN, id: card });
    await elig.service.settle();
  };
  return { clock, elig, calls, lines, account, queue, histories, lookup, bus };
}

const NORMAL: Partial<EligibilityHealth> = {
  state: 'ok',
  since: null,
  vi: 'Tài khoản tra cứu BHXH hoạt động bình thường',
  en: 'The BHXH lookup account works normally',
  action: null,
};

t.test('health at start: the account works, nothing pending, no token', async (t) => {
  const r = rig(t);
  t.same(r.elig.health(), { ...NORMAL, pending: 0, unanswered: 0, calls: 0, cacheHits: 0, tokenExpiresAt: null });
  t.equal(r.elig.keeper, null, 'a gateway without tokens (the simulator): no token keeper');
});

t.test('a restricted account: held at once, said in both languages with what to do, no call more until resumed', async (t) => {
  const r = rig(t, { gateway: { answers: [eligible(), restricted()] } });
  await r.lookup(1);
  t.match(r.elig.health(), { ...NORMAL, calls: 1 }, 'an answered lookup');
  r.clock.tick(60_000);
  await r.lookup(2);
  const held = r.elig.health();
  t.same(
    { state: held.state, since: held.since, vi: held.vi, en: held.en, action: held.action },
    {
      state: 'restricted',
      since: '2026-12-01T02:01:00.000Z',
      vi: GATEWAY_STATE_TEXT.accountRestricted.vi,
      en: GATEWAY_STATE_TEXT.accountRestricted.en,
      action: GATEWAY_STATE_TEXT.accountRestricted.action,
    },
  );
  t.match(held.action, { vi: /liên hệ BHXH/, en: /contact BHXH/ });
  t.same(r.account, ['restricted'], 'announced to the pages');
  t.match(
    r.lines.filter((l) => l.level === 50),
    [{ msg: /account held/, state: 'restricted' }],
    'logged as an error for the administrator',
  );

  await r.lookup(3, '001089099999');
  t.same(r.calls, ['check 001089012345', 'check 001089012345'], 'the next lookup does not reach the gateway');
  t.ok(
    r.queue.some((q) => q.eventId === 3),
    'it stays queued',
  );
  t.equal(
    await r.elig.gatewayCall(
      async () => (r.calls.push('checkin'), checkInAnswer('accepted')),
      () => false,
    ),
    'held',
    'nor does a check-in',
  );
  t.equal(r.calls.length, 2);

  t.match(await r.elig.service.resume(), { resumed: true }, 'the administrator resumes on /tech');
  t.same(r.account, ['restricted', 'ok']);
  t.match(r.elig.health(), NORMAL);
  await r.elig.service.drainOnce();
  t.ok(r.calls.includes('check 001089099999'), 'the held lookup goes out');
});

t.test('a check-in answer refusing the credentials holds the account for the card check too', async (t) => {
  const r = rig(t);
  const answer = await r.elig.gatewayCall(
    async () => checkInAnswer('rejected', 'credentials'),
    (a) => a.status === 'unavailable',
  );
  t.match(answer, { code: 'credentials' }, 'the answer itself is returned');
  t.match(r.elig.health(), { state: 'credentials', vi: GATEWAY_STATE_TEXT.credentials.vi, action: { en: /gateway\.username, gateway\.password/ } });
  await r.lookup(1);
  t.same(r.calls, [], 'no card check while the account is held');
});

t.test('the check-in shares the card check’s circuit breaker', async (t) => {
  const r = rig(t, { gateway: { answers: [down(), down()] } });
  await r.lookup(1);
  await r.lookup(2);
  let made = 0;
  const checkIn = () =>
    r.elig.gatewayCall(
      async () => (made++, checkInAnswer('accepted')),
      (a) => a.status === 'unavailable',
    );
  t.equal(await checkIn(), 'open', 'two card checks failed: the check-in is not sent either');
  t.equal(made, 0);
  r.clock.tick(ELIGIBILITY.breakerCooldownMs);
  t.match(await checkIn(), { status: 'accepted' }, 'after the cool-down one trial goes through');
  t.equal(made, 1);
});

t.test('the visit history: asked after an eligible answer when configured, never while the account is held', async (t) => {
  t.test('configured', async (t) => {
    const r = rig(t, { gateway: { history: true } });
    await r.lookup(1);
    t.same(r.calls, ['check 001089012345', 'history 001089012345']);
    t.same(r.histories, [[1, '000']], 'stored on the event');
  });
  t.test('gateway.history off', async (t) => {
    const r = rig(t, { gateway: { history: true }, historyOn: false });
    await r.lookup(1);
    t.same(r.calls, ['check 001089012345'], 'not asked');
  });
  t.test('the account held in between', async (t) => {
    const r = rig(t, { gateway: { history: true } });
    // Another desk's lookup got the account restricted between this card check and its history call.
    r.bus.on('eligibility', () => r.elig.guard.observe('accountRestricted'));
    await r.lookup(1);
    t.same(r.calls, ['check 001089012345'], 'the history call is not made');
    t.same(r.histories, [[1, 'accountHalted']], 'and the event says why it has no history');
  });
});

t.test('the token is kept warm when the gateway has one, and a refused renewal holds the account', async (t) => {
  let refuse = false;
  const token: NonNullable<GatewayScript['token']> = {
    expiresAt: T0 + 10 * 60_000,
    renew: () => {
      if (refuse) return { ok: false, code: 'credentials' };
      token.expiresAt = Date.now() + 10 * 60_000;
      return { ok: true };
    },
  };
  const r = rig(t, { gateway: { token }, eligibility: { pollMs: 600_000 } });
  t.not(r.elig.keeper, null);
  t.equal(r.elig.health().tokenExpiresAt, '2026-12-01T02:10:00.000Z', 'the token’s expiry in health');
  await r.elig.start();
  await r.clock.tickAsync(0);
  t.same(r.calls, [], 'ten minutes left: not renewed yet');
  await r.clock.tickAsync(9 * 60_000);
  t.same(r.calls, ['token'], 'renewed a minute before it lapses (tokenLeadMs)');
  t.equal(r.elig.health().tokenExpiresAt, '2026-12-01T02:19:00.000Z', 'the new token');
  await r.clock.tickAsync(9 * 60_000);
  t.same(r.calls, ['token', 'token'], 'and again before the new one lapses');
  refuse = true;
  await r.clock.tickAsync(9 * 60_000);
  t.equal(r.elig.health().state, 'credentials', 'a refused renewal holds the account');
  const tokens = r.calls.length;
  await r.clock.tickAsync(10 * 60_000);
  t.equal(r.calls.length, tokens, 'no more renewals while held');
});

t.test('stop: a lookup waiting for the per-minute cap is not made, and stop does not wait a minute for it', async (t) => {
  const r = rig(t, { eligibility: { perMinute: 1 } });
  await r.lookup(1);
  void r.lookup(2);
  void r.lookup(3);
  await r.clock.tickAsync(0);
  t.same(r.calls, ['check 001089012345'], 'the others wait for the minute to roll');
  await r.elig.start();
  await r.elig.stop();
  t.ok(
    r.queue.some((q) => q.eventId === 2),
    'still written ahead, sent again at the next start',
  );
  await r.clock.tickAsync(5 * 60_000);
  t.equal(r.calls.length, 1, 'never made after stop');
  t.same(
    r.lines.filter((l) => l.level >= 50),
    [],
    'a planned stop logs no error',
  );
  t.match(
    r.lines.filter((l) => /written ahead/.test(String((l as { msg?: unknown }).msg))),
    [{ waiting: 2, msg: 'stopping: 2 waiting lookups stay written ahead for the next start' }],
    'the waiting lookups are one line with their count, not one each',
  );
});
