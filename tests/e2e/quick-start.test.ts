// The README's quick start, as a user runs it: `tiepnhan start`, then `tiepnhan simulate scan …`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient } from 'socket.io-client';
import t from 'tap';
import type { DeviceView, EligibilityMessage, ScanMessage } from '../../daemon/src/api/contract.ts';
import { freePort, runCli, startCli } from '../helpers/cli.ts';
import { next } from '../helpers/daemon.ts';
import { ptyRequirement } from '../helpers/socat.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('start + simulate scan: the patient and an eligibility result arrive, sim-1 counts one success', ptyRequirement(), async (t) => {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-cli-'));
  const daemon = await startCli(['start', '--port', String(port), '--data-dir', dataDir], `http://127.0.0.1:${port}/api/health`);
  t.teardown(async () => {
    await daemon.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
  t.match(page, /Tiếp nhận người bệnh/, 'the kiosk page is served at /');
  t.match(daemon.output(), /SIMULATED BHXH gateway/, 'the log says the gateway is simulated');
  t.match(daemon.output(), /SIMULATED scanner/, 'the log says the scanner is simulated');

  const socket = ioClient(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, auth: { view: 'all' } });
  t.teardown(() => socket.close());
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const scan = next<ScanMessage>(socket, 'scan');
  const elig = next<EligibilityMessage>(socket, 'eligibility');
  const sim = await runCli(['simulate', 'scan', AN, '--port', String(port)]);
  t.equal(sim.code, 0, sim.stderr);
  t.match(await scan, { identity: { name: 'Nguyễn Văn An' } });
  t.match(await elig, { outcome: 'eligible', simulated: true });
  const devices = (await (await fetch(`http://127.0.0.1:${port}/api/devices`)).json()) as DeviceView[];
  t.match(
    devices.find((d) => d.id === 'sim-1'),
    { counters: { scans: 1, successes: 1 } },
  );

  const unknown = await runCli(['simulate', 'scan', AN, '--port', String(port), '--device', 'nope']);
  t.equal(unknown.code, 1, 'an unknown simulated device is an error');
  t.match(unknown.stderr, /SIMULATOR_NOT_FOUND/);

  const sim1 = async (): Promise<DeviceView> =>
    ((await (await fetch(`http://127.0.0.1:${port}/api/devices`)).json()) as DeviceView[]).find((d) => d.id === 'sim-1')!;
  t.equal((await runCli(['simulate', 'unplug', '--port', String(port)])).code, 0);
  await until(async () => (await sim1()).power === 'offline');
  t.pass('simulate unplug takes sim-1 offline');
  t.equal((await runCli(['simulate', 'replug', '--port', String(port)])).code, 0);
  await until(async () => (await sim1()).power === 'online');
  t.pass('simulate replug brings it back');

  const fleet = await runCli(['simulate', 'fleet', '--rate', '5', '--seconds', '1', '--port', String(port)]);
  t.equal(fleet.code, 0, fleet.stderr);
  const report = JSON.parse(fleet.stdout) as { sent: number; failures: number };
  t.ok(report.sent >= 3, `fleet sent ${report.sent} scans`);
  await until(async () => (await sim1()).counters.scans === 1 + report.sent);
  t.match(await sim1(), { counters: { successes: 1 + report.sent, errors: 0 } });
});

t.test('simulate without a daemon says so in both languages', async (t) => {
  const r = await runCli(['simulate', 'scan', 'x', '--port', String(await freePort())]);
  t.equal(r.code, 1);
  t.match(r.stderr, /Không kết nối được.*cannot reach/);
});
