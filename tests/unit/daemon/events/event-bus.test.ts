// The daemon's internal announcements (a scan stored, an eligibility answer, the device list): each
// listener gets each payload, in the order listeners subscribed, and a listener that throws (say,
// the socket layer) is logged and counted but never stops the others or the scan that announced it.

import t from 'tap';
import type { ScanMessage } from '../../../../daemon/src/api/contract.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';

function rig() {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { bus: new EventBus(log), lines };
}

const scan = (eventId: number): ScanMessage =>
  ({ eventId, deviceId: 'quay-1', desk: 'desk-1', source: 'scan', ok: false, identity: null, eligibility: 'none' }) as unknown as ScanMessage;

t.test('each listener of an event gets each payload, in subscription order; other events are not delivered', async (t) => {
  const { bus } = rig();
  const got: string[] = [];
  bus.on('scan', (m) => got.push(`a ${m.eventId}`));
  bus.on('scan', (m) => got.push(`b ${m.eventId}`));
  bus.on('account', (s) => got.push(`account ${s}`));
  bus.emit('scan', scan(1));
  bus.emit('scan', scan(2));
  t.same(got, ['a 1', 'b 1', 'a 2', 'b 2']);
});

t.test('an event nobody listens to is dropped quietly', async (t) => {
  const { bus, lines } = rig();
  bus.emit('devices', []);
  t.equal(bus.listenerFailures, 0);
  t.same(lines, []);
});

t.test('unsubscribing stops delivery to that listener only; twice is harmless', async (t) => {
  const { bus } = rig();
  const got: string[] = [];
  const offA = bus.on('scan', (m) => got.push(`a ${m.eventId}`));
  bus.on('scan', (m) => got.push(`b ${m.eventId}`));
  bus.emit('scan', scan(1));
  offA();
  offA();
  bus.emit('scan', scan(2));
  t.same(got, ['a 1', 'b 1', 'b 2']);
});

t.test('a listener that throws is logged and counted; the others still get the payload', async (t) => {
  const { bus, lines } = rig();
  const got: number[] = [];
  bus.on('scan', () => {
    throw new Error('socket closed');
  });
  bus.on('scan', (m) => got.push(m.eventId));
  t.doesNotThrow(() => bus.emit('scan', scan(7)), 'the emitter (the scan pipeline) is not interrupted');
  bus.emit('scan', scan(8));
  t.same(got, [7, 8]);
  t.equal(bus.listenerFailures, 2);
  t.match(lines, [
    { level: 50, err: 'socket closed', event: 'scan', msg: 'event listener failed' },
    { level: 50, err: 'socket closed', event: 'scan', msg: 'event listener failed' },
  ]);
});
