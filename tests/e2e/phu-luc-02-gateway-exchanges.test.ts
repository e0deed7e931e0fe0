// Phụ lục 2 from outside (#29), as the "Done when" words it: a site (`tiepnhan start`, a
// process) with a PTY scanner and a separate `tiepnhan gateway-sim` process as its gateway, with the
// gateway account configured (URL, username, password: "Cấp tài khoản" RỒI, see
// docs/reference/report-rules.md "Phụ lục 2"), reads two cards; GET /api/reports/phu-luc-02 on the running daemon,
// and after it stops `tiepnhan report --form phu-luc-02 --format csv --data-dir …`, show the seed's
// columns, the unit RỒI / RỒI with at least the two card checks (the token and the visit histories
// count too), a TỔNG SỐ row and the tier's percentage.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { PhuLuc02 } from '../../daemon/src/reports/phu-luc-02.ts';
import { parseCsv } from '../../daemon/src/reports/render-csv.ts';
import { freePort, runCli, startCli } from '../helpers/cli.ts';
import { ptyScanner } from '../helpers/pty-scanner.ts';
import { ptyRequirement } from '../helpers/socat.ts';
import { until } from '../helpers/wait.ts';

const CARDS = [
  '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021',
  '079305001234|7912345678|Trần Thị Ngọc Ánh|02112005|Nữ|TP Hồ Chí Minh|20042021',
];

t.test('a PTY scanner, a separate gateway-sim, two cards: RỒI / RỒI with the exchanges counted, live and from the CLI', ptyRequirement(), async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-phu-luc-02-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const gateway = await startCli(['gateway-sim', '--port', String(gatewayPort), '--latency-ms', '0', '--seed', '1'], `${gatewayUrl}/sim/stats`);
  t.teardown(() => gateway.stop());
  const checks = async (): Promise<number> => ((await (await fetch(`${gatewayUrl}/sim/stats`)).json()) as { checks: number }).checks;

  const scanner = await ptyScanner(t);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(dir, 'config.json');
  const dataDir = join(dir, 'data');
  await writeFile(
    config,
    JSON.stringify({
      ...scanner.config,
      port,
      dataDir,
      facility: { id: '46001', name: 'Trung tâm Y tế huyện Sơn Tịnh', kind: 'hospital' },
      log: { level: 'warn' },
      // The simulator's account (docs/reference/commands.md, gateway-sim), written out as a hospital would.
      gateway: { url: gatewayUrl, username: '00000_BV', password: 'tiepnhan-sim', timeoutMs: 15000 },
    }),
  );
  const daemon = await startCli(['start', '--config', config], `${url}/api/health`);
  t.teardown(() => daemon.stop());
  for (const payload of CARDS) await scanner.scan(payload);
  await until(async () => (await checks()) >= 2, 20_000);
  let live: PhuLuc02 | null = null;
  await until(async () => {
    const res = await fetch(`${url}/api/reports/phu-luc-02`);
    live = res.ok ? ((await res.json()) as PhuLuc02) : null;
    return (live?.total.periods[1]?.success ?? 0) >= 2;
  }, 20_000);
  t.same([live!.rows[0]!.account, live!.rows[0]!.connected], ['RỒI', 'RỒI'], 'the running daemon reports its own counts');
  await daemon.stop();

  const r = await runCli(['report', '--form', 'phu-luc-02', '--format', 'csv', '--data-dir', dataDir, '--config', config]);
  t.equal(r.code, 0, r.stderr);
  const rows = parseCsv(r.stdout);
  t.same(rows[0]!.slice(0, 4), ['STT', 'Đơn vị', 'Cấp tài khoản', 'Liên thông'], 'the seed’s columns in the seed’s order');
  t.equal(rows[0]!.length, 10, 'two periods of three columns side by side');
  t.match(rows[0]![4], /^Tổng liên thông \(Tính từ ngày \d{2}\/\d{2}\/\d{4} đến ngày \d{2}\/\d{2}\/\d{4}\)$/);
  t.same(
    rows[0]!.slice(4).map((h) => h.replace(/ \(.*\)$/, '')),
    ['Tổng liên thông', 'Thành công', 'Lỗi', 'Tổng liên thông', 'Thành công', 'Lỗi'],
  );
  const unit = rows[1]!;
  t.same(unit.slice(0, 4), ['1', 'Trung tâm Y tế huyện Sơn Tịnh', 'RỒI', 'RỒI']);
  t.ok(Number(unit[7]) >= 2, `at least the two card checks in the running period (${unit[7]})`);
  t.ok(Number(unit[7]) >= (await checks()), 'every card check the gateway saw is an exchange');
  t.equal(Number(unit[7]), Number(unit[8]) + Number(unit[9]), 'Tổng liên thông = Thành công + Lỗi');
  t.same(rows[2]!.slice(0, 4), ['', 'TỔNG SỐ', '1', '1'], 'TỔNG SỐ counts the units marked RỒI');
  t.same(rows[2]!.slice(7), unit.slice(7), 'and sums the exchanges');
  t.same(
    rows.find((row) => row[0] === 'TTYT / bệnh viện'),
    ['TTYT / bệnh viện', '1', '1', '100'],
    'the tier summary: count and percentage',
  );
});
