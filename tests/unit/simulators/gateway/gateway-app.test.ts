// The simulated BHXH gateway over HTTP (docs/research/eligibility-gateway.md §2–3, §6;
// docs/research/checkin-xml0.md §4–6), in the wire format protocols/bhxh-gateway/ declares: token/take,
// the card check, the visit history and the check-in, the token rules (10 minutes, the caller's IP, the
// account again on every call, expiry as HTTP 401 or as maKetQua "401"), the injected faults and the
// control routes. Integrators and the daemon's own tests build on it, so if it drifted from the real
// gateway's shape a clinic would find out only on the real one; the last test drives it with the
// daemon's real client (daemon/src/eligibility/gateway-client.ts) over loopback.

import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import FakeTimers from '@sinonjs/fake-timers';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import forge from 'node-forge';
import t, { type Test } from 'tap';
import type { EligibilityCard, IdentityView } from '../../../../daemon/src/api/contract.ts';
import { signEnveloped } from '../../../../daemon/src/checkin/xml-signature.ts';
import { xml0Document, xml0Row } from '../../../../daemon/src/checkin/xml0-document.ts';
import { GatewayClient } from '../../../../daemon/src/eligibility/gateway-client.ts';
import { accountRestricted, passwordHash, RESTRICTED_NOTE, SYSTEM_ERROR_NOTE, tokenExpired } from '../../../../protocols/bhxh-gateway/auth.ts';
import { CARD_CHECK_PATH } from '../../../../protocols/bhxh-gateway/card-check.ts';
import { CHECKIN_PATHS } from '../../../../protocols/bhxh-gateway/check-in.ts';
import { TOKEN_PATH } from '../../../../protocols/bhxh-gateway/token.ts';
import { VISIT_HISTORY_PATH } from '../../../../protocols/bhxh-gateway/visit-history.ts';
import { checkCard } from '../../../../simulators/src/gateway/card-check.ts';
import { createGatewaySim, DEFAULT_ACCOUNT, DEFAULT_OFFICER, type GatewaySim, type GatewaySimOptions } from '../../../../simulators/src/gateway/gateway-app.ts';
import { visitsOf } from '../../../../simulators/src/gateway/visit-history.ts';

const NOW = Date.parse('2026-12-01T02:00:00.000Z');
const MD5 = passwordHash(DEFAULT_ACCOUNT.password, 'upper');
const AN = { maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989', hoTenCb: DEFAULT_OFFICER.name, cccdCb: DEFAULT_OFFICER.cccd };
type Answer = { maKetQua: string } & Record<string, unknown>;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface Sim {
  readonly sim: GatewaySim;
  readonly app: FastifyInstance;
  readonly clock: { now: number };
}

function start(t: Test, opts: GatewaySimOptions = {}): Sim {
  const clock = { now: NOW };
  const sim = createGatewaySim({ seed: 1, populationSize: 200, now: () => clock.now, ...opts });
  t.teardown(() => sim.app.close());
  return { sim, app: sim.app, clock };
}

interface Token {
  access_token: string;
  id_token: string;
}

async function takeToken(app: FastifyInstance, remoteAddress = '127.0.0.1'): Promise<Token> {
  const res = await app.inject({ method: 'POST', url: TOKEN_PATH, payload: { username: DEFAULT_ACCOUNT.username, password: MD5 }, remoteAddress });
  return res.json<{ APIKey: Token }>().APIKey;
}

const query = (tok: Token, password = MD5): string =>
  new URLSearchParams({ token: tok.access_token, id_token: tok.id_token, username: DEFAULT_ACCOUNT.username, password }).toString();

const check = (app: FastifyInstance, tok: Token, body: Record<string, string> = AN, extra: { remoteAddress?: string; password?: string } = {}) =>
  app.inject({ method: 'POST', url: `${CARD_CHECK_PATH}?${query(tok, extra.password)}`, payload: body, remoteAddress: extra.remoteAddress ?? '127.0.0.1' });

const formHistory = (app: FastifyInstance, tok: Token, body: Record<string, string>) =>
  app.inject({ method: 'POST', url: `${VISIT_HISTORY_PATH}?${query(tok)}`, headers: FORM, payload: new URLSearchParams(body).toString() });

/** Lets the request reach its route (inject starts it on the real event loop). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

t.test('token/take: the account with its MD5 in either case, JSON or form, keys in any case', async (t) => {
  const { app, sim } = start(t);
  const res = await app.inject({ method: 'POST', url: TOKEN_PATH, payload: { username: DEFAULT_ACCOUNT.username, password: MD5 } });
  t.equal(res.statusCode, 200);
  const body = res.json<{ maKetQua: string; APIKey: Record<string, string> }>();
  t.equal(body.maKetQua, '200', 'maKetQua is the string "200"');
  t.same(Object.keys(body.APIKey).sort(), ['access_token', 'expires_in', 'id_token', 'token_type', 'username']);
  t.match(body.APIKey, { token_type: 'Bearer', username: '00000_BV', expires_in: '2026-12-01T02:10:00.000Z' }, 'expires_in: an ISO time ten minutes on');
  t.equal(Buffer.from(body.APIKey['access_token']!, 'base64').length, 32, 'an opaque base64 access token');
  t.match(body.APIKey['id_token'], /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a GUID id token');

  const lower = await app.inject({ method: 'POST', url: TOKEN_PATH, payload: { username: DEFAULT_ACCOUNT.username, password: MD5.toLowerCase() } });
  t.equal(lower.json<Answer>().maKetQua, '200', 'the MD5 in lower case');
  const form = await app.inject({
    method: 'POST',
    url: TOKEN_PATH,
    headers: FORM,
    payload: new URLSearchParams({ Username: DEFAULT_ACCOUNT.username, Password: MD5 }).toString(),
  });
  t.equal(form.json<Answer>().maKetQua, '200', 'a form body with capitalised keys');
  t.equal(sim.stats.tokensIssued, 3);
});

t.test('token/take refuses a wrong account with maKetQua "401" and no key', async (t) => {
  const { app, sim } = start(t);
  const cases: Array<[string, Record<string, string>]> = [
    ['a wrong password', { username: DEFAULT_ACCOUNT.username, password: passwordHash('sai-mat-khau', 'upper') }],
    ['the plain password instead of its MD5', { username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password }],
    ['an unknown account', { username: '79001_BV', password: MD5 }],
    ['nothing', {}],
  ];
  for (const [what, payload] of cases) {
    const res = await app.inject({ method: 'POST', url: TOKEN_PATH, payload });
    t.same([res.statusCode, res.json()], [200, { maKetQua: '401', APIKey: null }], what);
  }
  t.equal(sim.stats.tokensIssued, 0, 'no token issued');
  const custom = start(t, { accounts: [{ username: '01001_BV', password: 'mat-khau-rieng' }] });
  const own = await custom.app.inject({
    method: 'POST',
    url: TOKEN_PATH,
    payload: { username: '01001_BV', password: passwordHash('mat-khau-rieng', 'lower') },
  });
  t.equal(own.json<Answer>().maKetQua, '200', 'a configured account');
});

t.test("the card check answers as the simulator's card check does, from a JSON or a form body", async (t) => {
  const { app, sim } = start(t);
  const tok = await takeToken(app);
  const json = await check(app, tok);
  t.equal(json.statusCode, 200);
  t.same(json.json(), checkCard(AN, sim.population, [DEFAULT_OFFICER]), 'the whole answer');
  t.match(json.json(), { maKetQua: '000', maThe: 'DN4010112345678', dsLichSuKCB2018: null });
  const form = await app.inject({
    method: 'POST',
    url: `${CARD_CHECK_PATH}?${query(tok)}`,
    headers: FORM,
    payload: new URLSearchParams({ ...AN, hoTen: 'Trần Văn An' }).toString(),
  });
  t.match(form.json(), { maKetQua: '060', hoTen: 'Nguyễn Văn An' }, 'a form body, and a name mismatch');
  const capitalised = await check(app, tok, { MaThe: AN.maThe, HoTen: AN.hoTen, NgaySinh: '1989', HoTenCb: AN.hoTenCb, CccdCb: AN.cccdCb });
  t.equal(capitalised.json<Answer>().maKetQua, '000', 'keys in any case, the year alone');
  const officer = await check(app, tok, { ...AN, cccdCb: '001190009999' });
  t.equal(officer.json<Answer>().maKetQua, '054', 'the officer list is the default officer');
  t.equal(sim.stats.checks, 4);
});

t.test('every call needs the token from the same IP, within its lifetime, with the account again', async (t) => {
  const { app, sim, clock } = start(t);
  const tok = await takeToken(app);
  const refused = async (what: string, res: Promise<LightMyRequestResponse>) => {
    const r = await res;
    t.same([r.statusCode, r.body], [401, ''], `${what}: HTTP 401 with an empty body`);
    t.ok(tokenExpired(r.statusCode, null), `${what}: the client's expiry rule sees it`);
  };
  t.equal((await check(app, tok)).json<Answer>().maKetQua, '000', 'the token works');
  await refused('no token', app.inject({ method: 'POST', url: CARD_CHECK_PATH, payload: AN }));
  await refused('another id_token', check(app, { ...tok, id_token: '00000000-0000-4000-8000-000000000000' }));
  await refused('another IP address', check(app, tok, AN, { remoteAddress: '10.0.0.7' }));
  await refused('a wrong password in the query', check(app, tok, AN, { password: passwordHash('sai', 'upper') }));
  clock.now = NOW + 10 * 60_000 - 1;
  t.equal((await check(app, tok)).json<Answer>().maKetQua, '000', 'still good a millisecond before ten minutes');
  clock.now = NOW + 10 * 60_000;
  await refused('ten minutes on', check(app, tok));
  clock.now = NOW;
  const fresh = await takeToken(app);
  sim.expireTokens();
  await refused('after expireTokens()', check(app, fresh));
  const other = await takeToken(app, '10.0.0.7');
  t.equal((await check(app, other, AN, { remoteAddress: '10.0.0.7' })).json<Answer>().maKetQua, '000', 'a token taken from 10.0.0.7 works from there');
});

t.test('token expiry as HTTP 200 with maKetQua "401" when asked for, and a configurable lifetime', async (t) => {
  const { app, sim } = start(t, { tokenTtlMs: 60_000 });
  sim.setTokenExpiryStyle('body401');
  const res = await app.inject({ method: 'POST', url: CARD_CHECK_PATH, payload: AN });
  t.same([res.statusCode, res.json()], [200, { maKetQua: '401', ghiChu: 'Lỗi xác thực tài khoản' }]);
  t.ok(tokenExpired(res.statusCode, res.json<Record<string, unknown>>()), "the client's expiry rule sees it");
  const tok = (await app.inject({ method: 'POST', url: TOKEN_PATH, payload: { username: DEFAULT_ACCOUNT.username, password: MD5 } })).json<{
    APIKey: Record<string, string>;
  }>().APIKey;
  t.equal(tok.expires_in, '2026-12-01T02:01:00.000Z', 'a one-minute token says so');
  const back = await app.inject({ method: 'POST', url: '/sim/token-expiry', payload: { style: 'http401' } });
  t.same(back.json(), { style: 'http401' });
  t.equal((await app.inject({ method: 'POST', url: CARD_CHECK_PATH, payload: AN })).statusCode, 401, 'switched back over HTTP');
});

t.test('the visit history: a form body only, the visits of a covered person, none otherwise', async (t) => {
  const { app, sim } = start(t, { seed: 5 });
  const tok = await takeToken(app);
  const an = sim.population.find(AN.maThe)!;
  const res = await formHistory(app, tok, AN);
  t.same(res.json(), { maKetQua: '000', ghiChu: 'Thành công', dsLichSuKCB2025: visitsOf(an, 5) }, "the person's visits for the gateway's seed");
  const json = await app.inject({ method: 'POST', url: `${VISIT_HISTORY_PATH}?${query(tok)}`, payload: AN });
  t.same(json.json(), { maKetQua: '205', ghiChu: 'Lỗi sai định dạng tham số', dsLichSuKCB2025: null }, 'a JSON body is refused as the real gateway did');
  const nobody = await formHistory(app, tok, { ...AN, maThe: '001099999990' });
  t.same(nobody.json(), { maKetQua: '050', ghiChu: 'Không có thông tin thẻ BHYT', dsLichSuKCB2025: null }, "the card check's refusal, no visits");
  const expired = sim.population.people.find((p) => p.state === '010')!;
  const exp = await formHistory(app, tok, { ...AN, maThe: expired.cccd, hoTen: expired.hoTen, ngaySinh: expired.ngaySinh });
  t.match(exp.json(), { maKetQua: '010', dsLichSuKCB2025: null }, 'an expired card: no history');
  const renewed = sim.population.people.find((p) => p.state === '003')!;
  const ren = await formHistory(app, tok, { ...AN, maThe: renewed.cccd, hoTen: renewed.hoTen, ngaySinh: renewed.ngaySinh });
  t.same(ren.json<Answer>()['dsLichSuKCB2025'], visitsOf(renewed, 5), 'a renewed card (003) has its history');
  t.equal((await app.inject({ method: 'POST', url: VISIT_HISTORY_PATH, headers: FORM, payload: '' })).statusCode, 401, 'the token is needed');
  t.equal(sim.stats.histories, 6);
});

// --- Check-in -------------------------------------------------------------------------------

function selfSigned(cn: string): { key: KeyObject; certPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  c.serialNumber = '01';
  c.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  c.validity.notAfter = new Date('2028-01-01T00:00:00Z');
  c.setSubject([{ name: 'commonName', value: cn }]);
  c.setIssuer([{ name: 'commonName', value: cn }]);
  c.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  return { key: privateKey, certPem: forge.pki.certificateToPem(c) };
}
const FACILITY = selfSigned('bv-01001');
const identity: IdentityView = {
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
const card = { maThe: 'DN4010112345678', gtTheTu: '01/01/2026', gtTheDen: '31/12/2026', maDKBD: '01001' } as EligibilityCard;
/** A visit's XML0, signed with the facility's key, base64 for fileHSBase64. */
const xml0 = (maLk: string): string => {
  const doc = xml0Document(
    xml0Row({
      maLk,
      patientId: 42,
      identity,
      card,
      registeredAt: new Date(NOW),
      facilityCode: '01001',
      department: { serviceCode: '02.1896', serviceName: 'Khám bệnh Nội', visitCategory: '1', careType: '01' },
    }),
  );
  return Buffer.from(signEnveloped(doc, FACILITY.certPem, (data) => sign('sha256', data, FACILITY.key))).toString('base64');
};
const headersOf = (tok: Token, hash = MD5) => ({ accessToken: tok.access_token, tokenId: tok.id_token, passwordHash: hash });
const checkinBody = (fileHSBase64: string) => ({ username: DEFAULT_ACCOUNT.username, loaiHoSo: '0', maTinh: '01', maCSKCB: '01001', fileHSBase64 });

t.test('check-in on both resources: the token in headers, the document as a form or JSON body', async (t) => {
  const { app, sim } = start(t, { certificates: [FACILITY.certPem] });
  const tok = await takeToken(app);
  const form = await app.inject({
    method: 'POST',
    url: CHECKIN_PATHS[0],
    headers: { ...FORM, ...headersOf(tok) },
    payload: new URLSearchParams(checkinBody(xml0('01001.20261201.1'))).toString(),
  });
  t.match(form.json(), { maKetQua: '200', thongDiep: 'Tiếp nhận thành công', thoiGianTiepNhan: '20261201090000' }, `${CHECKIN_PATHS[0]}, form body`);
  const json = await app.inject({
    method: 'POST',
    url: CHECKIN_PATHS[1],
    headers: headersOf(tok, MD5.toLowerCase()),
    payload: { ...checkinBody(xml0('01001.20261201.2')), chukydonvi: '' },
  });
  t.match(json.json(), { maKetQua: '200', thongDiep: 'Tiếp nhận thành công' }, `${CHECKIN_PATHS[1]}, JSON body with an empty chukydonvi`);
  t.equal(sim.checkins.length, 2, 'both received');
  t.match(sim.checkins[0]!.xml, /<MA_LK>01001\.20261201\.1<\/MA_LK>/, 'the decoded XML0 is kept');
  const listed = await app.inject({ method: 'GET', url: '/sim/checkins' });
  t.same(
    listed.json<Array<{ maGiaoDich: string }>>().map((r) => r.maGiaoDich),
    [form.json<Answer>()['maGiaoDich'], json.json<Answer>()['maGiaoDich']],
    'GET /sim/checkins lists them, transaction ids included',
  );
  t.equal(sim.stats.checkins, 2);
});

t.test('check-in refusals: no token, the token in the query instead of the headers, a wrong password hash, an unregistered certificate', async (t) => {
  const { app, sim } = start(t);
  const tok = await takeToken(app);
  const payload = checkinBody(xml0('01001.20261201.3'));
  const noHeaders = await app.inject({ method: 'POST', url: CHECKIN_PATHS[0], payload });
  t.same([noHeaders.statusCode, noHeaders.body], [401, ''], 'no token headers');
  const inQuery = await app.inject({ method: 'POST', url: `${CHECKIN_PATHS[0]}?${query(tok)}`, payload });
  t.equal(inQuery.statusCode, 401, "the card check's query-string token is not the check-in's way");
  const badHash = await app.inject({ method: 'POST', url: CHECKIN_PATHS[0], headers: headersOf(tok, passwordHash('sai', 'upper')), payload });
  t.equal(badHash.statusCode, 401, 'a wrong passwordHash header');
  const unregistered = await app.inject({ method: 'POST', url: CHECKIN_PATHS[0], headers: headersOf(tok), payload });
  t.match(unregistered.json(), { maKetQua: '403', thongDiep: 'Chứng thư số chưa được đăng ký trên Cổng tiếp nhận' }, 'a certificate not registered');
  const reg = await app.inject({ method: 'POST', url: '/sim/certificates', payload: { pem: FACILITY.certPem } });
  t.same(reg.json(), { registered: true });
  const again = await app.inject({ method: 'POST', url: CHECKIN_PATHS[0], headers: headersOf(tok), payload });
  t.match(again.json(), { maKetQua: '200', thongDiep: 'Tiếp nhận thành công' }, 'registered over HTTP, then accepted');
  t.equal((await app.inject({ method: 'POST', url: '/sim/certificates', payload: {} })).statusCode, 400, 'registering needs a PEM');
  t.equal(sim.checkins.length, 2, 'only check-ins past the token are recorded');
});

// --- Faults, latency and the control routes ----------------------------------------------------

t.test('injected faults, as the real gateway shows them, on every gateway call but token/take', async (t) => {
  const { app, sim } = start(t);
  const tok = await takeToken(app);
  const calls: Array<[string, () => Promise<LightMyRequestResponse>]> = [
    ['card check', () => check(app, tok)],
    ['visit history', () => formHistory(app, tok, AN)],
    ['check-in', () => app.inject({ method: 'POST', url: CHECKIN_PATHS[0], headers: headersOf(tok), payload: checkinBody('') })],
  ];
  for (const [call, send] of calls) {
    sim.setFault('outage');
    const outage = await send();
    t.same([outage.statusCode, outage.headers['content-type']], [503, 'text/html'], `${call}: outage, an HTML 503`);
    sim.setFault('http500');
    const http500 = await send();
    t.same(
      [http500.statusCode, http500.headers['content-type'], http500.body],
      [500, 'text/html', '<html><body>Runtime Error</body></html>'],
      `${call}: an HTML 500`,
    );
    sim.setFault('restricted');
    const restricted = await send();
    t.same([restricted.statusCode, restricted.json()], [500, { MaKetQua: '500', GhiChu: RESTRICTED_NOTE }], `${call}: restricted account`);
    t.ok(accountRestricted(restricted.json<Record<string, unknown>>()), `${call}: the client reads it as the account restricted`);
    sim.setFault('systemError');
    const systemError = await send();
    t.same([systemError.statusCode, systemError.json()], [500, { MaKetQua: '500', GhiChu: SYSTEM_ERROR_NOTE }], `${call}: system error`);
    t.notOk(accountRestricted(systemError.json<Record<string, unknown>>()), `${call}: not read as the account restricted`);
    sim.setFault('malformed');
    const malformed = await send();
    t.equal(malformed.statusCode, 200);
    t.throws(() => JSON.parse(malformed.body) as unknown, SyntaxError, `${call}: cut-off JSON`);
    sim.setFault('none');
    t.equal((await send()).statusCode, 200, `${call}: back to normal`);
  }
  sim.setFault('outage');
  const tokenRes = await app.inject({ method: 'POST', url: TOKEN_PATH, payload: { username: DEFAULT_ACCOUNT.username, password: MD5 } });
  t.equal(tokenRes.json<Answer>().maKetQua, '200', 'token/take still answers during an outage');
});

t.test('the timeout fault holds the answer for two minutes', async (t) => {
  const { app, sim } = start(t);
  await app.ready();
  const tok = await takeToken(app);
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  sim.setFault('timeout');
  let answered = false;
  const res = check(app, tok).then((r) => ((answered = true), r));
  await settle();
  await clock.tickAsync(119_999);
  await settle();
  t.notOk(answered, 'nothing after 1 min 59.999 s');
  await clock.tickAsync(1);
  await settle();
  t.ok(answered, 'the answer after two minutes');
  t.equal((await res).json<Answer>().maKetQua, '000', 'and it is the normal answer (a client has given up long before)');
});

t.test('latency: a fixed delay exactly, a log-normal one capped at a minute', async (t) => {
  const { app, sim } = start(t);
  await app.ready();
  const tok = await takeToken(app);
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const fixed = await app.inject({ method: 'POST', url: '/sim/latency', payload: { medianMs: 2000, fixed: true } });
  t.same(fixed.json(), { medianMs: 2000, fixed: true });
  let answered = false;
  const res = check(app, tok).then((r) => ((answered = true), r));
  await settle();
  await clock.tickAsync(1999);
  await settle();
  t.notOk(answered, 'not before 2 s');
  await clock.tickAsync(1);
  await settle();
  t.ok(answered, 'at 2 s');
  t.equal((await res).json<Answer>().maKetQua, '000');

  sim.setLatency(30_000);
  await app.inject({ method: 'POST', url: '/sim/latency', payload: { medianMs: 30_000 } });
  const done: boolean[] = [];
  const all = Promise.all(Array.from({ length: 8 }, (_, i) => check(app, tok).then(() => (done[i] = true))));
  await settle();
  await clock.tickAsync(0);
  await settle();
  t.equal(done.filter(Boolean).length, 0, 'none at once');
  await clock.tickAsync(60_000);
  await settle();
  await all;
  t.equal(done.filter(Boolean).length, 8, 'all within the 60 s cap, whatever the draw');
});

t.test('control routes: a fault for a while, the stats, expiring tokens, and refusing what is not a setting', async (t) => {
  const { app } = start(t);
  await app.ready();
  const tok = await takeToken(app);
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const set = await app.inject({ method: 'POST', url: '/sim/fault', payload: { fault: 'outage', forMs: 5000 } });
  t.same(set.json(), { fault: 'outage', forMs: 5000 });
  t.equal((await check(app, tok)).statusCode, 503, 'in the outage');
  await clock.tickAsync(4999);
  t.equal((await check(app, tok)).statusCode, 503, 'still, just before its end');
  await clock.tickAsync(1);
  t.equal((await check(app, tok)).statusCode, 200, 'over after forMs');
  await app.inject({ method: 'POST', url: '/sim/fault', payload: { fault: 'http500', forMs: 5000 } });
  await app.inject({ method: 'POST', url: '/sim/fault', payload: { fault: 'malformed' } });
  await clock.tickAsync(10_000);
  const later = await check(app, tok);
  t.throws(() => JSON.parse(later.body) as unknown, SyntaxError, 'a fault set without forMs stays (and cancelled the earlier one’s timer)…');
  const stats = await app.inject({ method: 'GET', url: '/sim/stats' });
  t.match(
    stats.json(),
    { fault: 'malformed', latencyMs: 0, tokenExpiryStyle: 'http401', tokensIssued: 1, checks: 4, histories: 0, checkins: 0, calls: 5 },
    '…and the stats say so',
  );
  await app.inject({ method: 'POST', url: '/sim/fault', payload: { fault: 'none' } });
  t.same((await app.inject({ method: 'POST', url: '/sim/expire-tokens' })).json(), { expired: true });
  t.equal((await check(app, tok)).statusCode, 401, 'the token is gone');
  for (const [url, payload] of [
    ['/sim/fault', { fault: 'earthquake' }],
    ['/sim/fault', { fault: 'outage', forMs: 0 }],
    ['/sim/token-expiry', { style: 'body200' }],
    ['/sim/latency', { medianMs: -1 }],
    ['/sim/latency', {}],
  ] as const) {
    t.equal((await app.inject({ method: 'POST', url, payload })).statusCode, 400, `${url} ${JSON.stringify(payload)}`);
  }
  t.match((await app.inject({ method: 'GET', url: '/sim/stats' })).json(), { fault: 'none', latencyMs: 0 }, 'refused settings changed nothing');
});

t.test('the population has the configured size, the same one on every look', async (t) => {
  const { sim } = start(t, { seed: 9, populationSize: 50 });
  t.equal(sim.population.people.length, 50);
  t.equal(sim.population, sim.population, 'the same population each time');
});

// --- The daemon's client understands it ----------------------------------------------------------

t.test("the daemon's gateway client, over loopback: token, card check, visit history, check-in, expiry and a restricted account", async (t) => {
  const { app, sim } = start(t, { seed: 3, certificates: [FACILITY.certPem], now: Date.now });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const client = new GatewayClient({
    baseUrl: url,
    username: DEFAULT_ACCOUNT.username,
    password: DEFAULT_ACCOUNT.password,
    passwordCase: 'upper',
    officerName: DEFAULT_OFFICER.name,
    officerId: DEFAULT_OFFICER.cccd,
    timeoutMs: 5000,
    historyResource: VISIT_HISTORY_PATH,
  });
  const req = { maThe: AN.maThe, hoTen: AN.hoTen, ngaySinh: AN.ngaySinh };
  t.match(await client.check(req), { outcome: 'eligible', code: '000', card: { maThe: 'DN4010112345678', hoTen: 'Nguyễn Văn An' } }, 'the card check');
  const visits = visitsOf(sim.population.find(AN.maThe)!, 3);
  const history = await client.history(req);
  t.equal(history.code, '000', 'the visit history');
  t.equal(history.visits?.length ?? 0, visits?.length ?? 0, "the person's visits");
  for (const encoding of ['form', 'json'] as const) {
    const a = await client.checkIn({ resource: CHECKIN_PATHS[0], encoding, maTinh: '01', maCSKCB: '01001', fileHSBase64: xml0(`01001.20261201.${encoding}`) });
    t.match(a, { status: 'accepted', code: '200', maGiaoDich: /^[0-9a-f-]{36}$/, thoiGianTiepNhan: /^\d{14}$/ }, `a ${encoding} check-in`);
  }
  const dup = await client.checkIn({ resource: CHECKIN_PATHS[0], encoding: 'form', maTinh: '01', maCSKCB: '01001', fileHSBase64: xml0('01001.20261201.form') });
  t.match(dup, { status: 'rejected', code: '200', thongDiep: /đã tồn tại/ }, 'a duplicate MA_LK is a refusal to the client');
  for (const style of ['http401', 'body401'] as const) {
    sim.setTokenExpiryStyle(style);
    sim.expireTokens();
    const before = sim.stats.tokensIssued;
    t.match(await client.check(req), { code: '000' }, `expiry as ${style}: a new token and one retry`);
    t.equal(sim.stats.tokensIssued, before + 1);
  }
  sim.setFault('restricted');
  t.match(await client.check(req), { code: 'accountRestricted' }, 'a restricted account, not an outage');
  sim.setFault('systemError');
  t.match(await client.check(req), { code: 'http', outcome: 'unavailable' }, 'a system error is an outage');
  sim.setFault('malformed');
  t.match(await client.check(req), { code: 'malformed' }, 'cut-off JSON');
});
