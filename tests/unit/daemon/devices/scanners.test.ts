// The scanners feature, with the real device manager, discovery loop and scanner registry (SQLite):
// at start the simulated scanners, the scanners configured by path and those discovery finds are all
// on the device list before the daemon says it is up, each once; a configured scanner that is not
// plugged in does not stop the start; discovery goes on polling; at stop a discovery round under way
// finishes first, so no scanner it finds is left open after the close, and no round runs after it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import { DeviceManager } from '../../../../daemon/src/devices/device-manager.ts';
import type { SerialScannerConfig } from '../../../../daemon/src/devices/devices-config.ts';
import { DiscoveryLoop } from '../../../../daemon/src/devices/discovery-loop.ts';
import type { SerialCandidate } from '../../../../daemon/src/devices/discovery.ts';
import { ScannerRegistry } from '../../../../daemon/src/devices/scanner-registry.ts';
import { Scanners } from '../../../../daemon/src/devices/scanners.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { InProcessScanner } from '../../../../simulators/src/scanner/in-process-scanner.ts';
import { FakeScanner } from '../../../helpers/fake-scanner.ts';

const INTERVAL = 5_000;
const HONEYWELL: SerialCandidate = { path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', serialNumber: '21187B0042' };
const CONFIGURED_PORT: SerialCandidate = { path: '/dev/ttyACM5', vendorId: '0c2e', productId: '0b61', serialNumber: 'CONF0001' };
const QUAY_1: SerialScannerConfig = { id: 'quay-1', desk: 'quay-1', path: '/dev/ttyACM5', baudRate: 115200, terminator: 'CR', idleMs: 50, maxBytes: 2048 };

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

async function rig(t: Test, o: { configured?: SerialScannerConfig[]; unplugged?: string[] } = {}) {
  const db = await database();
  await db.run('DELETE FROM scanner_registry');
  const log = createLogger('silent');
  const devices = new DeviceManager({ bus: new EventBus(log), log, initialCounters: new Map() });
  t.teardown(() => devices.close());
  const machine = { ports: [] as SerialCandidate[], listings: 0 };
  const transports = new Map<string, FakeScanner>();
  const specs: unknown[] = [];
  const open = (path: string, identity: object = {}): FakeScanner => {
    const s = new FakeScanner('serial', { ...identity, path });
    if (o.unplugged?.includes(path)) s.unplug();
    transports.set(path, s);
    return s;
  };
  const discovery = new DiscoveryLoop({
    config: { discovery: { serial: true, hid: false, intervalMs: INTERVAL, deskRules: [], defaultDesk: 'desk-1' } },
    devices,
    log,
    serialLister: async () => (machine.listings++, machine.ports),
    hidLoader: async () => ({ devicesAsync: async () => [] }),
    openSerial: (spec, identity) => open(spec.path, identity),
    openHid: () => 'not used',
    registry: new ScannerRegistry({ db, now: () => new Date() }),
    platform: 'linux',
  });
  const simulated = new InProcessScanner('sim-1', 'CR');
  const scanners = new Scanners({
    devices,
    discovery,
    simulated: [{ id: 'sim-1', desk: 'desk-2', transport: simulated }],
    configured: o.configured ?? [QUAY_1],
    openSerial: (spec) => (specs.push(spec), open(spec.path)),
  });
  return { devices, machine, transports, specs, scanners };
}

t.test('at start: simulated, configured and discovered scanners, each once, before start resolves', async (t) => {
  const r = await rig(t);
  r.machine.ports = [HONEYWELL, CONFIGURED_PORT];
  await r.scanners.start();
  t.match(r.devices.snapshot(), [
    { id: 'sim-1', desk: 'desk-2', simulated: true, transport: 'memory', power: 'online' },
    { id: 'quay-1', desk: 'quay-1', deskSource: 'config', simulated: false, path: '/dev/ttyACM5', power: 'online' },
    { id: 'usb-21187B0042', desk: 'desk-1', deskSource: 'default', path: '/dev/ttyACM0', power: 'online' },
  ]);
  t.equal(r.devices.snapshot().length, 3, 'the configured port that discovery also found is not attached twice');
  t.same(r.specs, [{ path: '/dev/ttyACM5', baudRate: 115200, terminator: 'CR', idleMs: 50, maxBytes: 2048 }], 'opened as configured');
  await r.scanners.stop();
});

t.test('a configured scanner that is not plugged in: the start completes, and it is listed offline', async (t) => {
  const r = await rig(t, { unplugged: ['/dev/ttyACM5'] });
  await r.scanners.start();
  t.match(
    r.devices.snapshot().find((d) => d.id === 'quay-1'),
    { power: 'offline', health: { level: 'error', en: /disconnected/ } },
  );
  await r.scanners.stop();
});

t.test('discovery goes on after start; stop lets a round under way finish, closes every scanner, and polls no more', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const r = await rig(t, { configured: [] });
  await r.scanners.start();
  t.equal(r.machine.listings, 1, 'one round at start');
  r.machine.ports = [HONEYWELL];
  await clock.tickAsync(INTERVAL);
  t.equal(r.machine.listings, 2, 'the next round an interval later');
  await r.scanners.stop();
  t.match(
    r.devices.snapshot().map((d) => [d.id, d.state, d.power]),
    [
      ['sim-1', 'closed', 'off'],
      ['usb-21187B0042', 'closed', 'off'],
    ],
    'the scanner that round found was attached, then closed with the rest',
  );
  t.equal(r.transports.get('/dev/ttyACM0')?.isOpen, false, 'not left open after the close');
  r.machine.ports = [HONEYWELL, { ...HONEYWELL, path: '/dev/ttyACM1', serialNumber: '21187B0099' }];
  await clock.tickAsync(10 * INTERVAL);
  t.equal(r.machine.listings, 2, 'no round after stop');
});
