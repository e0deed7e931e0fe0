// No foreign web page, DNS-rebinding page or cross-site form reaches a
// patient, on the default setup (loopback, no tokens). Real daemon, real socket.io client, real HTTP.

import { io as ioClient, type Socket } from 'socket.io-client';
import t from 'tap';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import { next, startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { raw } from '../helpers/raw-http.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const noSims = { simulators: { scanners: [], gateway: { latencyMs: 0 } } };

/** A webcam read from a curl-style client (no Origin): one patient scan reaching every admitted socket. */
async function cameraScan(d: TestDaemon): Promise<void> {
  const res = await fetch(`${d.url}/api/camera`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ desk: 'desk-1', text: AN }),
  });
  if (res.status !== 200) throw new Error(`camera read refused: ${res.status}`);
}

function socketWith(
  d: TestDaemon,
  t: { teardown(fn: () => unknown): void },
  transports: Array<'websocket' | 'polling'>,
  headers: Record<string, string>,
): { socket: Socket; outcome: Promise<string> } {
  const socket = ioClient(d.url, { transports, reconnection: false, extraHeaders: headers, timeout: 3000 });
  t.teardown(() => socket.close());
  const outcome = new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
  });
  return { socket, outcome };
}

t.test('a foreign Origin gets no socket.io connection, by websocket or polling, and "null" is foreign', async (t) => {
  const d = await startTestDaemon(t, { config: noSims });
  const own = await d.connect(); // curl-style (no Origin): the local admin, as before
  const got: ScanMessage[] = [];
  const foreign: Socket[] = [];
  for (const [transport, origin] of [
    ['websocket', 'http://evil.example'],
    ['polling', 'http://evil.example'],
    ['websocket', 'null'],
    ['polling', 'null'],
    ['websocket', 'http://localhost:8080'],
  ] as const) {
    const { socket, outcome } = socketWith(d, t, [transport], { origin });
    socket.on('scan', (m: ScanMessage) => got.push(m));
    foreign.push(socket);
    t.match(await outcome, /^refused/, `${transport} with Origin ${origin} is refused`);
  }
  const seen = next<ScanMessage>(own, 'scan');
  await cameraScan(d);
  t.match(await seen, { identity: { name: 'Nguyễn Văn An' } }, 'the local client still gets the patient');
  await new Promise((r) => setTimeout(r, 200));
  t.same(got, [], 'no foreign socket received any scan');
  const health = (await (await fetch(`${d.url}/api/health`)).json()) as { rejectedRequests: Record<string, number> };
  t.ok((health.rejectedRequests['ORIGIN_FORBIDDEN'] ?? 0) >= 5, 'every refusal is counted with its stable code');
  const refusals = d.logs.filter((l) => l.includes('browser boundary'));
  t.ok(refusals.length >= 5, 'and logged');
  t.notOk(
    refusals.some((l) => l.includes('evil.example')),
    'the log line names the code and route, not the foreign origin',
  );
});

t.test('a DNS-rebinding Host gets no API answer; loopback names and curl keep working', async (t) => {
  const d = await startTestDaemon(t, { config: noSims });
  await cameraScan(d);
  const port = new URL(d.url).port;
  for (const path of ['/api/patients/1', '/api/audit', '/api/devices', '/api/eligibility/1', '/', '/api/health']) {
    const r = await raw(`${d.url}${path}`, { headers: { host: `evil.example:${port}` } });
    t.equal(r.status, 403, `Host evil.example: ${path} refused`);
    t.match(JSON.parse(r.body), { error: { code: 'HOST_FORBIDDEN' } });
    t.notMatch(r.body, /Nguy|0010/, 'nothing of the patient in the answer');
  }
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    const r = await raw(`${d.url}/api/devices`, { headers: { host } });
    t.equal(r.status, 200, `Host ${host} is served`);
  }
  t.equal((await fetch(`${d.url}/api/audit`)).status, 200, 'curl-style loopback request: answered as today');
  const cfg = await startTestDaemon(t, { config: { ...noSims, http: { allowedHosts: ['tiepnhan.bv.local'] } } });
  t.equal(
    (await raw(`${cfg.url}/api/health`, { headers: { host: `tiepnhan.bv.local:${new URL(cfg.url).port}` } })).status,
    200,
    'a configured LAN name is served',
  );
});

t.test('a cross-site text/plain POST drives nothing', async (t) => {
  const d = await startTestDaemon(t, { config: noSims });
  const before = await d.daemon.repo.countEvents();
  const body = JSON.stringify({ desk: 'desk-1', query: '001089012345' });
  const attempts: Array<Record<string, string>> = [
    { origin: 'http://evil.example', 'content-type': 'text/plain' },
    { origin: 'null', 'content-type': 'text/plain' },
    { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
    { origin: 'http://evil.example', 'content-type': 'application/json' },
  ];
  for (const headers of attempts) {
    const r = await raw(`${d.url}/api/search`, { method: 'POST', headers, body });
    t.equal(r.status, 403, `refused: ${JSON.stringify(headers)}`);
    const cam = await raw(`${d.url}/api/camera`, { method: 'POST', headers, body: JSON.stringify({ desk: 'desk-1', text: AN }) });
    t.equal(cam.status, 403, 'and the webcam route too');
  }
  const plain = await raw(`${d.url}/api/search`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
  t.equal(plain.status, 415, 'even without Origin, a text/plain body is not accepted (JSON only)');
  t.equal(await d.daemon.repo.countEvents(), before, 'no search or read was stored or counted');
});

t.test('a browser request needs the page session cookie; the daemon’s own page gets one', async (t) => {
  const d = await startTestDaemon(t, { config: noSims });
  const browserish = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };
  const without = await raw(`${d.url}/api/devices`, { headers: browserish });
  t.equal(without.status, 401, 'a page request without the session: nothing (a future Origin bug still leaves a foreign page with nothing)');
  const page = await raw(`${d.url}/`, { headers: { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' } });
  t.equal(page.status, 200);
  const setCookie = String(page.headers['set-cookie']);
  t.match(setCookie, /tiepnhan_session=/, 'loading a page starts the session');
  t.match(setCookie, /HttpOnly/i, 'HttpOnly: no script can read it');
  t.match(setCookie, /SameSite=Strict/i, 'SameSite=Strict: no other site sends it');
  t.notMatch(setCookie, /Secure/i, 'plain HTTP on this PC: not Secure (the browser would drop it; tests/e2e/https.test.ts checks it is under TLS)');
  const cookie = setCookie.split(';')[0]!;
  t.equal((await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie } })).status, 200, 'with the cookie the page is served');
  t.equal(
    (await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie: 'tiepnhan_session=local.1.forged' } })).status,
    401,
    'a forged cookie is worth nothing',
  );
  const sock = socketWith(d, t, ['websocket'], { origin: d.url, cookie });
  t.equal(await sock.outcome, 'connected', 'the page socket (own Origin + session) connects');
  const noCookie = socketWith(d, t, ['websocket'], { origin: d.url });
  t.equal(await noCookie.outcome, 'refused: AUTH_REQUIRED', 'a browser socket without the session is refused');
});

t.test('every answer carries the security headers', async (t) => {
  const d = await startTestDaemon(t, { config: noSims });
  for (const path of ['/', '/tech', '/kiosk', '/reports', '/api/devices', '/api/health', '/docs', '/nope']) {
    const r = await raw(`${d.url}${path}`);
    const csp = String(r.headers['content-security-policy']);
    // 'wasm-unsafe-eval' lets the camera worker compile zxing-cpp's WebAssembly; it allows no JS eval.
    t.match(csp, /script-src 'self' 'wasm-unsafe-eval';/, `${path}: CSP allows scripts from the daemon only`);
    t.notMatch(/script-src [^;]*/.exec(csp)?.[0], /'unsafe-inline'|'unsafe-eval'/, `${path}: no inline script, no eval`);
    // Swagger UI (/docs) sets inline styles; every other page has none.
    if (path !== '/docs') t.notMatch(csp, /'unsafe-inline'/, `${path}: no inline style`);
    t.match(csp, /frame-ancestors 'none'/, `${path}: never framed`);
    t.equal(r.headers['x-frame-options'], 'DENY');
    t.equal(r.headers['x-content-type-options'], 'nosniff');
    t.equal(r.headers['referrer-policy'], 'no-referrer');
  }
  const html = await raw(`${d.url}/api/reports/phu-luc-03?format=html`);
  t.match(String(html.headers['content-security-policy']), /default-src 'none'/, 'the printable report: no script at all');
  t.equal(d.daemon.app.server.requestTimeout, 30000, 'requestTimeout set');
  t.equal(d.daemon.app.initialConfig.connectionTimeout, 60000, 'connectionTimeout set');
  const lan = await startTestDaemon(t, {
    config: { ...noSims, host: '0.0.0.0', http: { plainLan: true }, auth: { tokens: [{ id: 'admin', token: 'admin-token-aaaaaaaaaaaa', role: 'admin' }] } },
  });
  t.equal(lan.daemon.app.server.maxConnections, 256, 'beyond loopback, concurrent connections are capped (http.maxConnections)');
});
