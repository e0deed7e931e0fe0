// The district report as a hospital runs it, every part a separate process on loopback:
// `tiepnhan hub`, a site's `tiepnhan start` pushing to it, a configured serial scanner (a PTY) reading, then
// `tiepnhan report` from the site's data folder and from the hub.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parseCsv } from '../../daemon/src/reports/render-csv.ts';
import type { PhuLuc03 } from '../../daemon/src/reports/phu-luc-03.ts';
import { vietnamDay } from '../../daemon/src/storage/events-repo.ts';
import { freePort, runCli, startCli } from '../helpers/cli.ts';
import { ptyScanner as realScanner } from '../helpers/pty-scanner.ts';
import { ptyRequirement } from '../helpers/socat.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const SITE_TOKEN = 'site-token-bv01-0123456789';
const ADMIN_TOKEN = 'admin-token-0123456789abc';

t.test('site pushes to the hub; report from the data folder and from the hub agree', ptyRequirement(), async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-hub-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const hubPort = await freePort();
  const sitePort = await freePort();
  const scanner = await realScanner(t);
  await writeFile(
    join(dir, 'hub.json'),
    JSON.stringify({ db: `sqlite:${join(dir, 'hub.sqlite')}`, sites: [{ id: 'bv01', token: SITE_TOKEN }], adminTokens: [ADMIN_TOKEN] }),
  );
  await writeFile(
    join(dir, 'site.json'),
    JSON.stringify({
      ...scanner.config,
      facility: { id: 'BV01', name: 'Bệnh viện Đa khoa tỉnh', tier: 'province' },
      hub: { url: `http://127.0.0.1:${hubPort}`, siteId: 'bv01', token: SITE_TOKEN, intervalMs: 200 },
    }),
  );
  const hub = await startCli(['hub', '--config', join(dir, 'hub.json'), '--port', String(hubPort)], `http://127.0.0.1:${hubPort}/api/health`);
  t.teardown(() => hub.stop());
  const dataDir = join(dir, 'site-data');
  const site = await startCli(
    ['start', '--config', join(dir, 'site.json'), '--port', String(sitePort), '--data-dir', dataDir],
    `http://127.0.0.1:${sitePort}/api/health`,
  );
  t.teardown(() => site.stop());

  // The same patient twice and a bad read: this scanner's repeat window is off (repeats.byDevice).
  for (const payload of [AN, AN, 'not a card']) await scanner.scan(payload);
  const today = vietnamDay(new Date());
  const fromHub = async (): Promise<PhuLuc03> => {
    const r = await runCli(['report', '--hub', `http://127.0.0.1:${hubPort}`, '--token', ADMIN_TOKEN, '--from', today, '--to', today, '--format', 'json']);
    if (r.code !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as PhuLuc03;
  };
  // Successes arrive with the lookups' answers (pending until then, issue #16).
  await until(async () => (await fromHub()).rows[0]!.successes === 2, 15_000);
  t.match(
    (await fromHub()).rows[0],
    { accesses: 3, scans: 3, successes: 2, errors: 1, scannersWorking: 1, scannersNotWorking: 0 },
    'the hub has the site’s three scans within a push interval',
  );
  t.match(
    await (await fetch(`http://127.0.0.1:${sitePort}/api/health`)).json(),
    { hub: { ok: true, error: null } },
    'the site reports its hub push as healthy',
  );

  const csv = await runCli(['report', '--data-dir', dataDir, '--config', join(dir, 'site.json'), '--from', today, '--to', today, '--format', 'csv']);
  t.equal(csv.code, 0, csv.stderr);
  const table = parseCsv(csv.stdout);
  t.equal(table[0]![2], 'Tổng lượt truy cập');
  t.same(
    table.find((r) => r[1] === 'Bệnh viện Đa khoa tỉnh')?.slice(2, 7),
    ['3', '3', '0', '2', '1'],
    'the local report reads the same numbers while the daemon runs',
  );

  const out = join(dir, 'report.xlsx');
  const xlsx = await runCli(['report', '--data-dir', dataDir, '--from', today, '--to', today, '--format', 'xlsx', '--out', out]);
  t.equal(xlsx.code, 0, xlsx.stderr);
  t.equal((await readFile(out)).subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file is written');

  const denied = await runCli(['report', '--hub', `http://127.0.0.1:${hubPort}`, '--token', SITE_TOKEN, '--format', 'json']);
  t.equal(denied.code, 1, 'a site token cannot read the district report');
  t.match(denied.stderr, /403.*FORBIDDEN/);
  // --period names the reporting month that starts on the 10th, also across a year's end.
  const periodOf = async (args: string[]) => {
    const r = await runCli(['report', ...args, '--format', 'json']);
    t.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { period: unknown; periodName: string | null }) ?? null;
  };
  t.match(await periodOf(['--data-dir', dataDir, '--period', '2026-11']), { period: { from: '2026-11-10', to: '2026-12-09' }, periodName: 'tháng 12/2026' });
  t.match(await periodOf(['--data-dir', dataDir, '--period', '2026-12']), { period: { from: '2026-12-10', to: '2027-01-09' }, periodName: 'tháng 01/2027' });
  t.match(
    await periodOf(['--hub', `http://127.0.0.1:${hubPort}`, '--token', ADMIN_TOKEN, '--period', '2027-01']),
    { period: { from: '2027-01-10', to: '2027-02-09' } },
    'the hub resolves --period the same way',
  );
  // Without dates: the running period, from the last 10th (Vietnam days) to today.
  const running = (await periodOf(['--data-dir', dataDir])) as { period: { from: string; to: string } };
  const lastTenth =
    Number(today.slice(8)) >= 10
      ? `${today.slice(0, 8)}10`
      : new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 10)).toISOString().slice(0, 10);
  t.same(running.period, { from: lastTenth, to: today }, `tiepnhan report on ${today}: ${lastTenth} to ${today}`);
  const md = await runCli(['report', '--data-dir', dataDir, '--period', '2026-11', '--format', 'md']);
  t.equal(md.code, 0, md.stderr);
  t.match(md.stdout, /^# Kết quả triển khai .* tháng 12\/2026\n\nTrong tháng \(số liệu từ ngày 10\/11\/2026 đến ngày 09\/12\/2026\): Tổng số lượt truy cập/);
  const both = await runCli(['report', '--data-dir', dataDir, '--period', '2026-11', '--from', today]);
  t.equal(both.code, 2, 'a period given twice is refused');
  const bad = await runCli(['report', '--data-dir', dataDir, '--from', '2023-02-30']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /Ngày không hợp lệ.*Invalid date/);
  t.notMatch(site.output() + hub.output(), /Nguyễn Văn An|001089012345/, 'no name or full ID in either log');
});

t.test('the hub over TLS: a site pushes and a report is read over https', ptyRequirement(), async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-hub-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  t.equal(made.status, 0, made.stderr);
  const hubPort = await freePort();
  const sitePort = await freePort();
  await writeFile(
    join(dir, 'hub.json'),
    JSON.stringify({ db: `sqlite:${join(dir, 'hub.sqlite')}`, sites: [{ id: 'bv01', token: SITE_TOKEN }], adminTokens: [ADMIN_TOKEN], tls: { cert, key } }),
  );
  const scanner = await realScanner(t);
  await writeFile(
    join(dir, 'site.json'),
    JSON.stringify({
      ...scanner.config,
      facility: { id: 'BV01', name: 'Bệnh viện Đa khoa tỉnh' },
      hub: { url: `https://127.0.0.1:${hubPort}`, siteId: 'bv01', token: SITE_TOKEN, intervalMs: 200 },
    }),
  );
  const ca = readFileSync(cert);
  const httpsOk = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsGet({ host: '127.0.0.1', port: hubPort, path, ca, headers }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
  const hub = await startCli(['hub', '--config', join(dir, 'hub.json'), '--port', String(hubPort)], '', {
    ready: async () => (await httpsOk('/api/health').catch(() => ({ status: 0 }))).status === 200,
  });
  t.teardown(() => hub.stop());
  const env = { NODE_EXTRA_CA_CERTS: cert };
  const site = await startCli(
    ['start', '--config', join(dir, 'site.json'), '--port', String(sitePort), '--data-dir', join(dir, 'site')],
    `http://127.0.0.1:${sitePort}/api/health`,
    { env },
  );
  t.teardown(() => site.stop());
  await scanner.scan(AN);
  const today = vietnamDay(new Date());
  await until(
    async () =>
      // A success once the lookup's answer reached the hub (pending until then).
      (JSON.parse((await httpsOk(`/api/reports/phu-luc-03?from=${today}&to=${today}`, { authorization: `Bearer ${ADMIN_TOKEN}` })).body) as PhuLuc03).rows[0]!
        .successes === 1,
    15_000,
  );
  const r = await runCli(
    ['report', '--hub', `https://127.0.0.1:${hubPort}`, '--token', ADMIN_TOKEN, '--from', today, '--to', today, '--format', 'csv'],
    '',
    env,
  );
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /Bệnh viện Đa khoa tỉnh,1,1,0,1,0/, 'the report comes back over https');
  const plain = await fetch(`http://127.0.0.1:${hubPort}/api/health`).then(
    () => 'answered',
    () => 'refused',
  );
  t.equal(plain, 'refused', 'no plain HTTP on the TLS port');
});
