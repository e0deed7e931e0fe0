// HTTPS from the daemon itself (issue #32 item 1), as a hospital's IT staff would set it up:
// `tiepnhan tls init` makes the facility's CA and a server certificate and says how to trust it; the
// daemon configured with them answers over TLS only (plain HTTP on the port gets nothing), sends HSTS,
// and serves a renewed certificate without a restart. Beyond this PC without TLS the start is refused
// unless http.plainLan says so, which is then said in the log and /api/health. A site's hub URL must
// be https:// beyond loopback.

import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import t, { type Test } from 'tap';
import { resolveConfig } from '../../daemon/src/config/load.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const TECH = { id: 'tech-1', token: 'tech-token-0123456789abcdef', role: 'technician' };
const DESK = { id: 'desk-1', token: 'desk-token-0123456789abcdef', role: 'reception', desk: 'desk-1' };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  serial: string;
}

function get(url: string, ca: Buffer, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A new connection each time (no keep-alive): a renewed certificate is seen at the next handshake.
    const method = body === undefined ? 'GET' : 'POST';
    const req = httpsRequest(url, { ca, headers, method, servername: 'tiepnhan.bv.local', agent: false }, (res) => {
      const serial = (res.socket as TLSSocket).getPeerX509Certificate()?.serialNumber ?? '';
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, serial }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function tlsInit(t: Test, dataDir: string): Promise<string> {
  const r = await runCli(['tls', 'init', '--name', 'tiepnhan.bv.local', '--ip', '127.0.0.1', '--data-dir', dataDir]);
  t.equal(r.code, 0, r.stderr);
  return r.stdout;
}

t.test('tls init: a CA made once, a server certificate for the name and addresses, and how to trust it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const out = await tlsInit(t, dir);
  const ca = new X509Certificate(readFileSync(join(dir, 'tls', 'ca.crt')));
  t.match(out, /Đã tạo CA mới \/ new CA made/);
  t.ok(out.includes(`SHA-256: ${ca.fingerprint256}`), 'the CA fingerprint to compare on each desk');
  t.match(out, /certutil -addstore -f Root ".*ca\.crt"/, 'Windows: certutil');
  t.match(out, /update-ca-certificates/, 'Linux');
  t.match(out, /"tls": \{ "cert": ".*server\.crt", "key": ".*server\.key" \}/, 'the configuration lines');
  const server = new X509Certificate(readFileSync(join(dir, 'tls', 'server.crt')));
  t.match(server.subjectAltName, /DNS:tiepnhan\.bv\.local.*IP Address:127\.0\.0\.1/);
  t.ok(server.checkIssued(ca) && server.verify(ca.publicKey), 'signed by the CA');
  for (const key of ['ca.key', 'server.key']) t.equal(statSync(join(dir, 'tls', key)).mode & 0o777, 0o600, `${key} is 0600`);

  const again = await tlsInit(t, dir);
  t.match(again, /Dùng lại CA đã có \/ the existing CA is kept/);
  t.equal(new X509Certificate(readFileSync(join(dir, 'tls', 'ca.crt'))).fingerprint256, ca.fingerprint256, 'renewing keeps the CA the desks trust');
  t.not(new X509Certificate(readFileSync(join(dir, 'tls', 'server.crt'))).serialNumber, server.serialNumber, 'a new server certificate');
  const bad = await runCli(['tls', 'init', '--name', 'bad name!', '--data-dir', dir]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--name/);
});

t.test('the daemon over HTTPS: the configured certificate, no plain HTTP, HSTS, renewed without a restart', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await tlsInit(t, dir);
  const tls = { cert: join(dir, 'tls', 'server.crt'), key: join(dir, 'tls', 'server.key') };
  const d = await startTestDaemon(t, { dataDir: join(dir, 'data'), config: { tls, auth: { tokens: [TECH, DESK] } } });
  t.match(d.url, /^https:\/\//, 'fastify reports https');
  const ca = readFileSync(join(dir, 'tls', 'ca.crt'));
  const first = await get(`${d.url}/api/health`, ca, { authorization: `Bearer ${TECH.token}` });
  t.equal(first.status, 200);
  t.match(first.headers['strict-transport-security'], /max-age=15552000/, 'HSTS');
  t.match(JSON.parse(first.body), { http: { ok: true, tls: true, plainLan: false, urls: [/^https:\/\/127\.0\.0\.1:\d+$/] } });
  const login = await get(`${d.url}/api/session`, ca, { 'content-type': 'application/json' }, JSON.stringify({ token: DESK.token }));
  t.equal(login.status, 200, 'the page login over HTTPS');
  t.match(String(login.headers['set-cookie']), /^tiepnhan_session=[^;]+;.*; Secure/, 'the session cookie is Secure');
  const plain = await fetch(d.url.replace('https:', 'http:') + '/api/health').then(
    (r) => `answered ${r.status}`,
    (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
  );
  t.notMatch(plain, /^answered/, `plain HTTP on the port gets no answer (${plain})`);

  await tlsInit(t, dir); // the certificate renewed on disk
  const renewed = new X509Certificate(readFileSync(tls.cert)).serialNumber;
  await until(async () => (await get(`${d.url}/api/health`, ca)).serial === renewed, 15_000);
  t.pass('the renewed certificate is served without a restart');
});

t.test('beyond this PC: TLS, or plain HTTP only on purpose (said in the log and /api/health)', async (t) => {
  const tokens = { auth: { tokens: [TECH] } };
  t.throws(
    () => resolveConfig({ host: '0.0.0.0', ...tokens }),
    /needs tls \(make a certificate: tiepnhan tls init --name <LAN name>\), or http\.plainLan: true/,
  );
  t.doesNotThrow(() => resolveConfig({ host: '0.0.0.0', ...tokens, tls: { cert: 'server.crt', key: 'server.key' } }));
  t.throws(() => resolveConfig({ tls: { cert: 'server.crt' } }), /tls/, 'a certificate without its key');
  // 127.0.0.2 is beyond "this PC" for the rule (not 127.0.0.1) yet stays on the loopback interface.
  const d = await startTestDaemon(t, { config: { host: '127.0.0.2', http: { plainLan: true }, ...tokens } });
  const h = (await (await fetch(`${d.url}/api/health`, { headers: { authorization: `Bearer ${TECH.token}` } })).json()) as { http: object };
  t.match(h.http, { ok: false, tls: false, plainLan: true, en: /Plain HTTP on the LAN.*unencrypted/ });
});

t.test("a site's hub URL beyond loopback must be https://", async (t) => {
  const hub = { siteId: 'bv01', token: 'site-token-0123456789' };
  t.throws(() => resolveConfig({ hub: { ...hub, url: 'http://10.0.0.5:7310' } }), /hub\.url must be https:\/\/.*every push carries the site's token/);
  t.doesNotThrow(() => resolveConfig({ hub: { ...hub, url: 'https://10.0.0.5:7310', ca: 'district-ca.crt' } }));
  t.doesNotThrow(() => resolveConfig({ hub: { ...hub, url: 'http://127.0.0.1:7310' } }), 'plain http to loopback (a hub on this PC)');
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'site.json'), JSON.stringify({ dataDir: join(dir, 'data'), hub: { ...hub, url: 'http://10.0.0.5:7310' } }));
  const start = await runCli(['start', '--config', join(dir, 'site.json'), '--port', '0']);
  t.equal(start.code, 1, 'tiepnhan start stops at once');
  t.match(start.stderr, /site\.json: invalid configuration: hub\.url must be https:\/\//, 'naming the file and the key');
});
