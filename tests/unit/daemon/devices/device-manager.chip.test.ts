// A chip reader in the device manager: listed beside the scanners (transport `chip`), waiting for its
// vendor service until `connected`, offline with its own health code when the service goes, counted
// as a reconnection when it comes back; its cards and failures reach the chip subscribers with the
// device's id and desk, a card pushed twice within the repeat window is one, and close() closes it.

import FakeTimers from '@sinonjs/fake-timers';
import t, { type Test } from 'tap';
import type { ChipCard, ChipFailure, ChipReaderTransport, ChipTransportEvents } from '../../../../drivers/src/chip/chip-transport.ts';
import { TransportError } from '../../../../drivers/src/errors.ts';
import { TypedEmitter } from '../../../../drivers/src/typed-emitter.ts';
import type { DeviceView } from '../../../../daemon/src/api/contract.ts';
import { DEVICE_TEXT } from '../../../../daemon/src/devices/device-messages.ts';
import { DeviceManager, type ChipRead } from '../../../../daemon/src/devices/device-manager.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';

/** A vendor service's connection, driven by the test. */
class FakeChipReader extends TypedEmitter<ChipTransportEvents> implements ChipReaderTransport {
  readonly protocol = 'hn212-socketio' as const;
  readonly url = 'http://admin:pw@192.168.5.1:8000';
  isOpen = false;
  connected = false;
  closes = 0;
  async open(): Promise<void> {
    this.isOpen = true;
  }
  async close(): Promise<void> {
    this.isOpen = false;
    this.closes++;
  }
  fire<E extends keyof ChipTransportEvents>(event: E, ...args: Parameters<ChipTransportEvents[E]>): void {
    if (event === 'connected') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    this.emit(event, ...args);
  }
}

const CARD: ChipCard = { fields: { idCode: '001089012345', personName: 'Nguyễn Văn An' }, raw: null, at: 0 };

async function rig(t: Test, repeatWindowMs = 0) {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
  t.teardown(() => clock.uninstall());
  const log = createLogger('silent');
  const bus = new EventBus(log);
  const announced: DeviceView[][] = [];
  bus.on('devices', (d) => announced.push(d));
  const devices = new DeviceManager({ bus, log, initialCounters: new Map(), repeatWindowMs: () => repeatWindowMs });
  const reads: Array<{ device: { id: string; desk: string; simulated: boolean }; read: ChipRead }> = [];
  devices.onChip(async (device, read) => void reads.push({ device, read }));
  const reader = new FakeChipReader();
  await devices.addChipReader({ id: 'chip-1', desk: 'desk-2', simulated: false, reader });
  const view = (): DeviceView => devices.snapshot().find((d) => d.id === 'chip-1')!;
  return { clock, devices, reader, reads, view, announced };
}

t.test('listed as a chip reader, waiting for its service until connected', async (t) => {
  const { reader, view, announced } = await rig(t);
  t.ok(reader.isOpen, 'the reader was opened (it connects by itself)');
  t.match(view(), { id: 'chip-1', desk: 'desk-2', transport: 'chip', path: 'http://192.168.5.1:8000', product: 'hn212-socketio', state: 'closed' });
  t.notMatch(view().path, /pw/, 'no password in the device list');
  t.match(view().health, { level: 'warning', vi: DEVICE_TEXT.chipNotConnected.vi, en: DEVICE_TEXT.chipNotConnected.en });
  t.match(view().health.vi, /^Đang chờ/);
  t.ok(announced.length > 0, 'announced once added');
});

t.test('connected, lost, back: power, health, communication errors and reconnects', async (t) => {
  const { reader, view, announced } = await rig(t);
  reader.fire('connected');
  t.match(view(), { state: 'idle', power: 'online', health: { level: 'ok' }, statistics: { reconnects: 0 } });
  const before = announced.length;
  reader.fire('disconnect', new TransportError('SCANNER_DISCONNECTED', 'chip reader service gone'));
  t.match(view(), { state: 'error', power: 'offline', health: { level: 'error', code: 'CHIP_SERVICE_UNREACHABLE', vi: DEVICE_TEXT.chipServiceDown.vi } });
  t.equal(view().statistics.communicationErrors, 1);
  t.ok(announced.length > before, 'the loss is announced at once');
  reader.fire('connected');
  t.match(view(), { power: 'online', health: { level: 'ok' }, statistics: { reconnects: 1, communicationErrors: 1 } });
});

t.test('a card and a failure reach the chip subscribers with the device’s id and desk', async (t) => {
  const { reader, reads, view, clock } = await rig(t);
  reader.fire('connected');
  reader.fire('card', CARD);
  const failure: ChipFailure = { kind: 'incomplete', at: 5 };
  reader.fire('failure', failure);
  await clock.tickAsync(1);
  t.same(reads, [
    { device: { id: 'chip-1', desk: 'desk-2', simulated: false }, read: { type: 'card', card: CARD } },
    { device: { id: 'chip-1', desk: 'desk-2', simulated: false }, read: { type: 'failure', failure } },
  ]);
  t.not(view().lastReadAt, null);
  t.equal(view().state, 'idle', 'back to idle once handled');
});

t.test('the same card twice within the repeat window: one read, one repeat', async (t) => {
  const { reader, reads, view, clock } = await rig(t, 2000);
  reader.fire('connected');
  reader.fire('card', CARD);
  reader.fire('card', { ...CARD, fields: { personName: 'Nguyễn Văn An', idCode: '001089012345' }, at: 100 });
  await clock.tickAsync(300);
  t.equal(reads.length, 1, 'handled once');
  t.equal(view().statistics.repeats, 1);
  await clock.tickAsync(5000);
  reader.fire('card', CARD);
  await clock.tickAsync(1);
  t.equal(reads.length, 2, 'after the window: a new read');
  reader.fire('card', { ...CARD, fields: { ...CARD.fields, idCode: '079190000123' } });
  await clock.tickAsync(1);
  t.equal(reads.length, 3, 'another card at once: a new read');
});

t.test('counted like a scanner; close() closes the reader', async (t) => {
  const { devices, reader, view } = await rig(t);
  reader.fire('connected');
  devices.count('chip-1', 'chip', 'success', null);
  devices.count('chip-1', 'chip', 'error', 'chipIncomplete');
  t.match(view(), { counters: { scans: 2, successes: 1, errors: 1 }, statistics: { goodReads: 1, failedReads: 1 } });
  await devices.close();
  t.equal(reader.closes, 1);
  t.notOk(reader.isOpen);
  t.match(view(), { state: 'closed', power: 'off' });
});

t.test('a duplicate id is refused', async (t) => {
  const { devices } = await rig(t);
  await t.rejects(devices.addChipReader({ id: 'chip-1', desk: 'desk-1', simulated: false, reader: new FakeChipReader() }), /duplicate device id/);
});
