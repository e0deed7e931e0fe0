// The device manager with an in-memory scanner and fake timers: a read goes to every subscriber and
// back to idle; an unplug is offline at once and announced; the reconnect timer brings it back with
// its counters; test mode is announced; a closed manager does not reconnect.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import type { DeviceView } from '../../../../daemon/src/api/contract.ts';
import { DeviceManager } from '../../../../daemon/src/devices/device-manager.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { InProcessScanner } from '../../../../simulators/src/scanner/in-process-scanner.ts';

t.test('reads, unplug, reconnect, counts and test mode', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
  t.teardown(() => clock.uninstall());
  const log = createLogger('silent');
  const bus = new EventBus(log);
  const announced: DeviceView[][] = [];
  bus.on('devices', (d) => announced.push(d));
  const devices = new DeviceManager({ bus, log, initialCounters: new Map([['sim', { scans: 5, searches: 0, successes: 4, errors: 1 }]]) });
  const reads: string[] = [];
  devices.onRead(async (d, r) => void reads.push(`${d.id}@${d.desk}: ${r.bytes.toString()}`));
  const scanner = new InProcessScanner('sim', 'CR');
  await devices.add({ id: 'sim', desk: 'desk-1', simulated: true, transport: scanner });
  const view = () => devices.snapshot()[0]!;
  t.match(view(), { state: 'idle', power: 'online', counters: { scans: 5 } }, 'opened, counters continued from the database');

  await scanner.scan('HELLO');
  await clock.tickAsync(5);
  t.same(reads, ['sim@desk-1: HELLO'], 'the whole read went to the subscriber');
  t.equal(view().state, 'idle', 'and the reader is idle again');

  devices.count('sim', 'scan', 'error', 'encoding');
  t.match(view(), { counters: { scans: 6, errors: 2, lostReads: 0 }, statistics: { failedReads: 1, garbledReads: 1 } });
  devices.countLost('sim', 'scan');
  t.match(
    view(),
    { counters: { scans: 7, successes: 4, errors: 2, lostReads: 1 }, statistics: { failedReads: 1 } },
    'a read the disk could not take: an access, lost, neither a success nor the reader’s failure',
  );
  devices.countLost('nope', 'scan');

  const before = announced.length;
  scanner.unplug();
  t.match(view(), { state: 'error', power: 'offline', health: { level: 'error' } }, 'offline at once');
  t.ok(announced.length > before, 'and announced');
  await clock.tickAsync(1000);
  t.equal(view().power, 'offline', 'still unplugged: still offline (retrying)');
  scanner.replug();
  await clock.tickAsync(2000);
  t.match(view(), { power: 'online', state: 'idle', statistics: { reconnects: 1 }, counters: { scans: 7 } }, 'back by itself, counters intact');

  t.ok(devices.setTestMode('sim', true));
  t.equal(view().testMode, true);
  t.notOk(devices.setTestMode('nope', true), 'an unknown device');
  await devices.close();
  t.match(view(), { state: 'closed', power: 'off' });
});
