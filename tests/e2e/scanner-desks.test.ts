// Scanners that keep their identity and their desk: a serial scanner replugged into another port (a
// new path) is the same device with continuous counters, across a restart too; a HID scanner lands on
// the desk a config rule gives it; a technician's assignment on /tech survives a restart and is
// audited; a keyboard-mode scanner outside Linux is a device entry that says what to do. Discovery
// runs for real over stand-in enumerations (the machine has no USB scanners).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { DeviceView, ScanMessage } from '../../daemon/src/api/contract.ts';
import type { HidDeviceInfo } from '../../daemon/src/devices/discovery.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';
import { FakeScanner } from '../helpers/fake-scanner.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Hà Nội|20042021';
const HUONG = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';
const DESKS = { facility: { stations: [{ id: 'main', desks: ['desk-1', 'desk-2', 'desk-7'] }] } };

/** A serial port enumeration the test changes at will, and the transports discovery opened on it. */
function usbBus() {
  const bus = {
    ports: [] as Array<{ path: string; vendorId: string; productId: string; serialNumber?: string; locationId?: string }>,
    opened: new Map<string, FakeScanner>(),
  };
  return {
    bus,
    override: {
      serialLister: async () => bus.ports,
      openSerial: (spec: { path: string }, identity?: Record<string, string | undefined>) => {
        const s = new FakeScanner('serial', {
          path: spec.path,
          vendorId: identity?.['vendorId'],
          productId: identity?.['productId'],
          serialNumber: identity?.['serialNumber'],
        });
        bus.opened.set(spec.path, s);
        return s;
      },
    },
  };
}

const devicesOf = async (url: string) => ((await (await fetch(`${url}/api/devices`)).json()) as DeviceView[]).filter((d) => !d.simulated);

t.test('replugged on a new path: one device, counters continuous, across a restart; a technician’s desk stays', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-desks-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const { bus, override } = usbBus();
  const config = { ...DESKS, discovery: { serial: true, hid: false, intervalMs: 500 } };
  bus.ports = [{ path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', serialNumber: '21045B1234' }];
  const a = await startTestDaemon(t, { dataDir, config, override });
  await until(async () => (await devicesOf(a.url)).some((d) => d.power === 'online'), 5000);
  t.match(
    await devicesOf(a.url),
    [{ id: 'usb-21045B1234', path: '/dev/ttyACM0', desk: 'desk-1', deskSource: 'default' }],
    'found; no rule, so the default desk',
  );
  const socket = await a.connect();
  let shown = next<ScanMessage>(socket, 'scan');
  bus.opened.get('/dev/ttyACM0')!.scan(AN);
  await shown;

  bus.opened.get('/dev/ttyACM0')!.unplug();
  bus.ports = [{ path: '/dev/ttyACM1', vendorId: '0c2e', productId: '0b61', serialNumber: '21045B1234' }];
  await until(async () => (await devicesOf(a.url)).some((d) => d.path === '/dev/ttyACM1' && d.power === 'online'), 5000);
  shown = next<ScanMessage>(socket, 'scan');
  bus.opened.get('/dev/ttyACM1')!.scan(HUONG);
  t.match(await shown, { deviceId: 'usb-21045B1234' }, 'the read from the new port is the same device');
  await until(async () => (await devicesOf(a.url))[0]?.counters.scans === 2, 3000);
  const after = await devicesOf(a.url);
  t.equal(after.length, 1, 'one device, not a "-2"');
  t.match(after[0], { id: 'usb-21045B1234', path: '/dev/ttyACM1', counters: { scans: 2 }, statistics: { reconnects: 1 } });

  const assign = await fetch(`${a.url}/api/devices/usb-21045B1234/desk`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ desk: 'desk-7' }),
  });
  t.match(await assign.json(), { desk: 'desk-7', deskSource: 'technician' });
  t.equal(
    (
      await fetch(`${a.url}/api/devices/usb-21045B1234/desk`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ desk: 'desk-99' }),
      })
    ).status,
    400,
    'only a desk of the facility',
  );
  t.equal(
    (
      await fetch(`${a.url}/api/devices/sim-1/desk`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ desk: 'desk-2' }),
      })
    ).status,
    409,
    'a configured scanner’s desk is in the config',
  );
  shown = next<ScanMessage>(socket, 'scan');
  bus.opened.get('/dev/ttyACM1')!.scan(AN);
  t.match(await shown, { desk: 'desk-7' }, 'the next read belongs to the new desk');
  await a.stop();

  // Restart, and the scanner now on a third path.
  bus.ports = [{ path: '/dev/ttyACM2', vendorId: '0c2e', productId: '0b61', serialNumber: '21045B1234' }];
  const b = await startTestDaemon(t, { dataDir, config, override });
  await until(async () => (await devicesOf(b.url)).some((d) => d.power === 'online'), 5000);
  t.match(
    await devicesOf(b.url),
    [{ id: 'usb-21045B1234', path: '/dev/ttyACM2', desk: 'desk-7', deskSource: 'technician', counters: { scans: 3 } }],
    'same id, same desk, counters go on',
  );
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const audit = (await (await fetch(`${b.url}/api/audit?from=${today}&to=${today}`)).json()) as {
    entries: Array<{ action: string; subject: string | null; desk: string }>;
  };
  t.match(
    audit.entries.filter((e) => e.action === 'assignDesk'),
    [{ subject: 'device:usb-21045B1234', desk: 'desk-7' }],
    'the assignment is audited',
  );
});

t.test('two scanners plugged in at once with the same serial number are two devices', async (t) => {
  const { bus, override } = usbBus();
  bus.ports = [
    { path: '/dev/ttyACM0', vendorId: '1eab', productId: '1d06', serialNumber: 'NLS-12345678' },
    { path: '/dev/ttyACM1', vendorId: '1eab', productId: '1d06', serialNumber: 'NLS-12345678' },
  ];
  const d = await startTestDaemon(t, { config: { ...DESKS, discovery: { serial: true, hid: false, intervalMs: 500 } }, override });
  await until(async () => (await devicesOf(d.url)).filter((x) => x.power === 'online').length === 2, 5000);
  await new Promise((r) => setTimeout(r, 1200)); // two more discovery rounds: neither may take the other's place
  const devices = await devicesOf(d.url);
  t.same(devices.map((x) => [x.id, x.path]).sort(), [
    ['usb-NLS-12345678', '/dev/ttyACM0'],
    ['usb-NLS-12345678-2', '/dev/ttyACM1'],
  ]);
  t.ok(
    devices.every((x) => x.statistics.reconnects === 0),
    'and they do not swap paths back and forth',
  );
});

t.test('Windows COM ports as serialport lists them: a real serial number or, failing it, the USB port keeps the device', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-desks-win-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const { bus, override } = usbBus();
  const config = {
    ...DESKS,
    discovery: { serial: true, hid: false, intervalMs: 500, deskRules: [{ path: 'Port_#0004.Hub_#0001', desk: 'desk-2' }] },
  };
  // serialport's Windows lister: upper-case hex ids; the serial number parsed out of the PnP id, which
  // for a scanner without one is the instance id Windows makes up for that USB port.
  bus.ports = [
    { path: 'COM3', vendorId: '0C2E', productId: '0B61', serialNumber: '21045B1234', locationId: 'Port_#0003.Hub_#0001' },
    { path: 'COM5', vendorId: '1EAB', productId: '1D06', serialNumber: '5&2BA34F2C&0&4', locationId: 'Port_#0004.Hub_#0001' },
  ];
  const d = await startTestDaemon(t, { dataDir, config, override });
  await until(async () => (await devicesOf(d.url)).filter((x) => x.power === 'online').length === 2, 5000);
  const first = await devicesOf(d.url);
  t.match(
    first.map((x) => [x.id, x.path, x.desk]).sort(),
    [
      ['usb-1EAB', 'COM5', 'desk-2'],
      ['usb-21045B1234', 'COM3', 'desk-1'],
    ],
    'the made-up instance id is not taken for a serial number; the port rule puts the second scanner on desk-2',
  );
  const socket = await d.connect();
  const shown = next<ScanMessage>(socket, 'scan');
  bus.opened.get('COM5')!.scan(AN);
  await shown;

  // Windows gives a replugged scanner a new COM number; the port-less one stays in its USB port.
  bus.ports = [
    { path: 'COM8', vendorId: '0C2E', productId: '0B61', serialNumber: '21045B1234', locationId: 'Port_#0001.Hub_#0002' },
    { path: 'COM9', vendorId: '1EAB', productId: '1D06', serialNumber: '5&2BA34F2C&0&4', locationId: 'Port_#0004.Hub_#0001' },
  ];
  await until(async () => (await devicesOf(d.url)).filter((x) => x.power === 'online' && ['COM8', 'COM9'].includes(x.path ?? '')).length === 2, 5000);
  const after = await devicesOf(d.url);
  t.match(
    after.map((x) => [x.id, x.path]).sort(),
    [
      ['usb-1EAB', 'COM9'],
      ['usb-21045B1234', 'COM8'],
    ],
    'same two devices on their new COM ports, no new ones',
  );
  t.match(
    after.find((x) => x.id === 'usb-1EAB'),
    { counters: { scans: 1, successes: 1 } },
    'and the counters continue',
  );
});

function hidBus(devices: HidDeviceInfo[]) {
  const opened = new Map<string, FakeScanner>();
  return {
    opened,
    override: {
      hidLoader: async () => ({ devicesAsync: async () => devices }),
      openHid: (info: HidDeviceInfo, mode: 'hidPos' | 'hidKeyboard') => {
        const s = new FakeScanner(mode, { path: info.path!, serialNumber: info.serialNumber });
        opened.set(info.path!, s);
        return s;
      },
    },
  };
}

t.test('a HID scanner a config rule names lands on its desk', async (t) => {
  const { opened, override } = hidBus([
    { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', usagePage: 0x8c, usage: 0x02, serialNumber: 'HID77-2044' },
  ]);
  const d = await startTestDaemon(t, {
    config: {
      ...DESKS,
      discovery: {
        serial: false,
        hid: true,
        intervalMs: 500,
        deskRules: [
          { vendorId: '0c2e', productId: '0b88', desk: 'desk-2' },
          { serialNumber: 'HID77-2044', desk: 'desk-7' },
        ],
      },
    },
    override,
  });
  await until(async () => (await devicesOf(d.url)).length === 1, 5000);
  t.match(
    await devicesOf(d.url),
    [{ id: 'hid-0c2e-0b87-HID77-2044', transport: 'hidPos', desk: 'desk-7', deskSource: 'rule' }],
    'the serial-number rule matched (the first rule names another product)',
  );
  const socket = await d.connect();
  const shown = next<ScanMessage>(socket, 'scan');
  opened.get('/dev/hidraw3')!.scan(AN);
  t.match(await shown, { desk: 'desk-7', ok: true });
});

t.test('a keyboard-mode scanner on Windows or macOS: a device entry that says to switch it', async (t) => {
  const { opened, override } = hidBus([
    { vendorId: 0x0c2e, productId: 0x0b01, path: '\\\\?\\hid#vid_0c2e&pid_0b01#7&1a2b&0&0000', usagePage: 0x01, usage: 0x06 },
  ]);
  for (const platform of ['win32', 'darwin'] as const) {
    const d = await startTestDaemon(t, { config: { discovery: { serial: false, hid: true, intervalMs: 500 } }, override: { ...override, platform } });
    await until(async () => (await devicesOf(d.url)).length === 1, 5000);
    t.match(
      (await devicesOf(d.url))[0],
      {
        id: 'hid-0c2e-0b01',
        transport: 'hidKeyboard',
        state: 'closed',
        health: { level: 'error', code: 'SCANNER_KEYBOARD_MODE', vi: /USB-COM hoặc HID-POS/, en: /USB-COM or HID-POS/ },
      },
      `${platform}: listed with the instruction`,
    );
    t.equal(opened.size, 0, `${platform}: never opened (the OS owns it)`);
    await d.stop();
  }
});
