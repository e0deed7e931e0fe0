// The Windows reception-PC package, built here and run under Wine as IT staff would use it:
// - the zip, unpacked, started with `tiepnhan.cmd start --serial COM7@115200 --no-simulators` against
//   a pseudo-terminal mapped as COM7: a card's bytes counted as a success on the COM7 device, the
//   reception page served to Linux Chromium and showing the patient live, the count kept across a
//   restart after a kill;
// - the installer, silent (/S /PORT= /D=): the service started at install answers /api/health,
//   stores through node:sqlite under %ProgramData%, logs to a rotated file there, counts a card,
//   runs `tiepnhan.cmd parse` and `report` (Vietnamese intact), comes back after its node.exe is killed,
//   keeps data and config through an upgrade; a silent uninstall removes the program and the service
//   and keeps the data.
// Wine is not Windows: docs/guides/windows.md lists what only a real Windows PC can confirm.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import t, { type Test } from 'tap';
import type { DeviceView, HealthReport } from '../../daemon/src/api/contract.ts';
import type { PhuLuc03 } from '../../daemon/src/api/report.ts';
import { buildWindowsPackage, nativeAddons, type BuiltPackage } from '../../packaging/windows/build.ts';
import { PACKAGE_NODE } from '../../packaging/runtimes.ts';
import { PtyPair } from '../../simulators/src/pty/pty-pair.ts';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { freePort } from '../helpers/cli.ts';
import { LOG_DIR } from '../helpers/log-files.ts';
import { ptyRequirement } from '../helpers/socat.ts';
import { until } from '../helpers/wait.ts';
import { WinePrefix, wineRequirement } from '../helpers/wine.ts';

t.setTimeout(1_500_000); // a package build (~2 min) and two Windows programs under Wine on 2 cores

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const HUONG = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';

const skip = wineRequirement().skip || ptyRequirement().skip || browserRequirement().skip;

const json = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;
const answers = async (url: string): Promise<boolean> => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
};

t.test('the Windows package under Wine', { skip }, async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'tiepnhan-release-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const wine = await WinePrefix.create();
  t.teardown(() => wine.remove());
  const logs = join(out, 'logs');
  mkdirSync(logs);

  const built = buildWindowsPackage({ out, nodeVersion: PACKAGE_NODE, installer: true });
  t.match(built.zip, /tiepnhan-\d+\.\d+\.\d+-win-x64\.zip$/);
  t.match(built.setup, /tiepnhan-\d+\.\d+\.\d+-win-x64-setup\.exe$/);

  await t.test('the zip: node.exe, tiepnhan.cmd, dist/, Windows x64 binaries only', async (t) => {
    const listing = spawnSync('unzip', ['-Z1', built.zip], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout.split('\n');
    const top = `tiepnhan-${built.version}-win-x64/`;
    for (const f of ['tiepnhan.cmd', 'node.exe', 'bin/tiepnhan.mjs', 'dist/daemon/src/cli/main.js', 'kiosk-ui/index.html', 'service/nssm.exe'])
      t.ok(listing.includes(top + f), `holds ${f}`);
    t.notOk(
      listing.some((f) => /node_modules\/(sqlite3|typescript|tsx)\//.test(f)),
      'no sqlite3 (no Windows binary), no TypeScript toolchain',
    );
    const addons = nativeAddons(built.folder);
    t.ok(addons.length >= 3, `native addons: ${addons.map((a) => a.file).join(', ')}`);
    t.ok(
      addons.every((a) => a.win64),
      'every one a 64-bit Windows DLL',
    );
  });

  await t.test('unzipped and started on COM7: a scan counted, shown in Chromium, kept across a restart', (t) => runZip(t, wine, built, logs));
  await t.test('installed silently: a service on node:sqlite, logs under ProgramData, restarted, upgraded, uninstalled', (t) =>
    runInstaller(t, wine, built, logs),
  );

  // The Windows daemon's own log files join the suite's logs, which are searched for patient data.
  mkdirSync(LOG_DIR, { recursive: true });
  for (const f of readdirSync(logs)) copyFileSync(join(logs, f), join(LOG_DIR, `windows-${f}`));
  const programLogs = wine.unix('C:\\ProgramData\\tiepnhan\\logs');
  if (existsSync(programLogs)) for (const f of readdirSync(programLogs)) copyFileSync(join(programLogs, f), join(LOG_DIR, `windows-programdata-${f}`));
});

async function runZip(t: Test, wine: WinePrefix, built: BuiltPackage, logs: string): Promise<void> {
  spawnSync('unzip', ['-q', built.zip, '-d', wine.unix('C:\\')]);
  const cmd = `C:\\tiepnhan-${built.version}-win-x64\\tiepnhan.cmd`;
  const scanner = await PtyPair.create();
  t.teardown(() => scanner.close());
  wine.linkCom(7, scanner.hostPath);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const start = async (): Promise<void> => {
    const proc = wine.start(
      ['cmd', '/c', cmd, 'start', '--serial', 'COM7@115200', '--no-simulators', '--port', String(port), '--data-dir', 'C:\\desk-data'],
      join(logs, 'zip-daemon.log'),
    );
    t.teardown(() => proc.kill());
    await until(() => answers(`${url}/api/health`), 90_000, 500);
  };
  const com7 = async (): Promise<DeviceView | undefined> => (await json<DeviceView[]>(`${url}/api/devices`)).find((d) => d.path === 'COM7');

  await start();
  const health = await json<HealthReport>(`${url}/api/health`);
  t.match(health, { storage: { ok: true, driver: 'node:sqlite' }, simulated: { scanners: [] } }, 'node:sqlite stores; no simulated scanner');

  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(url);
  await page.waitForSelector('#conn[data-state="online"]');
  writeSync(scanner.deviceFd(), Buffer.from(AN + '\r', 'utf8'));
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An', null, { timeout: 30_000 });
  t.pass('the patient read on COM7 appears on the reception page in Linux Chromium');
  await page.screenshot({ path: join(ARTIFACTS, 'windows-wine-reception.png') });
  t.same(errors, [], 'no errors in the page');
  await until(async () => (await com7())?.counters.successes === 1, 10_000);
  t.match(await com7(), { id: 'serial-1', transport: 'serial', simulated: false, counters: { scans: 1, successes: 1, errors: 0 } }, 'a success on COM7');

  wine.killAll(); // a power cut: nothing acknowledged may be lost
  t.notOk(await answers(`${url}/api/health`), 'stopped');
  await start();
  t.match(await com7(), { counters: { scans: 1, successes: 1 } }, 'the count survives the restart');
  writeSync(scanner.deviceFd(), Buffer.from(HUONG + '\r', 'utf8'));
  await until(async () => (await com7())?.counters.scans === 2, 10_000);
  t.match(await com7(), { counters: { scans: 2, successes: 2 } }, 'and goes on');
  wine.killAll();

  const report = await wine.run(['cmd', '/c', cmd, 'report', '--data-dir', 'C:\\desk-data', '--format', 'json'], join(logs, 'zip-report.out'), {
    timeoutMs: 120_000,
  });
  t.equal(report.code, 0, 'tiepnhan.cmd report exits 0');
  t.match(
    (JSON.parse(report.output.slice(report.output.indexOf('{'))) as PhuLuc03).rows.find((r) => r.level === 'total'),
    { accesses: 2, scans: 2 },
    'Phụ lục 03 counts the two COM7 reads',
  );
}

async function runInstaller(t: Test, wine: WinePrefix, built: BuiltPackage, logs: string): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = 'C:\\tiepnhan-test';
  const install = await wine.run([built.setup!, '/S', `/PORT=${port}`, `/D=${dir}`], join(logs, 'setup.log'));
  t.equal(install.code, 0, 'setup.exe /S exits 0');
  t.ok(existsSync(wine.unix(`${dir}\\node.exe`)), 'installed under the given folder');
  const programData = wine.unix('C:\\ProgramData\\tiepnhan');
  t.match(
    JSON.parse(readFileSync(join(programData, 'config.json'), 'utf8')),
    { port, dataDir: 'C:/ProgramData/tiepnhan/data' },
    'config written under ProgramData',
  );
  await until(() => answers(`${url}/api/health`), 90_000, 500);
  t.match(
    await json<HealthReport>(`${url}/api/health`),
    { storage: { ok: true, driver: 'node:sqlite' }, simulated: { scanners: ['sim-1'], gateway: true } },
    'the service started at install answers',
  );
  t.ok(existsSync(join(programData, 'data', 'tiepnhan.sqlite')), 'the database lives in ProgramData\\tiepnhan\\data');
  await until(async () => readdirSync(join(programData, 'logs')).some((f) => /^tiepnhan\.\d+\.log$/.test(f)), 10_000);
  const logFile = readdirSync(join(programData, 'logs')).find((f) => /^tiepnhan\.\d+\.log$/.test(f))!;
  t.match(readFileSync(join(programData, 'logs', logFile), 'utf8'), /tiepnhan listening on/, `the daemon logs to ProgramData\\tiepnhan\\logs\\${logFile}`);

  const startMenu = wine.unix('C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\tiepnhan');
  const entries = existsSync(startMenu) ? readdirSync(startMenu).sort() : [];
  t.same(
    entries,
    ['Báo cáo (reports).url', 'Kiosk (Edge).lnk', 'Kỹ thuật (technician).url', 'Thư mục dữ liệu (data and logs).lnk', 'Tiếp nhận - quầy (reception).url'],
    'Start-menu entries for every user',
  );
  t.match(readFileSync(join(startMenu, 'Tiếp nhận - quầy (reception).url'), 'utf8'), `URL=http://127.0.0.1:${port}/`, 'the reception entry opens this port');

  const sim1 = async (): Promise<DeviceView | undefined> => (await json<DeviceView[]>(`${url}/api/devices`)).find((d) => d.id === 'sim-1');
  const scan = await fetch(`${url}/api/simulators/sim-1/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload: AN }),
  });
  t.equal(scan.status, 200, 'the simulated scanner of the embedded defaults reads a card');
  await until(async () => (await sim1())?.counters.successes === 1, 15_000);

  // The CLI through tiepnhan.cmd: Vietnamese in and out intact (UTF-8 code page), the report read
  // from the service's data while it runs.
  const cardFile = join(logs, 'card.txt');
  writeFileSync(cardFile, AN + '\n');
  const parsed = await wine.run(['cmd', '/c', `${dir}\\tiepnhan.cmd`, 'parse'], join(logs, 'parse.out'), { stdinFile: cardFile, timeoutMs: 120_000 });
  t.equal(parsed.code, 0, 'tiepnhan.cmd parse exits 0');
  t.match(
    JSON.parse(parsed.output.trim().split('\n').pop()!),
    { ok: true, name: 'Nguyễn Văn An', address: /Phường Thụy Khuê/ },
    'Vietnamese read and printed intact',
  );
  const report = await wine.run(
    ['cmd', '/c', `${dir}\\tiepnhan.cmd`, 'report', '--format', 'json', '--config', 'C:\\ProgramData\\tiepnhan\\config.json'],
    join(logs, 'report.out'),
    { timeoutMs: 120_000 },
  );
  t.equal(report.code, 0, 'tiepnhan.cmd report exits 0');
  t.match(
    (JSON.parse(report.output.slice(report.output.indexOf('{'))) as PhuLuc03).rows.find((r) => r.level === 'total'),
    { accesses: 0, scans: 0 },
    'Phụ lục 03 from the installed data folder, where the only read was simulated: not reported',
  );

  // The service wrapper restarts a daemon that died (killed as Task Manager's "End task" would).
  const killed = await wine.run(['taskkill', '/F', '/IM', 'node.exe'], join(logs, 'taskkill.log'), { timeoutMs: 60_000 });
  t.equal(killed.code, 0, `node.exe killed: ${killed.output.trim()}`);
  await until(async () => !(await answers(`${url}/api/health`)), 20_000, 200).catch(() => undefined);
  await until(() => answers(`${url}/api/health`), 60_000, 500);
  t.match(await sim1(), { counters: { successes: 1 } }, 'back after node.exe was killed, count kept');

  const upgrade = await wine.run([built.setup!, '/S', `/PORT=${port + 1}`, `/D=${dir}`], join(logs, 'setup-upgrade.log'));
  t.equal(upgrade.code, 0, 'installing again (an upgrade) exits 0');
  t.match(JSON.parse(readFileSync(join(programData, 'config.json'), 'utf8')), { port }, 'the existing config is kept');
  await until(() => answers(`${url}/api/health`), 90_000, 500);
  t.match(await sim1(), { counters: { successes: 1 } }, 'and so is the data');

  const uninstall = await wine.run([wine.unix(`${dir}\\uninstall.exe`), '/S', `_?=${dir}`], join(logs, 'uninstall.log'));
  t.equal(uninstall.code, 0, 'uninstall.exe /S exits 0');
  await until(async () => !(await answers(`${url}/api/health`)), 30_000, 500);
  t.pass('the service is gone');
  t.notOk(existsSync(wine.unix(`${dir}\\node.exe`)), 'the program files are removed');
  t.ok(existsSync(join(programData, 'data', 'tiepnhan.sqlite')), 'the data is kept (a silent uninstall never deletes it)');
  t.ok(existsSync(join(programData, 'config.json')), 'and the config');
  t.notOk(existsSync(startMenu), 'the Start-menu entries are removed');
  const query = await wine.run(['sc', 'query', 'tiepnhan'], join(logs, 'sc.log'), { timeoutMs: 60_000 });
  t.notMatch(query.output, /SERVICE_NAME: tiepnhan/, 'the service is no longer registered');
}
