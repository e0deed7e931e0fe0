// Hotplug by polling, with the real device manager and scanner registry (SQLite), scanners simulated
// at the paths discovery reports (tests/helpers/fake-scanner.ts for serial ports, the simulated HID
// scanner of simulators/src/scanner/simulated-hid.ts for HID-POS): a scanner plugged in is attached
// once, on the desk a technician gave it, else a rule's, else the default; replugged elsewhere it is
// the same device with its counters; two scanners sharing one serial number stay two; a device that
// cannot be read is refused once, not every round; a keyboard-mode scanner on Windows is listed with
// what to do. Enumeration that fails backs off up to a minute and is reported once, in both languages.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import type { DeviceView } from '../../../../daemon/src/api/contract.ts';
import { DeviceManager } from '../../../../daemon/src/devices/device-manager.ts';
import type { DeskRule } from '../../../../daemon/src/devices/devices-config.ts';
import { DiscoveryLoop } from '../../../../daemon/src/devices/discovery-loop.ts';
import type { HidDeviceInfo, SerialCandidate } from '../../../../daemon/src/devices/discovery.ts';
import { hidIds } from '../../../../daemon/src/devices/scanner-identity.ts';
import { ScannerRegistry } from '../../../../daemon/src/devices/scanner-registry.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { HidPosTransport } from '../../../../drivers/src/hid-pos/hid-pos-transport.ts';
import { layoutForVendor } from '../../../../drivers/src/hid-pos/layouts.ts';
import type { ScannerTransport } from '../../../../drivers/src/transport.ts';
import { SimulatedHidScanner } from '../../../../simulators/src/scanner/simulated-hid.ts';
import { FakeScanner } from '../../../helpers/fake-scanner.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const INTERVAL = 5_000;

/** One migrated SQLite file for the whole file (the subtests run one after another); each rig empties the registry. */
let shared: Promise<Db> | null = null;
function database(): Promise<Db> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
    const db = await Db.open(join(dir, 'db.sqlite'));
    t.teardown(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });
    await migrate(db);
    return db;
  })();
  return shared;
}

interface LogLine {
  level: number;
  msg: string;
  module?: string;
  detail?: string;
  vendorId?: string;
  productId?: string;
}

interface Options {
  serial?: boolean;
  hid?: boolean;
  deskRules?: DeskRule[];
  platform?: NodeJS.Platform;
}

/** The machine as discovery sees it (its ports and HID devices, changed by the test), the registry,
 *  and `boot()`: a daemon's device manager and discovery loop over them (call again for a restart). */
async function rig(t: Test, o: Options = {}) {
  const db = await database();
  await db.run('DELETE FROM scanner_registry');
  const registry = new ScannerRegistry({ db, now: () => new Date() });
  const machine = {
    ports: [] as SerialCandidate[],
    hid: [] as HidDeviceInfo[],
    serialFails: false,
    hidFails: false,
    listings: 0,
    /** While set, a serial listing waits for it (a slow enumeration). */
    hold: null as Promise<void> | null,
  };
  const serialAt = new Map<string, FakeScanner>();
  const simulatedHid = new Map<string, SimulatedHidScanner>();
  const opened: string[] = [];
  const lines: LogLine[] = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  const managers: DeviceManager[] = [];
  t.teardown(async () => {
    for (const m of managers) await m.close();
  });

  const openHid = (info: HidDeviceInfo, mode: 'hidPos' | 'hidKeyboard'): ScannerTransport | string => {
    opened.push(`${mode} ${info.path}`);
    const identity = { path: info.path!, ...hidIds(info.vendorId, info.productId), serialNumber: info.serialNumber };
    const layout = layoutForVendor(info.vendorId);
    if (mode === 'hidKeyboard') return new FakeScanner('hidKeyboard', identity);
    if (!layout) return 'unknown HID-POS report layout for this vendor: not read (configure the scanner as USB-COM instead)';
    return new HidPosTransport({ identity, layout, open: simulatedHid.get(info.path!)!.opener });
  };

  const boot = () => {
    const bus = new EventBus(log);
    const devices = new DeviceManager({ bus, log, initialCounters: new Map() });
    managers.push(devices);
    const loop = new DiscoveryLoop({
      config: {
        discovery: { serial: o.serial ?? true, hid: o.hid ?? false, intervalMs: INTERVAL, deskRules: o.deskRules ?? [], defaultDesk: 'desk-9' },
      },
      devices,
      log: log.child({ module: 'discovery' }),
      serialLister: async () => {
        machine.listings++;
        await machine.hold;
        if (machine.serialFails) throw new Error('spawn udevadm ENOENT');
        return machine.ports;
      },
      hidLoader: async () => {
        if (machine.hidFails) throw new Error('libusb-1.0.so.0: cannot open shared object file');
        return { devicesAsync: async () => machine.hid };
      },
      openSerial: (spec, identity) => {
        opened.push(`serial ${spec.path}`);
        const s = new FakeScanner('serial', { ...identity, path: spec.path });
        serialAt.set(spec.path, s);
        return s;
      },
      openHid,
      registry,
      platform: o.platform ?? 'linux',
    });
    const list = (): DeviceView[] => devices.snapshot().sort((a, b) => a.id.localeCompare(b.id));
    return { devices, loop, list };
  };

  /** A HID-POS scanner plugged in: listed by node-hid, readable through the simulated device. */
  const plugHidPos = (info: HidDeviceInfo): SimulatedHidScanner => {
    const sim = new SimulatedHidScanner({ kind: 'hidPos', family: 'honeywell' }, info.path);
    simulatedHid.set(info.path!, sim);
    machine.hid.push(info);
    return sim;
  };

  return { machine, registry, boot, serialAt, plugHidPos, opened, lines };
}

const HONEYWELL: SerialCandidate = {
  path: '/dev/ttyACM0',
  vendorId: '0c2e',
  productId: '0b61',
  serialNumber: '21187B0042',
  manufacturer: 'Honeywell',
  locationId: '1-1.2',
};
const CH340: SerialCandidate = { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' };

t.test("a scanner maker's serial port is attached once, on the default desk; other ports are left alone", async (t) => {
  const r = await rig(t);
  const { loop, list } = r.boot();
  t.match(loop.status.serial, { available: false, vi: 'Chưa dò cổng COM.', en: 'Serial ports not probed yet.' }, 'before the first round');
  r.machine.ports = [HONEYWELL, CH340];
  await loop.runOnce();
  t.match(list(), [
    {
      id: 'usb-21187B0042',
      desk: 'desk-9',
      deskSource: 'default',
      simulated: false,
      path: '/dev/ttyACM0',
      vendorId: '0c2e',
      serialNumber: '21187B0042',
      manufacturer: 'Honeywell',
      power: 'online',
    },
  ]);
  t.match(loop.status.serial, { available: true, en: 'Serial discovery works.' });
  t.same(await r.registry.lookup('sn:0c2e:0b61:21187B0042'), { deviceId: 'usb-21187B0042', desk: null }, 'remembered by its serial number');
  await loop.runOnce();
  await loop.runOnce();
  t.equal(list().length, 1, 'later rounds attach nothing new');
  t.same(r.opened, ['serial /dev/ttyACM0'], 'and open nothing again');
});

t.test('replugged into another port: the same device on its new path, counters kept', async (t) => {
  const r = await rig(t);
  const { devices, loop, list } = r.boot();
  r.machine.ports = [HONEYWELL];
  await loop.runOnce();
  devices.count('usb-21187B0042', 'scan', 'success', null);
  r.serialAt.get('/dev/ttyACM0')!.unplug();
  r.machine.ports = [];
  t.match(list(), [{ power: 'offline' }], 'unplugged: offline at once');
  r.machine.ports = [{ ...HONEYWELL, path: '/dev/ttyACM1', locationId: '1-1.4' }];
  await loop.runOnce();
  t.match(list(), [{ id: 'usb-21187B0042', path: '/dev/ttyACM1', power: 'online', counters: { scans: 1, successes: 1 } }], 'one device, not two');
});

t.test('two scanners plugged in at once with one serial number are two devices, and stay so after a restart', async (t) => {
  const r = await rig(t);
  const twin = (path: string, locationId: string): SerialCandidate => ({ path, vendorId: '0c2e', productId: '0b61', serialNumber: 'ABCD1234', locationId });
  r.machine.ports = [twin('/dev/ttyACM0', '1-1.2'), twin('/dev/ttyACM1', '1-1.3')];
  const first = r.boot();
  await first.loop.runOnce();
  await first.loop.runOnce();
  const ids = first.list().map((d) => `${d.id} ${d.path}`);
  t.same(ids, ['usb-ABCD1234 /dev/ttyACM0', 'usb-ABCD1234-2 /dev/ttyACM1'], 'the second is known by its path, under an id of its own');
  await first.devices.close();
  const second = r.boot();
  await second.loop.runOnce();
  t.same(
    second.list().map((d) => `${d.id} ${d.path}`),
    ids,
    'after a restart each keeps its id (and so its counters)',
  );
});

t.test("the desk: the technician's, else the first matching rule, else the default", async (t) => {
  const r = await rig(t, { deskRules: [{ desk: 'quay-2', vendorId: '0C2E', productId: '0b61' }] });
  const NEWLAND: SerialCandidate = { path: '/dev/ttyACM1', vendorId: '1eab', productId: '1d06', serialNumber: 'NL000777' };
  r.machine.ports = [HONEYWELL, NEWLAND];
  const first = r.boot();
  await first.loop.runOnce();
  t.match(first.list(), [
    { id: 'usb-21187B0042', desk: 'quay-2', deskSource: 'rule' },
    { id: 'usb-NL000777', desk: 'desk-9', deskSource: 'default' },
  ]);
  t.ok(await r.registry.assign('usb-21187B0042', 'quay-5', 'kythuat'), 'a technician moves it on /tech');
  await first.devices.close();
  const second = r.boot();
  await second.loop.runOnce();
  t.match(
    second.list(),
    [{ id: 'usb-21187B0042', desk: 'quay-5', deskSource: 'technician' }, { desk: 'desk-9' }],
    "the technician's choice wins over the rule",
  );
});

t.test('a new scanner never takes the id of one met before (it would take its counters)', async (t) => {
  const r = await rig(t);
  await r.registry.seen('port:0c2e:0b61:2-1', 'usb-0c2e', '/dev/ttyACM3');
  await r.registry.seen('port:0c2e:0b61:2-2', 'usb-0c2e-2', '/dev/ttyACM4');
  const { loop, list } = r.boot();
  r.machine.ports = [{ path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', serialNumber: '0', locationId: '3-1' }];
  await loop.runOnce();
  t.match(list(), [{ id: 'usb-0c2e-3', path: '/dev/ttyACM0' }]);
});

t.test('a HID-POS scanner found by discovery is opened and its reads reach the pipeline', async (t) => {
  const r = await rig(t, { serial: false, hid: true });
  const sim = r.plugHidPos({ vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw2', usagePage: 0x8c, usage: 0x02, serialNumber: 'HP0001' });
  const { devices, loop, list } = r.boot();
  const reads: string[] = [];
  devices.onRead(async (d, read) => void reads.push(`${d.id}@${d.desk}: ${read.bytes.toString('utf8')}`));
  await loop.runOnce();
  t.match(list(), [{ id: 'hid-0c2e-0b87-HP0001', transport: 'hidPos', vendorId: '0c2e', productId: '0b87', power: 'online' }]);
  t.match(loop.status.hid, { available: true, en: 'HID access works.' });
  await sim.scan(AN, { intervalMs: 0 });
  t.same(reads, [`hid-0c2e-0b87-HP0001@desk-9: ${AN}`], 'the whole card, Vietnamese intact');
});

t.test('a HID device that cannot be read is refused once, with the reason, and not tried every round', async (t) => {
  const r = await rig(t, { serial: false, hid: true });
  r.machine.hid = [{ vendorId: 0x05e0, productId: 0x1900, path: '/dev/hidraw5', usagePage: 0x8c, usage: 0x02 }];
  const { loop, list } = r.boot();
  await loop.runOnce();
  await loop.runOnce();
  t.same(list(), [], 'not attached');
  t.same(r.opened, ['hidPos /dev/hidraw5'], 'asked once');
  t.match(
    r.lines.filter((l) => l.level === 50),
    [{ msg: /unknown HID-POS report layout.*USB-COM/, vendorId: '05e0', productId: '1900' }],
    'the technician reads why',
  );
});

t.test('a refused HID path is forgotten once its device is gone: Linux gives the number to the next one plugged in', async (t) => {
  const r = await rig(t, { serial: false, hid: true });
  r.machine.hid = [{ vendorId: 0x05e0, productId: 0x1900, path: '/dev/hidraw5', usagePage: 0x8c, usage: 0x02 }];
  const { loop, list } = r.boot();
  await loop.runOnce();
  r.machine.hid = [];
  await loop.runOnce();
  r.plugHidPos({ vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw5', usagePage: 0x8c, usage: 0x02 });
  await loop.runOnce();
  t.same(r.opened, ['hidPos /dev/hidraw5', 'hidPos /dev/hidraw5'], 'the Honeywell at the reused path is opened');
  t.match(list(), [{ transport: 'hidPos', path: '/dev/hidraw5' }], 'and attached');
});

t.test('a keyboard-mode scanner: listed with what to do where the OS keeps it, opened on Linux', async (t) => {
  const wedge: HidDeviceInfo = {
    vendorId: 0x27dd,
    productId: 0x0103,
    path: '\\\\?\\HID#VID_27DD&PID_0103',
    usagePage: 0x01,
    usage: 0x06,
    product: 'Mindeo MD6600',
  };
  const windows = await rig(t, { serial: false, hid: true, platform: 'win32' });
  windows.machine.hid = [wedge];
  const w = windows.boot();
  for (let round = 0; round < 5; round++) await w.loop.runOnce();
  t.match(w.list(), [
    {
      id: 'hid-27dd-0103',
      transport: 'hidKeyboard',
      state: 'closed',
      product: 'Mindeo MD6600',
      health: { level: 'error', code: 'SCANNER_KEYBOARD_MODE', vi: /chế độ bàn phím/, en: /keyboard mode/ },
    },
  ]);
  t.same(windows.opened, [], 'never opened: Windows keeps keyboards to itself');
  t.match(
    windows.lines.filter((l) => l.level === 40),
    [{ msg: /keyboard mode: Vietnamese will be garbled/, vendorId: '27dd', productId: '0103' }],
    'said once, not every round (5 rounds here; a desk runs one every 5 s all day)',
  );
  t.equal(windows.lines.filter((l) => l.level === 40).length, 1);

  const linux = await rig(t, { serial: false, hid: true, platform: 'linux' });
  linux.machine.hid = [{ ...wedge, path: '/dev/hidraw3' }];
  const l = linux.boot();
  await l.loop.runOnce();
  t.same(linux.opened, ['hidKeyboard /dev/hidraw3'], 'on Linux its hidraw node is read');
  t.match(l.list(), [{ id: 'hid-27dd-0103', power: 'online', health: { level: 'warning' } }]);
});

t.test('node-hid failing to load: HID reported unavailable once, serial scanners still attached', async (t) => {
  const r = await rig(t, { serial: true, hid: true });
  r.machine.hidFails = true;
  r.machine.ports = [HONEYWELL];
  const { loop, list } = r.boot();
  await loop.runOnce();
  await loop.runOnce();
  t.match(loop.status.hid, { available: false, vi: /không tải được node-hid/, en: /node-hid failed to load/, detail: /libusb/ });
  t.match(list(), [{ id: 'usb-21187B0042', power: 'online' }]);
  t.equal(r.lines.filter((l) => l.msg === loop.status.hid.en).length, 1, 'said once, not every round');
});

t.test('serial enumeration failing: reported once, polled less and less often (up to a minute), then back to normal', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const r = await rig(t, { platform: 'win32' });
  r.machine.serialFails = true;
  const { loop } = r.boot();
  const at: number[] = [];
  const listings = (): number => r.machine.listings;
  loop.start();
  for (let i = 0; i < 260; i++) {
    const before = listings();
    await clock.tickAsync(1000);
    if (listings() > before) at.push(clock.now / 1000);
  }
  t.same(at.slice(0, 7), [5, 15, 35, 75, 135, 195, 255], 'the interval doubles while it fails, never beyond 60 s');
  t.match(loop.status.serial, { available: false, vi: /Windows.*COM3@115200/, en: /Windows COM ports/, detail: 'spawn udevadm ENOENT' });
  t.equal(r.lines.filter((l) => l.level === 40 && l.module === 'discovery').length, 1, 'warned once, not at every failed round');
  r.machine.serialFails = false;
  const n = at.length;
  for (let i = 0; i < 90; i++) {
    const before = listings();
    await clock.tickAsync(1000);
    if (listings() > before) at.push(clock.now / 1000);
  }
  t.same(at.slice(n), [315, 320, 325, 330, 335, 340, 345, 350], 'the next round a minute later works: every 5 s again');
  t.match(loop.status.serial, { available: true });
  await loop.stop();
});

t.test('stop: no further rounds, once the round under way has finished (it may still attach what it found)', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const r = await rig(t);
  const { loop, list } = r.boot();
  let release!: () => void;
  r.machine.hold = new Promise<void>((res) => (release = res));
  loop.start();
  await clock.tickAsync(INTERVAL);
  t.equal(r.machine.listings, 1, 'a round is under way');
  let stopped = false;
  const stopping = loop.stop().then(() => (stopped = true));
  await clock.tickAsync(0);
  t.equal(stopped, false, 'stop waits for it');
  r.machine.ports = [HONEYWELL];
  release();
  await stopping;
  t.match(list(), [{ id: 'usb-21187B0042' }], 'the round finished');
  await clock.tickAsync(10 * INTERVAL);
  t.equal(r.machine.listings, 1, 'no round after stop');
});
