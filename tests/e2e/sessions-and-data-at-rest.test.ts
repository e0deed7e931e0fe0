// Sessions instead of tokens in URLs, simulators that never count
// as equipment, a technician view without patients, data at rest, the signed HIS webhook, audit
// without gaps, bounded inputs and indexed search. Real daemons, real SQLite files, real HTTP.

import { chmod, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import t from 'tap';
import type { ScanMessage, TestReadMessage } from '../../daemon/src/api/contract.ts';
import { ConfigError, resolveConfig } from '../../daemon/src/config/load.ts';
import { KeyFileError } from '../../daemon/src/storage/key-file.ts';
import type { RecentRead } from '../../daemon/src/pipeline/recent-reads.ts';
import { Db } from '../../daemon/src/storage/db.ts';
import { next, startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { raw } from '../helpers/raw-http.ts';
import { freePort } from '../helpers/cli.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const noSims = { simulators: { scanners: [], gateway: { latencyMs: 0 } } };
const TOKENS = { admin: 'admin-token-aaaaaaaaaaaa', tech: 'tech-token-bbbbbbbbbbbbb', desk1: 'desk1-token-cccccccccccc' };
const auth = {
  tokens: [
    { id: 'admin', token: TOKENS.admin, role: 'admin' },
    { id: 'tech', token: TOKENS.tech, role: 'technician' },
    { id: 'desk1', token: TOKENS.desk1, role: 'reception', desk: 'desk-1' },
  ],
};
const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});
const camera = (d: TestDaemon, body: Record<string, unknown>, token?: string) => fetch(`${d.url}/api/camera`, json({ desk: 'desk-1', ...body }, token));
const browserish = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };

t.test('pages log in with a token once; the cookie, not the URL or storage, carries it', async (t) => {
  t.throws(
    () =>
      resolveConfig({
        auth: {
          tokens: [
            { id: 'a', token: TOKENS.admin, role: 'admin' },
            { id: 'b', token: TOKENS.admin, role: 'reception' },
          ],
        },
      }),
    ConfigError,
    'one token string for two roles is a config error',
  );
  const d = await startTestDaemon(t, { config: { ...noSims, auth } });
  t.equal((await fetch(`${d.url}/api/devices?access_token=${TOKENS.admin}`)).status, 401, 'a token in the query string is worth nothing');
  t.equal(
    (await fetch(`${d.url}/api/reports/phu-luc-03?format=csv&access_token=${TOKENS.admin}`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).status,
    400,
    'and is refused where it used to be taken',
  );
  const page = await raw(`${d.url}/tech`, { headers: { 'sec-fetch-site': 'none' } });
  t.notOk(page.headers['set-cookie'], 'with tokens configured, a page gets no session by being loaded');
  const bad = await fetch(`${d.url}/api/session`, json({ token: 'not-a-token-at-all-xx' }));
  t.equal(bad.status, 401);
  const login = await fetch(`${d.url}/api/session`, json({ token: TOKENS.tech }));
  t.equal(login.status, 200);
  t.match(await login.json(), { caller: { id: 'tech', role: 'technician' } });
  const setCookie = login.headers.get('set-cookie') ?? '';
  t.match(setCookie, /HttpOnly/i);
  t.match(setCookie, /SameSite=Strict/i);
  t.match(setCookie, /Max-Age=43200/, 'a token session lasts auth.sessionHours (12 h)');
  const cookie = setCookie.split(';')[0]!;
  t.equal((await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie } })).status, 200, 'the technician page is served with its session');
  t.equal((await raw(`${d.url}/api/reports/phu-luc-03`, { headers: { ...browserish, cookie } })).status, 403, 'with the technician’s role only');
  const sess = (await raw(`${d.url}/api/session`, { headers: { ...browserish, cookie } })).body;
  t.match(JSON.parse(sess), { open: false, caller: { id: 'tech' } });
  const out = await raw(`${d.url}/api/session`, { method: 'DELETE', headers: { ...browserish, cookie } });
  t.match(String(out.headers['set-cookie']), /tiepnhan_session=;/, 'logging out clears the cookie');
  for (const f of ['common.js', 'reception.js', 'tech.js', 'reports.js', 'reports-phu-luc-02.js', 'reports-phu-luc-03.js', 'hub-reports.js', 'kiosk.js']) {
    const src = await readFile(new URL(`../../kiosk-ui/${f}`, import.meta.url), 'utf8');
    t.notMatch(src, /localStorage\.(get|set)Item\([^)]*token/i, `${f} keeps no token in localStorage`);
    t.notMatch(src, /access_token|[?&]token=/, `${f} puts no token in a URL`);
  }
});

t.test('simulators never count as equipment, and their routes exist only while they run', async (t) => {
  t.equal(resolveConfig({}).simulators.enabled, true, 'on by default (the quick start)');
  t.equal(resolveConfig({ gateway: { url: 'https://egw.example' } }).simulators.enabled, false, 'off with a real gateway');
  t.equal(resolveConfig({ scanners: [{ path: '/dev/ttyACM0' }] }).simulators.enabled, false, 'off with a real scanner');
  t.equal(resolveConfig({ scanners: [{ path: '/dev/ttyACM0' }], simulators: { enabled: true } }).simulators.enabled, true, 'unless asked for');

  const none = await startTestDaemon(t, { config: { simulators: { enabled: false } } });
  t.equal((await fetch(`${none.url}/api/simulators`)).status, 404, 'no simulators: no /api/simulators');

  const d = await startTestDaemon(t, { config: { auth, simulators: { gateway: { latencyMs: 0 } } } });
  t.equal((await fetch(`${d.url}/api/simulators`, { headers: { authorization: `Bearer ${TOKENS.tech}` } })).status, 403, 'simulator routes are admin-only');
  t.equal((await fetch(`${d.url}/api/simulators`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).status, 200);
  const admin = { authorization: `Bearer ${TOKENS.admin}` };
  const socket = ioClient(d.url, { transports: ['websocket'], reconnection: false, auth: { token: TOKENS.admin, view: 'all' } });
  t.teardown(() => socket.close());
  const scanned = next<ScanMessage>(socket, 'scan');
  t.equal((await fetch(`${d.url}/api/simulators/sim-1/scan`, json({ payload: AN }, TOKENS.admin))).status, 200);
  await scanned;
  await d.daemon.inventory.settle();
  const devices = (await (await fetch(`${d.url}/api/devices`, { headers: admin })).json()) as Array<{ id: string; counters: { scans: number } }>;
  t.equal(devices.find((x) => x.id === 'sim-1')?.counters.scans, 1, 'the simulated scanner shows its own count');
  const report = (await (await fetch(`${d.url}/api/reports/phu-luc-03`, { headers: admin })).json()) as {
    rows: Array<{ accesses: number; scannersWorking: number }>;
  };
  t.equal(report.rows[0]!.accesses, 0, 'but the Phụ lục 03 counts nothing from it');
  t.equal(report.rows[0]!.scannersWorking, 0, 'and equips nobody with it');
  const inventory = JSON.stringify(await (await fetch(`${d.url}/api/inventory`, { headers: admin })).json());
  t.notMatch(inventory, /sim-1/, 'it is not in the inventory');
  const daily = (await (await fetch(`${d.url}/api/counters/daily`, { headers: admin })).json()) as { rows: unknown[] };
  t.same(daily.rows, [], 'nor in the daily rows the hub push sends');
});

t.test('technicians see the structure of a rejected read, never the patient; test reads go to technicians only', async (t) => {
  const d = await startTestDaemon(t, { config: { auth, simulators: { gateway: { latencyMs: 0 } } } });
  const garbled = Buffer.from(AN.replace('|Nam|', '|Nom|'), 'utf8');
  await camera(d, { bytesBase64: garbled.toString('base64') }, TOKENS.desk1);
  const reads = (await (
    await fetch(`${d.url}/api/devices/camera@desk-1/reads`, { headers: { authorization: `Bearer ${TOKENS.tech}` } })
  ).json()) as RecentRead[];
  t.equal(reads.length, 1);
  const text = JSON.stringify(reads);
  for (const secret of ['Nguy', 'Văn', 'Hoàng', '001089', '013456789', '15031989', '4e677579'])
    t.notOk(text.includes(secret), `no "${secret}" in the technician view`);
  t.match(reads[0], {
    ok: false,
    code: 'sexInvalid',
    hex: null,
    structure: {
      fields: [{ length: 12, classes: ['digit'] }, { length: 9 }, { classes: ['latin', 'vietnamese', 'space'] }, {}, { length: 3 }, {}, {}],
      rule: 'sexInvalid',
    },
  });
  t.match(reads[0]!.text, /^7 fields: 12 digit \| 9 digit \|/, 'one line: field count, lengths, character classes');

  const sock = (token: string): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = ioClient(d.url, { transports: ['websocket'], reconnection: false, auth: { token, view: 'all' } });
      t.teardown(() => s.close());
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  const [tech, desk] = await Promise.all([sock(TOKENS.tech), sock(TOKENS.desk1)]);
  let deskGot = 0;
  desk.on('testRead', () => deskGot++);
  t.equal(
    (
      await fetch(`${d.url}/api/devices/sim-1/test-mode`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.tech}` },
        body: JSON.stringify({ on: true }),
      })
    ).status,
    200,
  );
  const got = next<TestReadMessage>(tech, 'testRead');
  await d.wiring.simScanners[0]!.scan('NGUYỄN VĂN AN 1234567890');
  const m = await got;
  t.notMatch(JSON.stringify(m), /NGUY|1234567890/, 'the test read shows structure only');
  await new Promise((r) => setTimeout(r, 200));
  t.equal(deskGot, 0, 'a reception socket never receives a test read');
});

t.test('at rest: private modes, erased details gone from the file and the WAL, keys never silently remade', async (t) => {
  const clock = { now: Date.now() };
  const d = await startTestDaemon(t, {
    override: { now: () => new Date(clock.now) },
    config: {
      ...noSims,
      his: { webhookUrl: `http://127.0.0.1:${await freePort()}/his`, secret: 'his-shared-secret-0123456789', retryBaseMs: 60_000, pollMs: 60_000 },
    },
  });
  if (process.platform !== 'win32') {
    t.equal((await stat(d.dataDir)).mode & 0o777, 0o700, 'the data folder is 0700');
    for (const f of ['tiepnhan.sqlite', 'tiepnhan.sqlite-wal', 'id-hash.key', 'session.key'])
      t.equal((await stat(join(d.dataDir, f))).mode & 0o777, 0o600, `${f} is 0600`);
  }
  const health = async (x: TestDaemon) => (await (await fetch(`${x.url}/api/health`)).json()) as { status: string; files: { ok: boolean; code?: string } };
  t.match(await health(d), { files: { ok: true } });
  const scan = (await (await camera(d, { text: AN })).json()) as ScanMessage;
  await d.daemon.patients.settle();
  const reg = await fetch(`${d.url}/api/registrations`, json({ eventId: scan.eventId, department: 'kham-noi' }));
  t.equal(reg.status, 201);
  const files = async () =>
    Buffer.concat(await Promise.all(['tiepnhan.sqlite', 'tiepnhan.sqlite-wal'].map((f) => readFile(join(d.dataDir, f)).catch(() => Buffer.alloc(0)))));
  t.ok((await files()).includes(Buffer.from('Nguyễn Văn An')), 'before the purge the name is stored (the check below can fail)');

  clock.now += 31 * 86_400_000;
  await d.daemon.purge();
  t.notOk((await files()).includes(Buffer.from('Nguyễn Văn An')), 'after the purge the name is in neither the database file nor its WAL');
  t.notOk((await files()).includes(Buffer.from('1989-03-15')), 'nor the date of birth (patient index and events)');
  const db = await Db.open(d.daemon.dbFile);
  t.teardown(() => db.close());
  t.match(
    await db.get('SELECT name, dob, sex, address FROM patients'),
    { name: null, dob: null, sex: null, address: null },
    'the patient index keeps no name, date of birth, sex or address',
  );
  const queued = await db.get<{ body: string; purged_at: string | null }>('SELECT body, purged_at FROM webhook_queue');
  t.match(JSON.parse(queued!.body), { type: 'purged', registrationId: Number }, 'the never-delivered webhook body is a tombstone');
  t.ok(queued!.purged_at);
  t.equal(await d.daemon.webhook!.pending(), 0, 'and is not retried');
  await d.stop();

  await chmod(join(d.dataDir, 'tiepnhan.sqlite'), 0o644);
  const loose = await startTestDaemon(t, { dataDir: d.dataDir, config: noSims });
  if (process.platform !== 'win32')
    t.match(await health(loose), { status: 'degraded', files: { ok: false, code: 'DATA_PERMISSIONS' } }, 'a database readable by others is reported in health');
  await loose.stop();
  t.same(
    (await readdir(d.dataDir)).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary key files left behind',
  );

  await writeFile(join(d.dataDir, 'id-hash.key'), '');
  await t.rejects(startTestDaemon(t, { dataDir: d.dataDir, config: noSims }), KeyFileError, 'an empty key beside a database stops the start');
  await rm(join(d.dataDir, 'id-hash.key'));
  const err = await startTestDaemon(t, { dataDir: d.dataDir, config: noSims }).then(
    () => null,
    (e: unknown) => e,
  );
  t.match(
    err,
    { code: 'KEY_MISSING', vi: /Thiếu tệp khoá/, en: /missing next to an existing database/ },
    'a missing key beside a database stops the start, in Vietnamese and English',
  );
});

t.test('rotating a leaked token’s secret ends the sessions opened with it (the same token id)', async (t) => {
  const dataDir = join((await import('node:os')).tmpdir(), `tiepnhan-rotate-${process.pid}-${Date.now()}`);
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const before = await startTestDaemon(t, { dataDir, config: { auth, ...noSims } });
  const login = await fetch(`${before.url}/api/session`, json({ token: TOKENS.desk1 }));
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  t.match(JSON.parse((await raw(`${before.url}/api/session`, { headers: { ...browserish, cookie } })).body), { caller: { id: 'desk1' } }, 'the session works');
  await before.stop();

  // The same configuration but desk1's secret changed (the IT staff's answer to a leak).
  const rotated = { tokens: auth.tokens.map((x) => (x.id === 'desk1' ? { ...x, token: 'desk1-new-secret-dddddddddd' } : x)) };
  const after = await startTestDaemon(t, { dataDir, config: { auth: rotated, ...noSims } });
  t.match(JSON.parse((await raw(`${after.url}/api/session`, { headers: { ...browserish, cookie } })).body), { caller: null }, 'the old session is no one now');
  t.equal((await raw(`${after.url}/api/devices`, { headers: { ...browserish, cookie } })).status, 401, 'and reads nothing');
  const fresh = await fetch(`${after.url}/api/session`, json({ token: 'desk1-new-secret-dddddddddd' }));
  const freshCookie = (fresh.headers.get('set-cookie') ?? '').split(';')[0]!;
  t.match(
    JSON.parse((await raw(`${after.url}/api/session`, { headers: { ...browserish, cookie: freshCookie } })).body),
    { caller: { id: 'desk1' } },
    'the new secret logs in',
  );

  // Unchanged tokens keep their sessions across the restart.
  const tech = await fetch(`${after.url}/api/session`, json({ token: TOKENS.tech }));
  const techCookie = (tech.headers.get('set-cookie') ?? '').split(';')[0]!;
  await after.stop();
  const again = await startTestDaemon(t, { dataDir, config: { auth: rotated, ...noSims } });
  t.match(
    JSON.parse((await raw(`${again.url}/api/session`, { headers: { ...browserish, cookie: techCookie } })).body),
    { caller: { id: 'tech' } },
    'a session of an unchanged token survives a restart',
  );
});

t.test('logging out ends the session: the same cookie reads nothing afterwards, across a restart', async (t) => {
  const dataDir = join((await import('node:os')).tmpdir(), `tiepnhan-logout-${process.pid}-${Date.now()}`);
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const d = await startTestDaemon(t, { dataDir, config: { auth, ...noSims } });
  const login = await fetch(`${d.url}/api/session`, json({ token: TOKENS.desk1 }));
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const other = (await fetch(`${d.url}/api/session`, json({ token: TOKENS.desk1 })).then((r) => r.headers.get('set-cookie') ?? '')).split(';')[0]!;
  t.equal((await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie } })).status, 200, 'logged in');
  await raw(`${d.url}/api/session`, { method: 'DELETE', headers: { ...browserish, cookie } });
  t.match(JSON.parse((await raw(`${d.url}/api/session`, { headers: { ...browserish, cookie } })).body), { caller: null }, 'the kept cookie is no one');
  t.equal((await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie } })).status, 401, 'and reads nothing');
  t.equal((await raw(`${d.url}/api/devices`, { headers: { ...browserish, cookie: other } })).status, 200, 'another session of the same token goes on');
  await d.stop();
  const again = await startTestDaemon(t, { dataDir, config: { auth, ...noSims } });
  t.equal((await raw(`${again.url}/api/devices`, { headers: { ...browserish, cookie } })).status, 401, 'still ended after a restart');
});

t.test('logging out closes the sockets the session opened', async (t) => {
  const d = await startTestDaemon(t, { config: { auth, ...noSims } });
  const login = await fetch(`${d.url}/api/session`, json({ token: TOKENS.desk1 }));
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const socket: Socket = ioClient(d.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  t.teardown(() => socket.close());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  await raw(`${d.url}/api/session`, { method: 'DELETE', headers: { ...browserish, cookie } });
  t.equal(await closed, 'io server disconnect', 'the daemon closed it');
});
