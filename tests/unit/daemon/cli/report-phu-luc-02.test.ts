// `tiepnhan report --form phu-luc-02`: Phụ lục 2 from the site's own database (its facility, its
// configured gateway account, its counted exchanges) or from the hub; two --from/--to pairs are two
// periods side by side, none the previous and the running periods; refusals exit 2 in Vietnamese and
// English. In-process on a real SQLite file, the date pinned, a loopback server standing in for the hub.

import FakeTimers from '@sinonjs/fake-timers';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { runReport } from '../../../../daemon/src/cli/report.ts';
import type { PhuLuc02 } from '../../../../daemon/src/reports/phu-luc-02.ts';
import { parseCsv } from '../../../../daemon/src/reports/render-csv.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { GatewayDailyRepo } from '../../../../daemon/src/storage/gateway-daily-repo.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { captureOutput } from '../../../helpers/capture-output.ts';

/** 1 December 2026, 10:00 in Vietnam: the running period began on 10 November. */
const NOW = Date.parse('2026-12-01T03:00:00Z');

async function report(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = captureOutput();
  try {
    const code = await runReport(args);
    return { code, stdout: out.bytes('stdout').toString('utf8'), stderr: out.stderr };
  } finally {
    out.restore();
  }
}

function frozenDay(t: { teardown(fn: () => unknown): void }): void {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['Date'], now: NOW });
  t.teardown(() => clock.uninstall());
}

/** A site with exchanges in October's and November's periods (and the simulator's, never reported). */
async function site(t: Test, gateway: object): Promise<{ dataDir: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const db = await Db.open(join(dataDir, 'tiepnhan.sqlite'));
  await migrate(db);
  const f = { facilityId: 'F1', simulated: false } as const;
  await new GatewayDailyRepo(db).add([
    { ...f, day: '2026-10-20', call: 'check', answered: 4, failed: 1 },
    { ...f, day: '2026-11-15', call: 'check', answered: 2, failed: 0 },
    { ...f, day: '2026-11-15', call: 'token', answered: 1, failed: 0 },
    { ...f, day: '2026-11-16', call: 'check', answered: 0, failed: 3, simulated: true },
  ]);
  await db.close();
  const config = join(dir, 'site.json');
  await writeFile(config, JSON.stringify({ facility: { id: 'F1', name: 'Trung tâm Y tế huyện Bình Sơn', kind: 'hospital' }, gateway }));
  return { dataDir, config };
}

t.test("the site's Phụ lục 2: default periods, RỒI / RỒI, TỔNG SỐ and the tier's percentage", async (t) => {
  frozenDay(t);
  const { dataDir, config } = await site(t, { url: 'http://127.0.0.1:9/', username: 'F1_BV', password: 'secret' });
  const r = await report(['--form', 'phu-luc-02', '--format', 'csv', '--data-dir', dataDir, '--config', config]);
  t.equal(r.code, 0, r.stderr);
  const rows = parseCsv(r.stdout);
  t.same(rows[0]!.slice(0, 5), ['STT', 'Đơn vị', 'Cấp tài khoản', 'Liên thông', 'Tổng liên thông (Tính từ ngày 10/10/2026 đến ngày 09/11/2026)']);
  t.equal(rows[0]![7], 'Tổng liên thông (Tính từ ngày 10/11/2026 đến ngày 01/12/2026)');
  t.same(rows[1], ['1', 'Trung tâm Y tế huyện Bình Sơn', 'RỒI', 'RỒI', '5', '4', '1', '3', '3', '0']);
  t.same(rows[2], ['', 'TỔNG SỐ', '1', '1', '5', '4', '1', '3', '3', '0']);
  t.same(rows[5], ['TTYT / bệnh viện', '1', '1', '100']);
});

t.test('two periods given; the simulated gateway is no account', async (t) => {
  frozenDay(t);
  const { dataDir, config } = await site(t, { url: null });
  const args = ['--form', 'phu-luc-02', '--data-dir', dataDir, '--config', config, '--from', '2026-11-10', '--to', '2026-11-30'];
  const r = await report([...args, '--from', '2026-10-01', '--to', '2026-10-31']);
  t.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as PhuLuc02;
  t.same(
    json.periods.map((p) => p.from),
    ['2026-11-10', '2026-10-01'],
    'in the order given',
  );
  t.same([json.rows[0]!.account, json.rows[0]!.connected], ['CHƯA', 'RỒI']);
  t.same(json.rows[0]!.periods, [
    { total: 3, success: 3, error: 0 },
    { total: 5, success: 4, error: 1 },
  ]);
});

t.test('refusals exit 2; phu-luc-03 stays the default and takes one period only', async (t) => {
  frozenDay(t);
  const { dataDir, config } = await site(t, {});
  const cases: Array<[string[], RegExp]> = [
    [['--form', 'phu-luc-04'], /--form phải là \/ must be one of: phu-luc-03, phu-luc-02/],
    [['--form', 'phu-luc-02', '--format', 'md'], /Phụ lục 2: --format phải là \/ must be one of: json, csv, xlsx, html/],
    [['--form', 'phu-luc-02', '--period', '2026-11'], /không --period/],
    [
      ['--form', 'phu-luc-02', '--data-dir', dataDir, '--config', config, ...['--from', '2026-01-01', '--from', '2026-02-01', '--from', '2026-03-01']],
      /tối đa hai kỳ/,
    ],
    [['--form', 'phu-luc-02', '--data-dir', dataDir, '--config', config, '--from', '2026-02-30'], /Ngày không hợp lệ/],
    [['--data-dir', dataDir, '--from', '2026-11-10', '--from', '2026-11-11'], /Phụ lục 03: --from\/--to một lần/],
  ];
  for (const [args, pattern] of cases) {
    const r = await report(args);
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, pattern);
    t.equal(r.stdout, '');
  }
});

t.test('--hub asks the hub with both periods and the token', async (t) => {
  frozenDay(t);
  let asked = '';
  let auth: string | undefined;
  const server = createServer((req, res) => {
    asked = req.url ?? '';
    auth = req.headers.authorization;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.end('STT\r\n');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  t.teardown(() => new Promise<void>((ok) => server.close(() => ok())));
  const hub = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const r = await report([
    '--form',
    'phu-luc-02',
    '--format',
    'csv',
    '--hub',
    hub,
    '--token',
    'T',
    ...['--from', '2026-10-10', '--to', '2026-11-09', '--from', '2026-11-10', '--to', '2026-11-30'],
  ]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'STT\r\n');
  t.equal(auth, 'Bearer T');
  t.equal(asked, '/api/reports/phu-luc-02?from=2026-10-10&from2=2026-11-10&to=2026-11-09&to2=2026-11-30&format=csv');
});
