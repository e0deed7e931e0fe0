// `tiepnhan report`: the district report from the site's own database (read while the daemon may be
// running) or from the district hub. A bad option or period is refused in Vietnamese and English
// with exit 2 and nothing written; CSV and JSON go to stdout, XLSX and HTML to a file named after the
// period; the running period starts on the configured day. Run in-process on a real SQLite file,
// with the date pinned (fake Date) and a loopback server standing in for the hub.

import FakeTimers from '@sinonjs/fake-timers';
import { existsSync } from 'node:fs';
import fsPromises, { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { syncBuiltinESMExports } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import t, { type Test } from 'tap';
import { runReport } from '../../../../daemon/src/cli/report.ts';
import { parseCsv } from '../../../../daemon/src/reports/render-csv.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { EventsRepo, type NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { captureOutput } from '../../../helpers/capture-output.ts';

/** 1 December 2026, 10:00 in Vietnam: the running period began on 10 November. */
const NOW = Date.parse('2026-12-01T03:00:00Z');

/** Runs `tiepnhan report ARGS`; what tiepnhan's code wrote to stdout (bytes) and stderr. */
async function report(args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const out = captureOutput();
  try {
    const code = await runReport(args);
    return { code, stdout: out.bytes('stdout'), stderr: out.stderr };
  } finally {
    out.restore();
  }
}

/**
 * Runs `fn` with the files the command writes to relative paths (into the working directory) kept
 * here instead of on disk. The unit suite loads every file into one process while earlier files'
 * tests run, so a test must not change the process's working directory (t.chdir) under it.
 */
async function inWorkingDirectory<T>(fn: () => Promise<T>): Promise<{ result: T; written: Map<string, Buffer> }> {
  const written = new Map<string, Buffer>();
  const original = fsPromises.writeFile;
  fsPromises.writeFile = (async (file: unknown, data: unknown, ...rest: unknown[]) => {
    if (typeof file === 'string' && !isAbsolute(file)) written.set(file, Buffer.from(data as string | Uint8Array));
    else await (original as (...a: unknown[]) => Promise<void>)(file, data, ...rest);
  }) as typeof fsPromises.writeFile;
  syncBuiltinESMExports();
  try {
    return { result: await fn(), written };
  } finally {
    fsPromises.writeFile = original;
    syncBuiltinESMExports();
  }
}

/** Sets (or, with undefined, unsets) an environment variable for one test; the old value comes back after it. */
function env(t: { teardown(fn: () => unknown): void }, name: string, value: string | undefined): void {
  const saved = process.env[name];
  const put = (v: string | undefined): void => {
    if (v === undefined) delete process.env[name];
    else process.env[name] = v;
  };
  put(value);
  t.teardown(() => put(saved));
}

const event = (day: string, source: 'scan' | 'search', ok: boolean): NewEvent => ({
  at: new Date(`${day}T05:00:00Z`),
  deviceId: source === 'scan' ? 'serial-1' : 'manual@desk-1',
  deskId: 'desk-1',
  facilityId: 'F1',
  stationId: 'main',
  source,
  outcome: ok ? 'success' : 'error',
  errorCode: ok ? null : 'truncated',
  errorClass: ok ? null : 'read',
  payloadKind: ok ? 'cccd2021' : null,
  idHash: null,
  identityJson: null,
  rawHex: null,
});

/** A site's data folder: its database with reads in November 2026, and its configuration file. */
async function site(t: Test): Promise<{ dir: string; dataDir: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const db = await Db.open(join(dataDir, 'tiepnhan.sqlite'));
  await migrate(db);
  await new EventsRepo(db).recordMany([
    event('2026-11-05', 'scan', true), // before the 10th: the October period
    event('2026-11-15', 'scan', true),
    event('2026-11-15', 'scan', true),
    event('2026-11-20', 'scan', false),
    event('2026-11-30', 'search', true),
  ]);
  await db.close();
  const config = join(dir, 'site.json');
  await writeFile(config, JSON.stringify({ facility: { id: 'F1', name: 'Trung tâm Y tế huyện Bình Sơn', stations: [{ id: 'main', desks: ['desk-1'] }] } }));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return { dir, dataDir, config };
}

/** Every test runs on the same day; a per-test clock (not a file-wide beforeEach) so the unit runner can load this file beside others. */
function frozenDay(t: { teardown(fn: () => unknown): void }): void {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['Date'], now: NOW });
  t.teardown(() => clock.uninstall());
}

const totalsOf = (csv: Buffer): string[] =>
  parseCsv(csv.toString('utf8'))
    .find((r) => r[1] === 'Tổng cộng')!
    .slice(2, 7);

t.test('refusals: exit 2, one bilingual line, nothing written', async (t) => {
  frozenDay(t);
  const { dataDir, dir } = await site(t);
  const cases: Array<[string[], RegExp]> = [
    [['--format', 'pdf'], /^tiepnhan report: --format phải là \/ must be one of: json, csv, html, xlsx, md, txt\n$/],
    [
      ['--hub', 'http://127.0.0.1:9', '--data-dir', dataDir],
      /^tiepnhan report: Chọn --data-dir hoặc --hub, không cả hai \/ choose --data-dir or --hub, not both\n$/,
    ],
    [['--data-dir', dataDir, '--period', '2026-13'], /^tiepnhan report: Kỳ báo cáo không hợp lệ.* \/ Invalid period: use YYYY-MM/],
    [
      ['--data-dir', dataDir, '--period', '2026-11', '--from', '2026-11-10'],
      /Dùng --period hoặc --from\/--to, không cả hai\. \/ Use --period or --from\/--to, not both\./,
    ],
    [['--data-dir', dataDir, '--from', '2026-02-30'], /Ngày không hợp lệ.* \/ Invalid date/],
    [
      ['--data-dir', dataDir, '--from', '2026-11-20', '--to', '2026-11-10'],
      /Ngày bắt đầu 2026-11-20 sau ngày kết thúc 2026-11-10\. \/ The start 2026-11-20 is after the end 2026-11-10\./,
    ],
    [
      ['--data-dir', join(dir, 'elsewhere')],
      /Không thấy cơ sở dữ liệu .*elsewhere.*tiepnhan\.sqlite \(chưa chạy tiepnhan start\?\) \/ no database at .*elsewhere/,
    ],
  ];
  const { written } = await inWorkingDirectory(async () => {
    for (const [args, stderr] of cases) {
      const r = await report([...args, '--format', args.includes('--format') ? args[args.indexOf('--format') + 1]! : 'xlsx']);
      t.equal(r.code, 2, args.join(' '));
      t.match(r.stderr, stderr, args.join(' '));
      t.equal(r.stdout.length, 0, 'nothing on stdout');
    }
  });
  t.same([...written.keys()], [], 'no report file written');
  t.notOk(existsSync(join(dir, 'elsewhere')), 'a missing data folder is not created');
  await t.rejects(report(['--fromm', '2026-11-10']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
});

t.test('CSV and JSON to stdout from the site’s database; without dates, the running period', async (t) => {
  frozenDay(t);
  const { dataDir, config } = await site(t);
  const csv = await report(['--data-dir', dataDir, '--config', config, '--format', 'csv']);
  t.equal(csv.code, 0, csv.stderr);
  t.equal(csv.stderr, '');
  t.same(totalsOf(csv.stdout), ['4', '3', '1', '3', '1'], '10 November to today: 3 scans (one unreadable) and a search');
  t.ok(
    parseCsv(csv.stdout.toString('utf8')).some((r) => r[1] === 'Trung tâm Y tế huyện Bình Sơn'),
    'the facility of the configuration',
  );

  const json = await report(['--data-dir', dataDir, '--period', '2026-10']);
  const r = JSON.parse(json.stdout.toString('utf8')) as { period: unknown; periodName: string; rows: Array<{ accesses: number }> };
  t.same(r.period, { from: '2026-10-10', to: '2026-11-09' }, '--period names the period that starts in that month');
  t.equal(r.periodName, 'tháng 11/2026');
  t.equal(r.rows[0]!.accesses, 1);
  const range = await report(['--data-dir', dataDir, '--from', '2026-11-15', '--to', '2026-11-15', '--format', 'csv']);
  t.same(totalsOf(range.stdout), ['2', '2', '0', '2', '0']);
});

t.test('the running period starts on the configured day', async (t) => {
  frozenDay(t);
  const { dataDir, dir } = await site(t);
  const config = join(dir, 'calendar.json');
  await writeFile(config, JSON.stringify({ reports: { periodStartDay: 1 } }));
  const r = await report(['--data-dir', dataDir, '--config', config]);
  t.same((JSON.parse(r.stdout.toString('utf8')) as { period: unknown }).period, { from: '2026-12-01', to: '2026-12-01' });
});

t.test('XLSX and HTML go to a file named after the period, never to the terminal', async (t) => {
  frozenDay(t);
  const { dataDir, dir } = await site(t);
  const { result: xlsx, written } = await inWorkingDirectory(() => report(['--data-dir', dataDir, '--period', '2026-11', '--format', 'xlsx']));
  t.equal(xlsx.code, 0, xlsx.stderr);
  t.equal(xlsx.stdout.length, 0, 'nothing on stdout');
  const name = 'phu-luc-03_2026-11-10_2026-12-09.xlsx';
  t.same([...written.keys()], [name], 'written in the working directory, named after the period');
  t.equal(xlsx.stderr, `${resolve(name)}\n`, 'the file’s full path is said');
  t.equal(written.get(name)?.subarray(0, 2).toString('latin1'), 'PK');

  const html = await report(['--data-dir', dataDir, '--period', '2026-11', '--format', 'html', '--out', join(dir, 'in.html')]);
  t.equal(html.stderr, `${join(dir, 'in.html')}\n`);
  t.match(await readFile(join(dir, 'in.html'), 'utf8'), /^<!doctype html>/);
  const dash = await report(['--data-dir', dataDir, '--period', '2026-11', '--format', 'html', '--out', '-']);
  t.match(dash.stdout.toString('utf8'), /^<!doctype html>/, '--out - asks for stdout');
  const json = await report(['--data-dir', dataDir, '--format', 'json', '--out', join(dir, 'r.json')]);
  t.equal(json.stdout.length, 0);
  t.match(JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')), { period: { from: '2026-11-10', to: '2026-12-01' } });
});

t.test('--hub: the hub is asked with the given dates, the format and the admin token', async (t) => {
  frozenDay(t);
  const asked: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  let status = 200;
  const hub = createServer((req, res) => {
    asked.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(status, { 'content-type': 'text/csv' }).end(status === 200 ? 'STT,Tên đơn vị\r\n' : '{"error":{"code":"FORBIDDEN"}}');
  });
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => hub.close(() => resolve())));
  const base = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;

  const r = await report(['--hub', base, '--token', 'admin-token-aaaaaaaaaaaa', '--period', '2026-11', '--format', 'csv']);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout.toString('utf8'), 'STT,Tên đơn vị\r\n', 'the hub’s answer, as it came');
  t.equal(asked[0]?.url, '/api/reports/phu-luc-03?period=2026-11&format=csv', 'the hub resolves the period with its own start day');
  t.equal(asked[0]?.headers.authorization, 'Bearer admin-token-aaaaaaaaaaaa');

  env(t, 'TIEPNHAN_HUB_TOKEN', 'env-token-bbbbbbbbbbbb');
  await report(['--hub', base, '--from', '2026-11-10', '--to', '2026-11-30']);
  t.equal(asked[1]?.url, '/api/reports/phu-luc-03?from=2026-11-10&to=2026-11-30&format=json');
  t.equal(asked[1]?.headers.authorization, 'Bearer env-token-bbbbbbbbbbbb', 'or the token from TIEPNHAN_HUB_TOKEN');

  status = 403;
  await t.rejects(
    report(['--hub', base, '--format', 'json']),
    /hub http:\/\/127\.0\.0\.1:\d+ trả lời \/ answered 403: \{"error":\{"code":"FORBIDDEN"\}\}/,
    'a refusal by the hub is an error (exit 1 from main)',
  );
});
