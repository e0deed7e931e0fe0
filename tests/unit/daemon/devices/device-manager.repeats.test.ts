// One access per card read, per device: a repeat within the device's window never reaches the
// pipeline (not counted, not shown, not looked up) and is counted in the device's statistics for the
// technician; each device has its own window and its own last card; 0 turns it off. Fake clock,
// in-memory transports.

import t from 'tap';
import { DeviceManager } from '../../../../daemon/src/devices/device-manager.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import type { ScanRead } from '../../../../drivers/src/transport.ts';
import { InProcessScanner } from '../../../../simulators/src/scanner/in-process-scanner.ts';

class Trigger extends InProcessScanner {
  fire(text: string): void {
    this.emit('read', { bytes: Buffer.from(text), end: 'terminator', at: 0 } satisfies ScanRead);
  }
}

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('a double read is handed on once and counted as a repeat; each device keeps its own window', async (t) => {
  const log = createLogger('silent');
  const clock = { now: 1_000_000 };
  const handled: string[] = [];
  const windows: Record<string, number> = { cheap: 2000, off: 0 };
  const devices = new DeviceManager({
    bus: new EventBus(log),
    log,
    initialCounters: new Map(),
    now: () => clock.now,
    repeatWindowMs: (id) => windows[id] ?? 2000,
  });
  t.teardown(() => devices.close());
  devices.onRead(async (d) => void handled.push(d.id));
  const cheap = new Trigger('cheap', 'CR');
  const other = new Trigger('other', 'CR');
  const off = new Trigger('off', 'CR');
  for (const [id, transport] of [
    ['cheap', cheap],
    ['other', other],
    ['off', off],
  ] as const)
    await devices.add({ id, desk: 'desk-1', simulated: false, transport });
  const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

  cheap.fire(AN);
  clock.now += 300;
  cheap.fire(AN);
  other.fire(AN);
  off.fire(AN);
  off.fire(AN);
  await settle();
  t.same(handled, ['cheap', 'other', 'off', 'off'], 'the double read once; the same card at another desk is its own access; window 0 admits both');
  const stats = (id: string): number => devices.snapshot().find((d) => d.id === id)!.statistics.repeats;
  t.equal(stats('cheap'), 1, 'the technician sees the repeat');
  t.equal(stats('other'), 0);
  t.equal(stats('off'), 0);

  clock.now += 2001;
  cheap.fire(AN);
  await settle();
  t.equal(handled.filter((x) => x === 'cheap').length, 2, 'a rescan after the window is a new access');
});
