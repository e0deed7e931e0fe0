// The inventory feature, with fake timers: while it runs, every device change the manager announces
// reaches the scanner inventory (the district report's "working / not working" columns); at start and
// then every 10 minutes the inventory is refreshed and today's history kept, so a restart does not
// leave the day without history; a failing refresh is logged and tried again next period; after stop
// nothing more is written, and stop waits for the writes already under way.

import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import { DeviceManager } from '../../../../daemon/src/devices/device-manager.ts';
import { INVENTORY_REFRESH_MS, InventoryRefresh } from '../../../../daemon/src/devices/inventory-refresh.ts';
import { InventoryTracker } from '../../../../daemon/src/devices/inventory-tracker.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import type { InventoryRepo } from '../../../../daemon/src/storage/inventory-repo.ts';
import { FakeScanner } from '../../../helpers/fake-scanner.ts';

const T0 = Date.parse('2026-12-01T01:00:00Z');

function rig(t: Test, o: { snapshot?: () => Promise<unknown> } = {}) {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
  const lines: Array<{ msg: string; err?: string }> = [];
  const log = createLogger('error', { write: (s: string) => void lines.push(JSON.parse(s) as { msg: string }) });
  const bus = new EventBus(log);
  const devices = new DeviceManager({ bus, log, initialCounters: new Map() });
  t.teardown(async () => {
    await devices.close();
    clock.uninstall();
  });
  const writes: string[] = [];
  let hold: Promise<void> | null = null;
  // The inventory table as the tracker uses it: one call per write.
  const repo = {
    seen: async (deviceId: string, desk: string, _mode: string, at: Date, online: boolean) => {
      await hold;
      writes.push(`${at.toISOString().slice(11, 16)} ${deviceId}@${desk} ${online ? 'online' : 'offline'}`);
    },
  } as unknown as InventoryRepo;
  const tracker = new InventoryTracker({ repo, log, now: () => new Date(), refreshMs: INVENTORY_REFRESH_MS });
  let histories = 0;
  const feature = new InventoryRefresh({ bus, devices, tracker, log, snapshot: o.snapshot ?? (async () => void histories++) });
  const plug = (id: string, path: string) => devices.add({ id, desk: 'desk-1', simulated: false, transport: new FakeScanner('serial', { path }) });
  const holdWrites = (): (() => void) => {
    let release!: () => void;
    hold = new Promise((r) => (release = r));
    return () => {
      hold = null;
      release();
    };
  };
  return { clock, lines, devices, writes, feature, plug, holdWrites, histories: () => histories };
}

t.test('at start: the scanners already there are written and the day’s history kept at once', async (t) => {
  const r = rig(t);
  await r.plug('usb-A1', '/dev/ttyACM0');
  t.same(r.writes, [], 'nothing is written before the feature starts');
  r.feature.start();
  await r.clock.tickAsync(0);
  t.same(r.writes, ['01:00 usb-A1@desk-1 online'], 'the scanner plugged in before start');
  t.equal(r.histories(), 1, 'history kept without waiting 10 minutes');
  await r.feature.stop();
});

t.test('a device change on the bus reaches the inventory at once while running', async (t) => {
  const r = rig(t);
  r.feature.start();
  await r.clock.tickAsync(60_000);
  await r.plug('usb-B2', '/dev/ttyACM1');
  await r.clock.tickAsync(0);
  t.same(r.writes, ['01:01 usb-B2@desk-1 online'], 'a scanner plugged in a minute after start');
  r.devices.setDesk('usb-B2', 'quay-3', 'technician');
  await r.clock.tickAsync(0);
  t.same(r.writes.at(-1), '01:01 usb-B2@quay-3 online', 'a technician moved it to another desk');
  await r.feature.stop();
});

t.test('every 10 minutes: refreshed from the device list, and the history kept again', async (t) => {
  const r = rig(t);
  await r.plug('usb-A1', '/dev/ttyACM0');
  r.feature.start();
  await r.clock.tickAsync(INVENTORY_REFRESH_MS - 1);
  t.equal(r.histories(), 1, 'only the one at start within the first period');
  t.equal(r.writes.length, 1, 'online and unchanged: not rewritten within the period');
  await r.clock.tickAsync(1);
  t.equal(r.histories(), 2, 'kept again at 10 minutes');
  t.same(r.writes.at(-1), '01:10 usb-A1@desk-1 online', 'its last-online time refreshed');
  await r.clock.tickAsync(2 * INVENTORY_REFRESH_MS);
  t.equal(r.histories(), 4, 'one history a period');
  t.same(r.writes.slice(-2), ['01:20 usb-A1@desk-1 online', '01:30 usb-A1@desk-1 online'], 'one refresh a period');
  await r.feature.stop();
});

t.test('a failing history snapshot is logged and tried again the next period', async (t) => {
  let calls = 0;
  const r = rig(t, {
    snapshot: async () => {
      if (++calls <= 2) throw new Error('disk full');
    },
  });
  r.feature.start();
  await r.clock.tickAsync(0);
  t.match(r.lines, [{ msg: 'inventory refresh failed', err: 'disk full' }], 'the one at start');
  await r.clock.tickAsync(INVENTORY_REFRESH_MS);
  t.equal(r.lines.length, 2, 'the periodic one');
  await r.clock.tickAsync(INVENTORY_REFRESH_MS);
  t.equal(calls, 3, 'the refresh went on after failing');
  t.equal(r.lines.length, 2, 'and succeeded');
  await r.feature.stop();
});

t.test('after stop: no bus change nor period is written; stop waits for writes under way', async (t) => {
  const r = rig(t);
  r.feature.start();
  await r.clock.tickAsync(0);
  const release = r.holdWrites();
  await r.plug('usb-A1', '/dev/ttyACM0');
  let stopped = false;
  const stopping = r.feature.stop().then(() => (stopped = true));
  await r.clock.tickAsync(0);
  t.equal(stopped, false, 'a write under way: stop waits');
  release();
  await stopping;
  t.same(r.writes, ['01:00 usb-A1@desk-1 online'], 'the write under way finished');
  await r.plug('usb-B2', '/dev/ttyACM1');
  await r.clock.tickAsync(3 * INVENTORY_REFRESH_MS);
  t.same(r.writes, ['01:00 usb-A1@desk-1 online'], 'nothing after stop');
  t.equal(r.histories(), 1, 'no history after stop');
});
