// The real HTTP client against the simulated gateway, over loopback.
import t from 'tap';
import { GatewayClient } from '../../daemon/src/eligibility/gateway-client.ts';
import { OFFICIAL_CODES } from '../../daemon/src/eligibility/result-codes.ts';
import { createGatewaySim, DEFAULT_ACCOUNT, DEFAULT_OFFICER, type GatewaySim } from '../../simulators/src/gateway/gateway-app.ts';
import { testIdentities } from '../../simulators/src/gateway/identities.ts';
import { visitsOf } from '../../simulators/src/gateway/visit-history.ts';

async function setup(
  t: { teardown(fn: () => unknown): void },
  opts: { officerId?: string; passwordCase?: 'upper' | 'lower'; timeoutMs?: number; password?: string; historyResource?: string } = {},
): Promise<{ sim: GatewaySim; client: GatewayClient; url: string }> {
  const sim = createGatewaySim({ seed: 7, populationSize: 500 });
  const url = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => sim.app.close());
  const client = new GatewayClient({
    baseUrl: url,
    username: DEFAULT_ACCOUNT.username,
    password: opts.password ?? DEFAULT_ACCOUNT.password,
    passwordCase: opts.passwordCase ?? 'upper',
    officerName: DEFAULT_OFFICER.name,
    officerId: opts.officerId ?? DEFAULT_OFFICER.cccd,
    timeoutMs: opts.timeoutMs ?? 3000,
    historyResource: opts.historyResource ?? null,
  });
  return { sim, client, url };
}

t.test('every listed test identity gets its code, mapped to a typed outcome', async (t) => {
  const { sim, client } = await setup(t);
  const ids = testIdentities(sim.population);
  const codes = new Set(ids.map((i) => i.maKetQua));
  for (const c of OFFICIAL_CODES.filter((c) => !['054', '055', '401'].includes(c))) t.ok(codes.has(c), `an identity exists for ${c}`);
  for (const id of ids) {
    const a = await client.check(id);
    t.equal(a.code, id.maKetQua, `${id.maKetQua} for ${id.maThe.slice(0, 4)}…`);
    t.ok(a.vi && a.en && a.action.vi && a.action.en, 'messages and action in both languages');
  }
});

t.test('outcome classes', async (t) => {
  const { sim, client } = await setup(t);
  const by = (code: string) => testIdentities(sim.population).find((i) => i.maKetQua === code)!;
  t.match(await client.check(by('000')), { outcome: 'eligible', card: { maThe: /^[A-Z]{2}\d{13}$/ } });
  t.match(await client.check(by('003')), { outcome: 'eligibleNewCard', card: { maTheMoi: /^[A-Z]{2}\d{13}$/ } });
  t.match(await client.check(by('010')), { outcome: 'ineligible' });
  const wrongName = by('060');
  t.match(await client.check(wrongName), { outcome: 'identityMismatch', mismatch: { field: 'hoTen', sent: wrongName.hoTen } });
  t.match(await client.check(by('070')), { outcome: 'identityMismatch', mismatch: { field: 'ngaySinh' } });
  t.match(await client.check(by('051')), { outcome: 'inputError' });
  t.match(await client.check(by('101')), { outcome: 'unavailable' });
});

t.test('the officer fields are checked (054)', async (t) => {
  const { client } = await setup(t, { officerId: '001190009999' });
  t.match(await client.check({ maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' }), { code: '054', outcome: 'inputError' });
});

t.test('a lower-case MD5 password is accepted too', async (t) => {
  const { client } = await setup(t, { passwordCase: 'lower' });
  t.match(await client.check({ maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' }), { code: '000' });
});

for (const style of ['http401', 'body401'] as const) {
  t.test(`an expired token (${style}) is re-taken and the call retried exactly once`, async (t) => {
    const { sim, client } = await setup(t);
    sim.setTokenExpiryStyle(style);
    const req = { maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' };
    t.match(await client.check(req), { code: '000' });
    t.equal(sim.stats.tokensIssued, 1, 'token cached between calls');
    await client.check(req);
    t.equal(sim.stats.tokensIssued, 1);
    sim.expireTokens();
    const before = sim.stats.checks;
    t.match(await client.check(req), { code: '000' });
    t.equal(sim.stats.tokensIssued, 2, 'one new token');
    t.equal(sim.stats.checks - before, 2, 'one failed call and one retry');
  });
}

t.test('gateway faults become "unavailable", never an exception', async (t) => {
  const { sim, client } = await setup(t, { timeoutMs: 300 });
  const req = { maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' };
  await client.check(req); // take a token first
  sim.setFault('http500');
  t.match(await client.check(req), { outcome: 'unavailable', code: 'http' });
  sim.setFault('malformed');
  t.match(await client.check(req), { outcome: 'unavailable', code: 'malformed' });
  sim.setFault('outage');
  t.match(await client.check(req), { outcome: 'unavailable', code: 'http' });
  sim.setFault('timeout');
  t.match(await client.check(req), { outcome: 'unavailable', code: 'timeout' }, 'gives up at the configured time-out (the simulator never answers)');
  sim.setFault('none');
  t.match(await client.check(req), { outcome: 'eligible' }, 'recovers');
});

t.test('an unreachable gateway is "network"', async (t) => {
  const client = new GatewayClient({
    baseUrl: 'http://127.0.0.1:9',
    username: 'x',
    password: 'y',
    passwordCase: 'upper',
    officerName: 'a',
    officerId: 'b',
    timeoutMs: 1000,
  });
  t.match(await client.check({ maThe: '001089012345', hoTen: 'A', ngaySinh: '1989' }), { outcome: 'unavailable', code: 'network' });
});

t.test('the simulator takes form bodies with any key case, and tokens expire', async (t) => {
  let now = 1_000_000;
  const sim = createGatewaySim({ seed: 7, populationSize: 100, tokenTtlMs: 10 * 60_000, now: () => now });
  const url = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => sim.app.close());
  const md5 = (await import('node:crypto')).createHash('md5').update(DEFAULT_ACCOUNT.password).digest('hex').toUpperCase();
  const form = (o: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(o).toString(),
  });
  const tok = (await (await fetch(`${url}/api/token/take`, form({ Username: DEFAULT_ACCOUNT.username, Password: md5 }))).json()) as {
    maKetQua: string;
    APIKey: { access_token: string; id_token: string; expires_in: string };
  };
  t.equal(tok.maKetQua, '200');
  t.equal(Date.parse(tok.APIKey.expires_in) - now, 10 * 60_000, 'expires_in is an ISO time 10 minutes ahead');
  const q = new URLSearchParams({ token: tok.APIKey.access_token, id_token: tok.APIKey.id_token, username: DEFAULT_ACCOUNT.username, password: md5 });
  const check = () =>
    fetch(
      `${url}/api/egw/KQNhanLichSuKCB2024?${q}`,
      form({ maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989', hoTenCb: DEFAULT_OFFICER.name, cccdCb: DEFAULT_OFFICER.cccd }),
    );
  t.match(await (await check()).json(), { maKetQua: '000', maThe: /^[A-Z]{2}\d{13}$/, dsLichSuKCB2018: null }, 'form body accepted');
  now += 10 * 60_000 + 1;
  t.equal((await check()).status, 401, 'expired after 10 minutes');
  const bad = (await (await fetch(`${url}/api/token/take`, form({ username: DEFAULT_ACCOUNT.username, password: 'WRONG' }))).json()) as { maKetQua: string };
  t.equal(bad.maKetQua, '401', 'a wrong password is refused');
});

t.test('a restricted account is told apart from a genuine system error; neither call is repeated', async (t) => {
  const { sim, client } = await setup(t);
  const req = { maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' };
  await client.check(req);
  sim.setFault('restricted');
  let before = sim.stats.checks;
  t.match(await client.check(req), { outcome: 'unavailable', code: 'accountRestricted', vi: /hạn chế/, action: { vi: /liên hệ BHXH/, en: /contact BHXH/ } });
  t.equal(sim.stats.checks - before, 1, 'HTTP 500: asked once, not retried');
  sim.setFault('systemError');
  before = sim.stats.checks;
  t.match(await client.check(req), { outcome: 'unavailable', code: 'http' }, '"Có lỗi hệ thống…" is an outage, not a restriction');
  t.equal(sim.stats.checks - before, 1);
});

t.test('wrong credentials are "credentials", a configuration error', async (t) => {
  const { sim, client } = await setup(t, { password: 'wrong' });
  t.match(await client.check({ maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' }), {
    outcome: 'unavailable',
    code: 'credentials',
    action: { vi: /gateway\.password/ },
  });
  t.equal(sim.stats.checks, 0, 'no card check was sent without a token');
  t.match(await client.renewToken(), { ok: false, code: 'credentials' });
});

t.test('HTTP 400 without maKetQua is a refused request: final, not retried', async (t) => {
  const app = (await import('fastify')).default();
  let calls = 0;
  app.post('/api/token/take', async () => ({
    maKetQua: '200',
    APIKey: { access_token: 'a', id_token: 'b', expires_in: new Date(Date.now() + 600_000).toISOString() },
  }));
  app.post('/api/egw/KQNhanLichSuKCB2024', async (_req, reply) => (calls++, reply.code(400).send({ message: 'bad request' })));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  const client = new GatewayClient({ baseUrl: url, username: 'u', password: 'p', passwordCase: 'upper', officerName: 'o', officerId: '1', timeoutMs: 2000 });
  t.match(await client.check({ maThe: '001089012345', hoTen: 'A', ngaySinh: '1989' }), { outcome: 'inputError', code: 'rejected' });
  t.equal(calls, 1);
});

t.test('the whole answer: the new card of 003 and 004, maSoBHXH, ngayDu5Nam, maKV; no history in the 2024 check', async (t) => {
  const { sim, client } = await setup(t);
  const p3 = sim.population.people.find((p) => p.state === '003')!;
  const a3 = await client.check({ maThe: p3.cccd, hoTen: p3.hoTen, ngaySinh: p3.ngaySinh });
  t.match(a3, {
    code: '003',
    outcome: 'eligibleNewCard',
    card: {
      maTheMoi: p3.maTheMoi,
      gtTheTuMoi: '01/01/2026',
      gtTheDenMoi: '31/12/2026',
      maDKBDMoi: /^\d{5}$/,
      tenDKBDMoi: /\S/,
      gtTheDen: '31/12/2025',
      maSoBHXH: p3.maSoBHXH,
    },
  });
  const p4 = sim.population.people.find((p) => p.state === '004')!;
  t.match(
    await client.check({ maThe: p4.cccd, hoTen: p4.hoTen, ngaySinh: p4.ngaySinh }),
    { card: { gtTheDen: '31/12/2026', gtTheTuMoi: '01/01/2027' } },
    '004: the old card still valid',
  );
  const withFive = sim.population.people.find((p) => p.state === '000' && p.ngayDu5Nam && p.maKV)!;
  t.match(await client.check({ maThe: withFive.cccd, hoTen: withFive.hoTen, ngaySinh: withFive.ngaySinh }), {
    card: { ngayDu5Nam: withFive.ngayDu5Nam, maKV: /^K[123]$/ },
  });
  const raw = await client.check({ maThe: p3.maSoBHXH, hoTen: p3.hoTen, ngaySinh: p3.ngaySinh });
  t.match(raw, { code: '003' }, 'a 10-digit BHXH number is a maThe too');
  t.match(await client.check({ maThe: p3.maThe, hoTen: p3.hoTen, ngaySinh: p3.ngaySinh }), { code: '003' }, 'and the 15-character card code');
});

t.test('Quảng Ngãi people carry BHYT province 51 (the daemon decodes 35 as Hà Nam)', async (t) => {
  const { sim } = await setup(t);
  const qn = sim.population.people.filter((p) => p.cccd.startsWith('051'));
  t.ok(qn.length > 10);
  t.ok(qn.every((p) => p.maThe.slice(3, 5) === '51' && p.maSoBHXH.startsWith('51')));
});

t.test('visit history (Lskcb2025): form body, same token; the simulator refuses a JSON body like the real gateway', async (t) => {
  const { sim, client, url } = await setup(t, { historyResource: '/api/egw/Lskcb2025' });
  const p = sim.population.people.find((x) => x.state === '000' && !['001089012345', '079305001234'].includes(x.cccd) && visitsOf(x, 7))!;
  const h = await client.history({ maThe: p.cccd, hoTen: p.hoTen, ngaySinh: p.ngaySinh });
  t.equal(h.code, '000');
  t.equal(h.visits?.length, visitsOf(p, 7)!.length);
  t.match(h.visits?.[0], { maCSKCB: /^\d{5}$/, ngayVao: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, tenBenh: /\S/, kqDieuTri: /Khỏi|Đỡ/, lyDoVV: /tuyến/ });
  t.equal(sim.stats.tokensIssued, 1);
  const none = sim.population.people.find((x) => x.state === '000' && !visitsOf(x, 7))!;
  t.match(
    await client.history({ maThe: none.cccd, hoTen: none.hoTen, ngaySinh: none.ngaySinh }),
    { code: '000', visits: [] },
    'null from the gateway: no visits',
  );
  t.match(await client.history({ maThe: '001099999990', hoTen: 'A', ngaySinh: '1989' }), { code: '050', visits: null });
  sim.setFault('restricted');
  t.match(await client.history({ maThe: p.cccd, hoTen: p.hoTen, ngaySinh: p.ngaySinh }), { code: 'accountRestricted', visits: null }, 'never throws');
  sim.setFault('none');
  const md5 = client.passwordHash;
  const tok = (await (
    await fetch(`${url}/api/token/take`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEFAULT_ACCOUNT.username, password: md5 }),
    })
  ).json()) as {
    APIKey: { access_token: string; id_token: string };
  };
  const q = new URLSearchParams({ token: tok.APIKey.access_token, id_token: tok.APIKey.id_token, username: DEFAULT_ACCOUNT.username, password: md5 });
  const json = await fetch(`${url}/api/egw/Lskcb2025?${q}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ maThe: p.cccd, hoTen: p.hoTen, ngaySinh: p.ngaySinh, hoTenCb: DEFAULT_OFFICER.name, cccdCb: DEFAULT_OFFICER.cccd }),
  });
  t.match(await json.json(), { maKetQua: '205', dsLichSuKCB2025: null });
});
