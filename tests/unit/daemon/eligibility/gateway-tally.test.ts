// The one seam that counts gateway exchanges for Phụ lục 2 (docs/reference/report-rules.md): an
// answer with a result code is "answered", a time-out, a 5xx, a refused account or a body without a
// result is "failed"; a history that was not asked is no exchange; counts go out in one batch, by
// Vietnam day, through the durable write path.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { CARD_CHECK_PATH } from '../../../../protocols/bhxh-gateway/card-check.ts';
import { TOKEN_PATH } from '../../../../protocols/bhxh-gateway/token.ts';
import type { GatewayPort } from '../../../../daemon/src/eligibility/eligibility.ts';
import { GatewayClient, stateAnswer, type EligibilityRequest } from '../../../../daemon/src/eligibility/gateway-client.ts';
import { answeredCode, GatewayTally } from '../../../../daemon/src/eligibility/gateway-tally.ts';
import type { GatewayDailyRow } from '../../../../daemon/src/storage/gateway-daily-repo.ts';

const REQ: EligibilityRequest = { maThe: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '01/01/1989' };

function setup(now = new Date('2026-12-06T17:30:00Z')) {
  const written: GatewayDailyRow[][] = [];
  const kept: string[] = [];
  const tally = new GatewayTally({
    facilityId: '46001',
    simulated: false,
    now: () => now,
    flushEveryMs: 60_000,
    write: async (rows) => void written.push([...rows]),
    keep: async (what, fn) => {
      kept.push(what);
      return fn();
    },
    log: { warn: () => undefined } as never,
  });
  return { tally, written, kept };
}

/** A fake gateway answering each check with the next code of the list. */
function fakeGateway(codes: string[]): GatewayPort {
  return {
    check: async () => {
      const code = codes.shift()!;
      return /^\d+$/.test(code) ? { ...stateAnswer('timeout', ''), outcome: 'eligible', code } : stateAnswer(code as 'timeout', '');
    },
    history: async () => ({ code: codes.shift()!, visits: null }),
    checkIn: async () => ({ status: codes.shift() as 'accepted', code: '200', maGiaoDich: null, thoiGianTiepNhan: null, thongDiep: '' }),
    renewToken: async () => (codes.shift() === 'ok' ? { ok: true } : { ok: false, code: 'network' }),
    tokenExpiresAt: 1234,
  };
}

t.test('which codes are an answer', async (t) => {
  for (const c of ['000', '001', '010', '401', '205']) t.ok(answeredCode(c), c);
  for (const c of ['timeout', 'network', 'http', 'malformed', 'rejected', 'accountRestricted', 'credentials', 'http404', '']) t.notOk(answeredCode(c), c);
});

t.test('answered, timed out and 5xx card checks, on the Vietnam day', async (t) => {
  const { tally, written, kept } = setup();
  const gw = tally.wrap(fakeGateway(['000', '010', 'timeout', 'http', 'accountRestricted']));
  for (let i = 0; i < 5; i++) await gw.check(REQ);
  t.equal(gw.tokenExpiresAt, 1234, 'the token expiry shows through');
  await tally.flush();
  // 17:30 UTC on the 6th is 00:30 on the 7th in Vietnam.
  t.same(written, [[{ day: '2026-12-07', call: 'check', answered: 2, failed: 3, facilityId: '46001', simulated: false }]]);
  t.same(kept, ['gateway exchanges'], 'through the durable write path');
  await tally.flush();
  t.equal(written.length, 1, 'nothing left to write: no empty batch');
});

t.test('history, check-in and token renewals', async (t) => {
  const { tally, written } = setup();
  const gw = tally.wrap(fakeGateway(['000', 'disabled', 'http500', 'accepted', 'rejected', 'unavailable', 'ok', 'fail']));
  await gw.history!(REQ);
  await gw.history!(REQ);
  await gw.history!(REQ);
  for (let i = 0; i < 3; i++) await gw.checkIn!({ resource: '/x', encoding: 'json', maTinh: '46', maCSKCB: '46001', fileHSBase64: '' });
  await gw.renewToken!();
  await gw.renewToken!();
  await tally.stop();
  const rows = Object.fromEntries(written[0]!.map((r) => [r.call, [r.answered, r.failed]]));
  t.same(rows, { history: [1, 1], checkin: [2, 1], token: [1, 1] }, 'a history not asked is no exchange');
});

t.test('a gateway without the optional calls stays without them', async (t) => {
  const { tally } = setup();
  const gw = tally.wrap({ check: async () => stateAnswer('network', '') });
  t.notOk('history' in gw || 'checkIn' in gw || 'renewToken' in gw);
});

t.test('the real client against a loopback gateway: an answer, a 5xx, a time-out', async (t) => {
  const script: Array<'ok' | '500' | 'slow'> = ['ok', '500', 'slow'];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === TOKEN_PATH) return json(200, { maKetQua: '200', APIKey: { access_token: 'a', id_token: 'b', expires_in: '2099-01-01T00:00:00Z' } });
      if (!req.url?.startsWith(CARD_CHECK_PATH)) return json(404, {});
      const next = script.shift();
      if (next === 'ok') return json(200, { maKetQua: '000', hoTen: 'Nguyễn Văn An' });
      if (next === '500') return json(500, { maKetQua: '500' });
      setTimeout(() => json(200, { maKetQua: '000' }), 500);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((ok) => server.close(() => ok()));
  });
  const client = new GatewayClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    username: '46001_BV',
    password: 'x',
    passwordCase: 'upper',
    officerName: 'Cán bộ',
    officerId: '001190000001',
    timeoutMs: 150,
  });
  const { tally, written } = setup();
  const gw = tally.wrap(client);
  t.same([(await gw.check(REQ)).code, (await gw.check(REQ)).code, (await gw.check(REQ)).code], ['000', 'http', 'timeout']);
  await tally.flush();
  t.match(written[0], [{ call: 'check', answered: 1, failed: 2 }]);
});
