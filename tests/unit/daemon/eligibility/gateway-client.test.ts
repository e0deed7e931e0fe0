// The BHXH gateway client against a scripted gateway on loopback: what it sends (the token, the
// account's MD5, the officer, JSON for the card check, a form for the history, headers for the
// check-in), and what the desk gets back for every kind of answer. The rules are those of
// docs/research/eligibility-gateway.md §2, §5 and docs/research/checkin-xml0.md §4–6: read maKetQua
// whatever the HTTP status; an expired token (HTTP 401 or maKetQua "401") is re-taken and the call
// retried exactly once; a 400 or a 500 is never repeated; a 500 with "Có lỗi xảy ra trong quá trình
// tra cứu!" is a restricted account, not an outage.

import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { GatewayClient, type GatewayClientOptions } from '../../../../daemon/src/eligibility/gateway-client.ts';

interface Scripted {
  readonly status?: number;
  /** A JSON body, or raw text with `raw`. */
  readonly body?: unknown;
  readonly raw?: string;
  readonly type?: string;
  /** Hold the answer this long (a gateway that does not answer in time). */
  readonly holdMs?: number;
}

interface Seen {
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly contentType: string;
  readonly body: Record<string, unknown>;
}

const T0 = Date.parse('2026-12-01T02:00:00Z');
const PASSWORD = 'mat-khau-2026';
const MD5 = createHash('md5').update(PASSWORD, 'utf8').digest('hex');
const AN = { maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989' };
const CARD = {
  maKetQua: '000',
  ghiChu: 'Thẻ còn giá trị sử dụng!',
  maThe: 'DN4010123456789',
  hoTen: 'Nguyễn Văn An',
  ngaySinh: '15/03/1989',
  gioiTinh: 'Nam',
  maDKBD: '01001',
  gtTheTu: '01/01/2026',
  gtTheDen: '31/12/2026',
  dsLichSuKCB2018: null,
  dsLichSuKT2018: [],
};

/** A gateway that answers each path from its script (then from its default), recording every request. */
async function scriptedGateway(t: Test, clock: { now: number }) {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  const seen: Seen[] = [];
  const script = new Map<string, Scripted[]>();
  let tokens = 0;
  const defaults = (path: string): Scripted => {
    if (path === '/api/token/take') {
      tokens++;
      const expires = new Date(clock.now + 10 * 60_000).toISOString();
      return {
        body: {
          maKetQua: '200',
          APIKey: { access_token: `tok-${tokens}`, id_token: `id-${tokens}`, token_type: 'Bearer', username: '01001_BV', expires_in: expires },
        },
      };
    }
    if (path.startsWith('/api/egw/KQNhanLichSuKCB2024')) return { body: CARD };
    return { status: 404, raw: '' };
  };
  app.post('/*', async (req, reply) => {
    const [path = '', qs = ''] = req.url.split('?');
    seen.push({
      path,
      query: Object.fromEntries(new URLSearchParams(qs)),
      headers: req.headers,
      contentType: String(req.headers['content-type'] ?? ''),
      body: (req.body ?? {}) as Record<string, unknown>,
    });
    const a = script.get(path)?.shift() ?? defaults(path);
    if (a.holdMs) await new Promise((r) => setTimeout(r, a.holdMs));
    reply.code(a.status ?? 200);
    if (a.raw !== undefined) return reply.type(a.type ?? 'text/html').send(a.raw);
    return reply.type('application/json').send(JSON.stringify(a.body));
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  return {
    url,
    seen,
    /** Answers for `path`, in order, before its default answer. */
    answer: (path: string, ...answers: Scripted[]) => script.set(path, [...(script.get(path) ?? []), ...answers]),
    calls: (prefix: string) => seen.filter((s) => s.path.startsWith(prefix)).length,
  };
}

const OPTIONS: GatewayClientOptions = {
  baseUrl: 'http://127.0.0.1:9',
  username: '01001_BV',
  password: PASSWORD,
  passwordCase: 'upper',
  officerName: 'Cán bộ tiếp đón',
  officerId: '001190000001',
  timeoutMs: 2000,
  historyResource: '/api/egw/Lskcb2025',
};

async function rig(t: Test, o: Partial<GatewayClientOptions> = {}) {
  const clock = { now: T0 };
  const gw = await scriptedGateway(t, clock);
  const client = new GatewayClient({ ...OPTIONS, baseUrl: gw.url, now: () => clock.now, ...o });
  return { gw, client, clock };
}

const TOKEN = '/api/token/take';
const CHECK = '/api/egw/KQNhanLichSuKCB2024';
const HISTORY = '/api/egw/Lskcb2025';
const CHECKIN = '/api/qd130/checkInKcbQd4750';

t.test('a card check: a token first, then the card and the officer as JSON, the token and account in the query', async (t) => {
  const { gw, client } = await rig(t);
  const a = await client.check(AN);
  const [token, check] = gw.seen;
  t.equal(token?.path, TOKEN);
  t.match(token?.contentType, /^application\/json/);
  t.same(token?.body, { username: '01001_BV', password: MD5.toUpperCase() }, 'the password as its MD5, upper case by default');
  t.equal(check?.path, CHECK);
  t.match(check?.contentType, /^application\/json/);
  t.same(check?.query, { token: 'tok-1', id_token: 'id-1', username: '01001_BV', password: MD5.toUpperCase() });
  t.same(check?.body, { ...AN, hoTenCb: 'Cán bộ tiếp đón', cccdCb: '001190000001' }, 'every lookup names the officer doing it');
  t.match(a, { outcome: 'eligible', code: '000', vi: 'Thông tin thẻ BHYT chính xác', checkedAt: new Date(T0).toISOString(), mismatch: null });
  t.equal(a.card?.['maThe'], 'DN4010123456789', 'the card code the gateway holds');
  t.notOk('dsLichSuKCB2018' in (a.card ?? {}), 'only the text fields are kept (no null or list)');
  t.notOk('dsLichSuKT2018' in (a.card ?? {}));
});

t.test('passwordCase lower sends the MD5 in lower case', async (t) => {
  const { gw, client } = await rig(t, { passwordCase: 'lower' });
  t.equal(client.passwordHash, MD5);
  await client.check(AN);
  t.equal(gw.seen[0]?.body['password'], MD5);
  t.equal(gw.seen[1]?.query['password'], MD5);
});

t.test('the token is reused until 30 s before it expires, then a new one is taken', async (t) => {
  const { gw, client, clock } = await rig(t);
  t.equal(client.tokenExpiresAt, null, 'no token before the first call');
  await client.check(AN);
  t.equal(client.tokenExpiresAt, T0 + 10 * 60_000, "expires_in read as the gateway's ISO time");
  clock.now = T0 + 9 * 60_000 + 29_000;
  await client.check(AN);
  t.equal(gw.calls(TOKEN), 1, 'still the first token 31 s before its expiry');
  clock.now = T0 + 9 * 60_000 + 31_000;
  await client.check(AN);
  t.equal(gw.calls(TOKEN), 2, 'a new one 29 s before');
  t.equal(gw.seen.at(-1)?.query['token'], 'tok-2');
});

t.test('an expires_in that is not a time: the token is kept five minutes', async (t) => {
  const { gw, client, clock } = await rig(t);
  gw.answer(TOKEN, { body: { maKetQua: '200', APIKey: { access_token: 'a', id_token: 'b', expires_in: 'mười phút' } } });
  t.same(await client.renewToken(), { ok: true });
  t.equal(client.tokenExpiresAt, T0 + 5 * 60_000);
  clock.now = T0 + 4 * 60_000;
  await client.check(AN);
  t.equal(gw.calls(TOKEN), 1);
});

t.test('lookups arriving together wait for one token', async (t) => {
  const { gw, client } = await rig(t);
  const answers = await Promise.all([client.check(AN), client.check({ ...AN, maThe: '001089099999' }), client.check(AN)]);
  t.same(
    answers.map((a) => a.code),
    ['000', '000', '000'],
  );
  t.equal(gw.calls(TOKEN), 1, 'one token/take for three lookups');
  t.equal(gw.calls(CHECK), 3);
});

for (const [style, expired] of [
  ['HTTP 401 with an empty body', { status: 401, raw: '' }],
  ['HTTP 200 with maKetQua "401"', { body: { maKetQua: '401', ghiChu: 'Lỗi xác thực tài khoản' } }],
] as const) {
  t.test(`an expired token (${style}): a new token and exactly one retry`, async (t) => {
    const { gw, client } = await rig(t);
    await client.check(AN);
    gw.answer(CHECK, expired);
    t.match(await client.check(AN), { code: '000', outcome: 'eligible' });
    t.equal(gw.calls(TOKEN), 2, 'one new token');
    t.equal(gw.calls(CHECK), 3, 'the first call, the refused one and its retry');
    t.equal(gw.seen.at(-1)?.query['token'], 'tok-2', 'the retry carries the new token');

    gw.answer(CHECK, expired, expired);
    const twice = await client.check(AN);
    t.match(twice, { code: '401', outcome: 'unavailable', vi: 'Lỗi xác thực tài khoản' }, 'refused twice: unavailable, checked again later');
    t.equal(gw.calls(CHECK), 5, 'never a third try');
  });
}

t.test('maKetQua is read from the body whatever the HTTP status', async (t) => {
  const { gw, client } = await rig(t);
  gw.answer(CHECK, { status: 400, body: { maKetQua: '205', ghiChu: 'Lỗi sai định dạng tham số' } });
  t.match(await client.check(AN), { code: '205', outcome: 'inputError' });
  gw.answer(CHECK, { status: 404, body: { maKetQua: '050' } });
  t.match(await client.check(AN), { code: '050', outcome: 'ineligible' });
  t.equal(gw.calls(CHECK), 2, 'neither repeated');
});

// Answers without a maKetQua: what the desk is told, and that the call is made once.
const BROKEN: Array<[string, Scripted, string, string]> = [
  ['HTML on HTTP 400', { status: 400, raw: '<html>Bad Request</html>' }, 'rejected', 'inputError'],
  ['an empty 404 (a misbuilt URL)', { status: 404, raw: '' }, 'rejected', 'inputError'],
  ['JSON without maKetQua on HTTP 400', { status: 400, body: { message: 'bad' } }, 'rejected', 'inputError'],
  ['truncated JSON on HTTP 200', { raw: '{"maKetQua":"000","hoTen":', type: 'application/json' }, 'malformed', 'unavailable'],
  ['JSON without maKetQua on HTTP 200', { body: { hoTen: 'x' } }, 'malformed', 'unavailable'],
  ['a numeric maKetQua', { body: { maKetQua: 0 } }, 'malformed', 'unavailable'],
  ['a JSON list', { body: [] }, 'malformed', 'unavailable'],
  ['HTML on HTTP 500', { status: 500, raw: '<html>Runtime Error</html>' }, 'http', 'unavailable'],
  ['an empty 503', { status: 503, raw: '' }, 'http', 'unavailable'],
  [
    'HTTP 500 "Có lỗi hệ thống…" (a system error)',
    { status: 500, body: { MaKetQua: '500', GhiChu: 'Có lỗi hệ thống xảy ra trong quá trình xử lý!' } },
    'http',
    'unavailable',
  ],
  [
    'HTTP 500 "Có lỗi xảy ra trong quá trình tra cứu!"',
    { status: 500, body: { MaKetQua: '500', GhiChu: 'Có lỗi xảy ra trong quá trình tra cứu!' } },
    'accountRestricted',
    'unavailable',
  ],
  [
    'the restricted note with a lower-case key',
    { status: 500, body: { maKetQua: '500', ghiChu: 'Có lỗi xảy ra trong quá trình tra cứu!' } },
    'accountRestricted',
    'unavailable',
  ],
];

t.test('answers without a usable maKetQua: a state for the desk, and the call never repeated', async (t) => {
  for (const [what, scripted, code, outcome] of BROKEN) {
    const { gw, client } = await rig(t);
    gw.answer(CHECK, scripted);
    const a = await client.check(AN);
    t.match(a, { code, outcome, card: null, mismatch: null }, what);
    t.ok(a.vi && a.en && a.action.vi && a.action.en, `${what}: told in both languages`);
    t.equal(gw.calls(CHECK), 1, `${what}: asked once`);
  }
});

t.test('a gateway that does not answer in time is a timeout; one that is not there is a network failure', async (t) => {
  const { gw, client } = await rig(t, { timeoutMs: 100 });
  await client.check(AN);
  gw.answer(CHECK, { holdMs: 400, body: CARD });
  t.match(await client.check(AN), { code: 'timeout', outcome: 'unavailable' });
  t.equal(gw.calls(CHECK), 2, 'not retried after a timeout');
  const gone = new GatewayClient({ ...OPTIONS, baseUrl: 'http://127.0.0.1:9' });
  t.match(await gone.check(AN), { code: 'network', outcome: 'unavailable' });
  t.same(await gone.renewToken(), { ok: false, code: 'network' });
});

t.test('token/take refusing the account: credentials, and no lookup is sent', async (t) => {
  const cases: Array<[string, Scripted, string]> = [
    ['maKetQua 401', { body: { maKetQua: '401', APIKey: null } }, 'credentials'],
    ['HTTP 401', { status: 401, raw: '' }, 'credentials'],
    ['HTTP 403', { status: 403, body: { maKetQua: '403' } }, 'credentials'],
    ['a restricted account', { status: 500, body: { MaKetQua: '500', GhiChu: 'Có lỗi xảy ra trong quá trình tra cứu!' } }, 'accountRestricted'],
    ['HTTP 502', { status: 502, raw: '<html>Bad Gateway</html>' }, 'http'],
    ['200 without APIKey', { body: { maKetQua: '200' } }, 'malformed'],
    ['an APIKey without id_token', { body: { maKetQua: '200', APIKey: { access_token: 'a' } } }, 'malformed'],
    ['maKetQua 402', { body: { maKetQua: '402' } }, 'malformed'],
  ];
  for (const [what, scripted, code] of cases) {
    const { gw, client } = await rig(t);
    gw.answer(TOKEN, scripted);
    t.match(await client.check(AN), { code, outcome: 'unavailable' }, what);
    t.equal(gw.calls(CHECK), 0, `${what}: no lookup without a token`);
    gw.answer(TOKEN, scripted);
    t.same(await client.renewToken(), { ok: false, code }, `${what}: the token keeper is told why`);
    t.equal(client.tokenExpiresAt, null);
  }
});

t.test('a name or birth date mismatch shows what was sent beside what the gateway holds', async (t) => {
  const { gw, client } = await rig(t);
  gw.answer(
    CHECK,
    { body: { ...CARD, maKetQua: '060', hoTen: 'Nguyễn Văn Ân' } },
    { body: { ...CARD, maKetQua: '061', hoTen: 'Nguyễn Văn Anh' } },
    { body: { ...CARD, maKetQua: '070', ngaySinh: '16/03/1989' } },
    { body: { maKetQua: '060' } },
  );
  t.match(await client.check(AN), { outcome: 'identityMismatch', mismatch: { field: 'hoTen', sent: 'Nguyễn Văn An', gateway: 'Nguyễn Văn Ân' } });
  t.match(await client.check(AN), { code: '061', mismatch: { field: 'hoTen', gateway: 'Nguyễn Văn Anh' } });
  t.match(await client.check(AN), { code: '070', mismatch: { field: 'ngaySinh', sent: '15/03/1989', gateway: '16/03/1989' } });
  t.match(await client.check(AN), { code: '060', mismatch: { field: 'hoTen', sent: 'Nguyễn Văn An', gateway: '' } }, 'the gateway holding no name: empty');
  t.match(await client.check(AN), { code: '000', mismatch: null }, 'no mismatch on a good answer');
});

t.test('the visit history: a form body, the token in the query, visits only with 000', async (t) => {
  const { gw, client } = await rig(t);
  gw.answer(
    HISTORY,
    { body: { maKetQua: '000', ghiChu: 'Thành công', dsLichSuKCB2025: [{ maCSKCB: '01094', ngayVao: '202404020822', tinhTrang: '1' }] } },
    { body: { maKetQua: '000', dsLichSuKCB2025: null } },
    { body: { maKetQua: '050', dsLichSuKCB2025: [{ maCSKCB: '01094' }] } },
  );
  t.same(await client.history(AN), {
    code: '000',
    visits: [{ maCSKCB: '01094', ngayVao: '2024-04-02 08:22', ngayRa: null, tenBenh: '', tinhTrang: 'Ra viện', kqDieuTri: null, lyDoVV: null }],
  });
  const sent = gw.seen.find((s) => s.path === HISTORY);
  t.match(sent?.contentType, /^application\/x-www-form-urlencoded/, 'a form: the real gateway refuses JSON here (checkin-xml0.md §5)');
  t.same(sent?.body, { ...AN, hoTenCb: 'Cán bộ tiếp đón', cccdCb: '001190000001' });
  t.same(sent?.query, { token: 'tok-1', id_token: 'id-1', username: '01001_BV', password: MD5.toUpperCase() });
  t.same(await client.history(AN), { code: '000', visits: [] }, 'no visits: an empty list');
  t.same(await client.history(AN), { code: '050', visits: null }, 'any other code: no history, with its code');
});

t.test('the visit history never throws: every failure is "no history" with its code', async (t) => {
  const cases: Array<[string, Scripted, string]> = [
    ['HTTP 500 HTML', { status: 500, raw: '<html/>' }, 'http'],
    ['a restricted account', { status: 500, body: { MaKetQua: '500', GhiChu: 'Có lỗi xảy ra trong quá trình tra cứu!' } }, 'accountRestricted'],
    ['truncated JSON', { raw: '{"maKetQua":', type: 'application/json' }, 'malformed'],
    ['an empty 404', { status: 404, raw: '' }, 'http404'],
    ['a numeric code', { body: { maKetQua: 0 } }, '0'],
  ];
  for (const [what, scripted, code] of cases) {
    const { gw, client } = await rig(t);
    gw.answer(HISTORY, scripted);
    t.same(await client.history(AN), { code, visits: null }, what);
    t.equal(gw.calls(HISTORY), 1, `${what}: asked once`);
  }
  const off = (await rig(t, { historyResource: null })).client;
  t.same(await off.history(AN), { code: 'disabled', visits: null }, 'not configured: not asked');
});

t.test('an expired token on the history is dropped, not retried: the next call takes a new one', async (t) => {
  const { gw, client } = await rig(t);
  gw.answer(HISTORY, { status: 401, raw: '' });
  t.same(await client.history(AN), { code: 'http401', visits: null });
  t.equal(gw.calls(HISTORY), 1);
  await client.check(AN);
  t.equal(gw.calls(TOKEN), 2, 'the card check that follows takes a fresh token');
});

const CHECKIN_REQ = {
  resource: CHECKIN,
  encoding: 'form' as const,
  maTinh: '01',
  maCSKCB: '01001',
  fileHSBase64: Buffer.from('<CHI_TIEU_TRANG_THAI_KCB/>').toString('base64'),
};

t.test('a check-in: the token in headers, the account and the document in the body (form or JSON)', async (t) => {
  const { gw, client } = await rig(t);
  gw.answer(CHECKIN, { body: { maKetQua: '200', maGiaoDich: 'GD-1', thoiGianTiepNhan: '20261201090500', thongDiep: 'Tiếp nhận thành công' } });
  t.same(await client.checkIn(CHECKIN_REQ), {
    status: 'accepted',
    code: '200',
    maGiaoDich: 'GD-1',
    thoiGianTiepNhan: '20261201090500',
    thongDiep: 'Tiếp nhận thành công',
  });
  const form = gw.seen.find((s) => s.path === CHECKIN)!;
  t.match(form.contentType, /^application\/x-www-form-urlencoded/);
  t.match(form.headers, { accesstoken: 'tok-1', tokenid: 'id-1', passwordhash: MD5.toUpperCase() });
  t.same(form.body, { username: '01001_BV', loaiHoSo: '0', maTinh: '01', maCSKCB: '01001', fileHSBase64: CHECKIN_REQ.fileHSBase64 }, 'loaiHoSo 0 is XML0');
  t.same(form.query, {}, 'nothing in the query');

  gw.answer(CHECKIN, { body: { maKetQua: '200', maGiaoDich: 'GD-2', thongDiep: '' } });
  t.match(
    await client.checkIn({ ...CHECKIN_REQ, encoding: 'json' }),
    { status: 'accepted', maGiaoDich: 'GD-2', thoiGianTiepNhan: null },
    'an empty thongDiep is accepted too',
  );
  const json = gw.seen.filter((s) => s.path === CHECKIN)[1]!;
  t.match(json.contentType, /^application\/json/);
  t.same(
    json.body,
    { username: '01001_BV', loaiHoSo: '0', maTinh: '01', maCSKCB: '01001', fileHSBase64: CHECKIN_REQ.fileHSBase64, chukydonvi: '' },
    'JSON adds an empty chukydonvi',
  );
});

t.test('a check-in refused by the gateway is rejected with its message; no answer at all is unavailable', async (t) => {
  const cases: Array<[string, Scripted[], object]> = [
    [
      '200 with a refusal text',
      [{ body: { maKetQua: '200', maGiaoDich: '', thongDiep: 'Chữ ký số không hợp lệ' } }],
      { status: 'rejected', code: '200', thongDiep: 'Chữ ký số không hợp lệ', maGiaoDich: '' },
    ],
    [
      '403 (certificate not registered)',
      [{ status: 403, body: { maKetQua: '403', thongDiep: 'Chứng thư số chưa được đăng ký' } }],
      { status: 'rejected', code: '403' },
    ],
    ['a numeric 200', [{ body: { maKetQua: 200, thongDiep: 'Tiếp nhận thành công', maGiaoDich: 77 } }], { status: 'accepted', code: '200', maGiaoDich: '77' }],
    ['an empty 404', [{ status: 404, raw: '' }], { status: 'rejected', code: 'http404', thongDiep: '' }],
    ['HTTP 500', [{ status: 500, raw: '<html/>' }], { status: 'unavailable', code: 'http', maGiaoDich: null }],
    [
      'a restricted account',
      [{ status: 500, body: { MaKetQua: '500', GhiChu: 'Có lỗi xảy ra trong quá trình tra cứu!' } }],
      { status: 'unavailable', code: 'accountRestricted' },
    ],
    [
      'HTTP 401 twice',
      [
        { status: 401, raw: '' },
        { status: 401, raw: '' },
      ],
      { status: 'unavailable', code: '401', maGiaoDich: null, thoiGianTiepNhan: null },
    ],
  ];
  for (const [what, scripted, want] of cases) {
    const { gw, client } = await rig(t);
    gw.answer(CHECKIN, ...scripted);
    t.match(await client.checkIn(CHECKIN_REQ), want, what);
    t.equal(gw.calls(CHECKIN), scripted.length, `${what}: ${scripted.length} call(s)`);
  }
});

t.test('a check-in after an expired token is sent again once with a new token', async (t) => {
  const { gw, client } = await rig(t);
  gw.answer(CHECKIN, { body: { maKetQua: '401' } }, { body: { maKetQua: '200', maGiaoDich: 'GD-9', thongDiep: 'Tiếp nhận thành công' } });
  t.match(await client.checkIn(CHECKIN_REQ), { status: 'accepted', maGiaoDich: 'GD-9' });
  t.equal(gw.calls(TOKEN), 2);
  t.equal(gw.seen.filter((s) => s.path === CHECKIN)[1]?.headers['accesstoken'], 'tok-2');
});
