// A scanner flooding terminators (stuck trigger, shorted cable) is throttled per device: reads over
// limits.readsPerSecondPerDevice never reach the pipeline, are counted, and turn its health to error;
// the reads it accepted are all handled. Fake clock, in-memory transport.

import t from 'tap';
import { DeviceManager } from '../../../../daemon/src/devices/device-manager.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import type { ScanRead } from '../../../../drivers/src/transport.ts';
import { InProcessScanner } from '../../../../simulators/src/scanner/in-process-scanner.ts';

/** An in-memory scanner that can fire whole reads at any rate. */
class Flooder extends InProcessScanner {
  fire(read: ScanRead): void {
    this.emit('read', read);
  }
}

t.test('reads over the per-device limit are dropped, counted and shown in health', async (t) => {
  const log = createLogger('silent');
  const clock = { now: 1_000_000 };
  const handled: string[] = [];
  const devices = new DeviceManager({ bus: new EventBus(log), log, initialCounters: new Map(), readsPerSecond: 20, now: () => clock.now });
  devices.onRead(async (d) => void handled.push(d.id));
  const flooding = new Flooder('flood', 'CR');
  const quiet = new Flooder('quiet', 'CR');
  await devices.add({ id: 'flood', desk: 'desk-1', simulated: false, transport: flooding });
  await devices.add({ id: 'quiet', desk: 'desk-2', simulated: false, transport: quiet });
  const read: ScanRead = { bytes: Buffer.from('x'), end: 'terminator', at: 0 };
  for (let i = 0; i < 500; i++) flooding.fire(read);
  quiet.fire(read);
  await new Promise((r) => setImmediate(r));
  t.equal(handled.filter((x) => x === 'flood').length, 20, 'only the limit reaches the pipeline in one second');
  t.equal(handled.filter((x) => x === 'quiet').length, 1, 'another scanner is not affected');
  const view = devices.snapshot().find((d) => d.id === 'flood')!;
  t.equal(view.statistics.throttledReads, 480, 'every dropped read is counted');
  t.match(view.health, { level: 'error', code: 'SCANNER_FLOOD', vi: /quá nhiều lượt đọc/ });
  clock.now += 1000;
  flooding.fire(read);
  await new Promise((r) => setImmediate(r));
  t.equal(handled.filter((x) => x === 'flood').length, 21, 'the next second admits reads again');
  clock.now += 61_000;
  t.match(devices.snapshot().find((d) => d.id === 'flood')!.health, { level: 'ok' }, 'health clears a minute after the flood stops');
  await devices.close();
});
