// node-hid that fails to load (no libusb) and serial discovery that fails (no udevadm) disable only
// themselves, with a message a technician can act on; scanning goes on.
import t from 'tap';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import type { HealthReport } from '../../daemon/src/http/app.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';

t.test('HID and serial discovery failing leave the daemon running', async (t) => {
  const d = await startTestDaemon(t, {
    config: { discovery: { serial: true } },
    override: {
      hidLoader: async () => {
        throw new Error('libusb-1.0.so.0: cannot open shared object file');
      },
      serialLister: async () => {
        throw new Error('spawn udevadm ENOENT');
      },
    },
  });
  const health = (await (await fetch(`${d.url}/api/health`)).json()) as HealthReport;
  t.match(health.hid, { available: false, en: /HID scanners disabled/, vi: /node-hid/, detail: /libusb/ });
  t.match(health.serialDiscovery, { available: false, en: /--serial/, detail: /udevadm/ });
  t.ok(
    d.logs.some((l) => l.includes('HID scanners disabled')),
    'the log says so too',
  );
  const socket = await d.connect();
  const got = next<ScanMessage>(socket, 'scan');
  await d.wiring.simScanners[0]!.scan('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021');
  t.match(await got, { ok: true });
});

t.test('a scanner configured at a path that does not exist is offline, not fatal', async (t) => {
  // A real scanner turns simulators off unless asked for: asked for here, as the still-working one.
  const d = await startTestDaemon(t, {
    config: { scanners: [{ id: 'desk2', path: '/dev/does-not-exist-ttyACM9', baudRate: 115200 }], simulators: { enabled: true, gateway: { latencyMs: 0 } } },
  });
  const devices = (await (await fetch(`${d.url}/api/devices`)).json()) as Array<{ id: string; power: string; lastError: string }>;
  t.match(
    devices.find((x) => x.id === 'desk2'),
    { power: 'offline', lastError: /does-not-exist/ },
  );
  t.match(
    devices.find((x) => x.id === 'sim-1'),
    { power: 'online' },
  );
});
