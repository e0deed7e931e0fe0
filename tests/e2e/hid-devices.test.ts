// HID scanners through the whole daemon. No USB hardware exists here: the devices are simulators
// that emit the exact report bytes of real Honeywell / Newland HID-POS and keyboard-wedge scanners.
import t from 'tap';
import type { DeviceView, ScanMessage } from '../../daemon/src/api/contract.ts';
import { hidTransportFactory } from '../../daemon/src/wiring.ts';
import { SimulatedHidScanner } from '../../simulators/src/scanner/simulated-hid.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

async function devices(url: string): Promise<DeviceView[]> {
  return (await (await fetch(`${url}/api/devices`)).json()) as DeviceView[];
}

t.test('simulated HID-POS and keyboard scanners from the config', async (t) => {
  const d = await startTestDaemon(t, {
    config: {
      simulators: {
        scanners: [],
        gateway: { latencyMs: 0 },
        hidScanners: [
          { id: 'hid-1', family: 'honeywell' },
          { id: 'kbd-1', family: 'keyboard' },
        ],
      },
    },
  });
  const socket = await d.connect();
  let got = next<ScanMessage>(socket, 'scan');
  const res = await fetch(`${d.url}/api/simulators/hid-1/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload: AN }),
  });
  t.equal(res.status, 200);
  t.match(await got, { ok: true, deviceId: 'hid-1', identity: { name: 'Nguyễn Văn An' } }, 'a 146-byte payload over three HID-POS reports');

  got = next<ScanMessage>(socket, 'scan');
  await d.wiring.simScanners.find((s) => s.id === 'kbd-1')!.hid!.scan(AN, { intervalMs: 0 });
  const kbd = await got;
  t.equal(kbd.deviceId, 'kbd-1');
  t.notMatch(JSON.stringify(kbd.identity), /Nguyễn/, 'keyboard mode cannot carry Vietnamese letters');
  const list = await devices(d.url);
  t.match(
    list.find((x) => x.id === 'kbd-1'),
    { mode: 'hidKeyboard', health: { level: 'warning', en: /keyboard mode.*USB-COM or HID-POS/ } },
  );
  t.match(
    list.find((x) => x.id === 'hid-1'),
    { mode: 'hidPos', power: 'online', counters: { scans: 1, successes: 1 }, health: { level: 'ok' } },
  );
});

t.test('discovery attaches a HID-POS scanner with a known layout and refuses an unknown one', async (t) => {
  const honeywell = new SimulatedHidScanner({ kind: 'hidPos', family: 'honeywell' }, '/dev/hidraw7');
  const zebra = new SimulatedHidScanner({ kind: 'hidPos', family: 'honeywell' }, '/dev/hidraw8');
  const open = async (path: string) => (path === honeywell.path ? honeywell.opener(path) : zebra.opener(path));
  const d = await startTestDaemon(t, {
    config: { simulators: { scanners: [], gateway: { latencyMs: 0 } }, discovery: { serial: false, hid: true } },
    override: {
      hidLoader: async () => ({
        devicesAsync: async () => [
          { vendorId: 0x0c2e, productId: 0x0b81, path: honeywell.path, usagePage: 0x8c, usage: 0x02, product: 'Voyager 1400g' },
          { vendorId: 0x05e0, productId: 0x1300, path: zebra.path, usagePage: 0x8c, usage: 0x02, product: 'Symbol' },
          { vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0', usagePage: 0x01, usage: 0x06, product: 'an ordinary keyboard' },
        ],
      }),
      openHid: hidTransportFactory(open),
    },
  });
  const list = await devices(d.url);
  t.same(
    list.map((x) => x.id),
    ['hid-0c2e-0b81'],
    'only the Honeywell is attached; the ordinary keyboard is ignored',
  );
  t.match(list[0], { mode: 'hidPos', vendorId: '0c2e', productId: '0b81', simulated: false, power: 'online' });
  t.ok(
    d.logs.some((l) => l.includes('unknown HID-POS report layout') && l.includes('05e0')),
    'the Zebra is refused loudly',
  );
  const socket = await d.connect();
  const got = next<ScanMessage>(socket, 'scan');
  await honeywell.scan(AN);
  t.match(await got, { ok: true, deviceId: 'hid-0c2e-0b81' });
});
