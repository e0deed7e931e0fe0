// The daemon on the other supported Node.js lines (the machine's own, 20, runs everything else): the
// official Linux builds of 22 (the Windows package's line) and 24, fetched from the npm registry.
// On each: start with a scanner on a real pseudo-terminal and no simulators, a card's bytes counted as
// a success, a restart that keeps the count, and the district report read from the data folder.
// 24 runs twice: the storage driver `auto` picks (sqlite3) and node:sqlite (what Windows uses).

import { writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { DeviceView, HealthReport } from '../../daemon/src/api/contract.ts';
import type { PhuLuc03 } from '../../daemon/src/api/report.ts';
import { PACKAGE_NODE, SMOKE_NODES } from '../../packaging/runtimes.ts';
import { PtyPair } from '../../simulators/src/pty/pty-pair.ts';
import { freePort, runCli, startCli } from '../helpers/cli.ts';
import { linuxRuntime } from '../helpers/runtimes.ts';
import { ptyRequirement } from '../helpers/socat.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021\r';
const HUONG = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||\r';

const RUNS: ReadonlyArray<{ version: string; driver: 'auto' | 'node:sqlite'; expect: 'sqlite3' | 'node:sqlite' }> = [
  { version: PACKAGE_NODE, driver: 'auto', expect: 'sqlite3' },
  { version: SMOKE_NODES[1], driver: 'auto', expect: 'sqlite3' },
  { version: SMOKE_NODES[1], driver: 'node:sqlite', expect: 'node:sqlite' },
];

for (const run of RUNS) {
  const runtime = linuxRuntime(run.version);
  const pty = ptyRequirement();
  t.test(
    `Node.js ${run.version}, storage ${run.driver}: a PTY scan counted, kept across a restart, reported`,
    { skip: runtime.skip || pty.skip },
    async (t) => {
      const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-runtime-'));
      t.teardown(() => rm(dir, { recursive: true, force: true }));
      const scanner = await PtyPair.create();
      t.teardown(() => scanner.close());
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = { TIEPNHAN_SQLITE_DRIVER: run.driver === 'auto' ? '' : run.driver };
      const args = ['start', '--serial', `${scanner.hostPath}@115200`, '--no-simulators', '--port', String(port), '--data-dir', join(dir, 'data')];
      const start = () => startCli(args, `${url}/api/health`, { node: runtime.node!, env });
      const device = async () => ((await (await fetch(`${url}/api/devices`)).json()) as DeviceView[]).find((d) => d.id === 'serial-1');

      let daemon = await start();
      t.teardown(() => daemon.stop());
      const health = (await (await fetch(`${url}/api/health`)).json()) as HealthReport;
      t.equal(health.storage.driver, run.expect, `stores through ${run.expect}`);
      writeSync(scanner.deviceFd(), Buffer.from(AN, 'utf8'));
      await until(async () => (await device())?.counters.scans === 1, 10_000);
      t.match(
        await device(),
        { path: scanner.hostPath, simulated: false, counters: { scans: 1, successes: 1, errors: 0 } },
        'the card is a success on serial-1',
      );

      await daemon.stop();
      daemon = await start();
      t.match(await device(), { counters: { scans: 1, successes: 1 } }, 'the count survives the restart');
      writeSync(scanner.deviceFd(), Buffer.from(HUONG, 'utf8'));
      await until(async () => (await device())?.counters.scans === 2, 10_000);
      await daemon.stop();

      const report = await runCli(['report', '--data-dir', join(dir, 'data'), '--format', 'json'], '', env, runtime.node!);
      t.equal(report.code, 0, report.stderr);
      const total = (JSON.parse(report.stdout) as PhuLuc03).rows.find((r) => r.level === 'total');
      t.match(total, { accesses: 2, scans: 2 }, 'Phụ lục 03 counts both reads');
    },
  );
}
