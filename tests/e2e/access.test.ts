// Role boundaries, loopback by default, closed CORS, and hostile input getting a stable, counted 4xx.

import { io as ioClient, type Socket } from 'socket.io-client';
import t from 'tap';
import type { AddressInfo } from 'node:net';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import { ConfigError, resolveConfig } from '../../daemon/src/config/load.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const TOKENS = {
  admin: 'admin-token-aaaaaaaaaaaa',
  tech: 'tech-token-bbbbbbbbbbbbb',
  desk1: 'desk1-token-cccccccccccc',
  desk2: 'desk2-token-dddddddddddd',
};
const auth = {
  tokens: [
    { id: 'admin', token: TOKENS.admin, role: 'admin' },
    { id: 'tech', token: TOKENS.tech, role: 'technician' },
    { id: 'desk1', token: TOKENS.desk1, role: 'reception', desk: 'desk-1' },
    { id: 'desk2', token: TOKENS.desk2, role: 'reception', desk: 'desk-2' },
  ],
};

t.test('tiepnhan listens on loopback by default, and refuses the LAN without tokens', async (t) => {
  t.equal(resolveConfig({}).host, '127.0.0.1');
  t.throws(() => resolveConfig({ host: '0.0.0.0' }), ConfigError, 'the LAN needs API tokens');
  t.match(resolveConfig({ host: '0.0.0.0', auth, http: { plainLan: true } }), { host: '0.0.0.0' });
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [], gateway: { latencyMs: 0 } } } });
  t.equal((d.daemon.app.server.address() as AddressInfo).address, '127.0.0.1', 'the running daemon is bound to 127.0.0.1');
});

t.test('roles: technicians never get patients, reception only its desk, reports for admin', async (t) => {
  const d = await startTestDaemon(t, { config: { auth } });
  const call = (path: string, token: string | null, init: RequestInit = {}) =>
    fetch(`${d.url}${path}`, {
      ...init,
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  const search = (token: string, desk: string) => call('/api/search', token, { method: 'POST', body: JSON.stringify({ desk, query: '001089012345' }) });

  t.equal((await call('/api/devices', null)).status, 401, 'no token: 401');
  t.match(await (await call('/api/devices', null)).json(), { error: { code: 'AUTH_REQUIRED', vi: /mã truy cập/ } });
  t.equal((await call('/api/health', null)).status, 200, 'health is public (its short answer holds no personal data)');
  t.equal((await call('/', null)).status, 200, 'pages are public; their data is not');

  t.equal((await call('/api/devices', TOKENS.tech)).status, 200);
  t.equal((await call('/api/devices/sim-1/reads', TOKENS.tech)).status, 200);
  for (const [path, init] of [
    ['/api/reports/phu-luc-03', {}],
    ['/api/eligibility/1', {}],
    ['/api/search', { method: 'POST', body: JSON.stringify({ desk: 'desk-1', query: 'x' }) }],
  ] as const) {
    t.equal((await call(path, TOKENS.tech, init)).status, 403, `a technician cannot ${path}`);
  }
  t.equal((await search(TOKENS.desk1, 'desk-1')).status, 200, 'reception searches at its desk');
  const other = await search(TOKENS.desk1, 'desk-2');
  t.equal(other.status, 403);
  t.match(await other.json(), { error: { code: 'DESK_MISMATCH' } });
  for (const path of ['/api/reports/phu-luc-03', '/api/counters', '/api/devices/sim-1/reads'])
    t.equal((await call(path, TOKENS.desk1)).status, 403, `reception cannot ${path}`);
  t.equal((await call('/api/reports/phu-luc-03?format=csv', TOKENS.admin)).status, 200, 'admin reads reports');
  t.equal(
    (await call(`/api/reports/phu-luc-03?format=csv&access_token=${TOKENS.admin}`, null)).status,
    401,
    'a token in a link is no longer taken (pages use their session cookie)',
  );

  const socket = (token: string | null): Promise<Socket> =>
    new Promise((resolve, reject) => {
      // view all: everything the role allows, so that the role alone is what keeps patients out here.
      const s = ioClient(d.url, { transports: ['websocket'], reconnection: false, auth: token ? { token, view: 'all' } : { view: 'all' } });
      t.teardown(() => s.close());
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  await t.rejects(socket(null), /AUTH_REQUIRED/, 'socket.io refuses a connection without a token');
  const tech = await socket(TOKENS.tech);
  const desk1 = await socket(TOKENS.desk1);
  const desk2 = await socket(TOKENS.desk2);
  const admin = await socket(TOKENS.admin);
  const seen = { tech: 0, desk2: 0 };
  tech.on('scan', () => seen.tech++);
  tech.on('eligibility', () => seen.tech++);
  desk2.on('scan', () => seen.desk2++);
  const devicesToTech = next(tech, 'devices');
  const atDesk1 = next<ScanMessage>(desk1, 'scan');
  const atAdmin = next<ScanMessage>(admin, 'scan');
  const eligibilityAtDesk1 = next(desk1, 'eligibility');
  await d.wiring.simScanners[0]!.scan(AN);
  const scan = await atDesk1;
  t.match(scan, { identity: { name: 'Nguyễn Văn An' } }, 'desk-1 reception sees its patient');
  await atAdmin;
  await devicesToTech;
  await eligibilityAtDesk1;
  await new Promise((r) => setTimeout(r, 300));
  t.same(seen, { tech: 0, desk2: 0 }, 'the technician and the other desk received no patient message');
  t.equal((await call(`/api/eligibility/${scan.eventId}`, TOKENS.desk2)).status, 404, 'another desk cannot read this patient’s result');
  t.equal((await call(`/api/eligibility/${scan.eventId}`, TOKENS.desk1)).status, 200);

  // The counts are a detail of health: a technician's (tests/e2e/health-details.test.ts).
  const health = (await (await call('/api/health', TOKENS.tech)).json()) as { rejectedRequests: Record<string, number> };
  t.ok(
    (health.rejectedRequests['AUTH_REQUIRED'] ?? 0) >= 3 && (health.rejectedRequests['FORBIDDEN'] ?? 0) >= 6,
    `refusals are counted: ${JSON.stringify(health.rejectedRequests)}`,
  );
});

t.test('CORS is closed; hostile and malformed input gets a stable 4xx, counted', async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [], gateway: { latencyMs: 0 } } } });
  const pre = await fetch(`${d.url}/api/search`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
  t.equal(pre.headers.get('access-control-allow-origin'), null, 'no CORS preflight approval');
  t.equal(pre.status, 403, 'a foreign origin is refused at the browser boundary');
  const cross = await fetch(`${d.url}/api/devices`, { headers: { origin: 'http://evil.example' } });
  t.equal(cross.headers.get('access-control-allow-origin'), null, 'no CORS header on responses');
  t.equal(cross.status, 403);

  const post = (path: string, body: string, type = 'application/json') => fetch(`${d.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
  const cases: Array<[string, Promise<Response>, number, string]> = [
    ['malformed JSON', post('/api/search', '{"desk": "desk-1", "query": '), 400, 'INVALID_JSON'],
    ['a body of 2 MB', post('/api/search', JSON.stringify({ desk: 'desk-1', query: 'x'.repeat(2_000_000) })), 413, 'BODY_TOO_LARGE'],
    ['an unknown field', post('/api/search', JSON.stringify({ desk: 'desk-1', query: '1', admin: true })), 400, 'BAD_REQUEST'],
    ['a SQL fragment as desk', post('/api/search', JSON.stringify({ desk: "desk-1'; DROP TABLE scan_events; --", query: '1' })), 400, 'BAD_REQUEST'],
    ['form-encoded body', post('/api/search', 'desk=desk-1', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an unknown route', fetch(`${d.url}/api/nothing-here`), 404, 'NOT_FOUND'],
    ['a negative event id', fetch(`${d.url}/api/eligibility/-1`), 400, 'BAD_REQUEST'],
  ];
  for (const [what, res, status, code] of cases) {
    const r = await res;
    t.equal(r.status, status, `${what}: ${status}`);
    const body = (await r.json()) as { error: { code: string; vi: string; en: string; detail?: string } };
    t.match(body, { error: { code, vi: String, en: String } }, `${what}: ${code} in Vietnamese and English`);
    t.notMatch(body.error.detail ?? '', /DROP TABLE/, `${what}: the value sent is not echoed`);
  }
  const script = await post('/api/search', JSON.stringify({ desk: 'desk-1', query: '<script>alert(1)</script> 01/01/1990' }));
  t.match(
    await script.json(),
    { status: 'done', message: { ok: false, error: { code: 'nameInvalid' } } },
    'a script tag as a name is a counted validation error',
  );
  const health = (await (await fetch(`${d.url}/api/health`)).json()) as { rejectedRequests: Record<string, number> };
  // ORIGIN_FORBIDDEN: the preflight and the request from evil.example; NOT_FOUND: the unknown route.
  t.match(health.rejectedRequests, { INVALID_JSON: 1, BODY_TOO_LARGE: 1, BAD_REQUEST: 3, UNSUPPORTED_MEDIA_TYPE: 1, NOT_FOUND: 1, ORIGIN_FORBIDDEN: 2 });
  t.equal(
    ((await (await fetch(`${d.url}/api/counters`)).json()) as { devices: Array<{ deviceId: string; errors: number }> }).devices.find(
      (x) => x.deviceId === 'manual@desk-1',
    )?.errors,
    1,
  );
});
