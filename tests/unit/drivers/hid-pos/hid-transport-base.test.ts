// What every node-hid scanner transport (HID-POS, keyboard wedge) shares: opening through the
// HidDevice seam, every report stamped as it arrives, one disconnect when the scanner is unplugged
// (node-hid says so with a plain string), and a quiet close at shutdown. The technician's page shows
// a scanner offline exactly when `disconnect` fires, and the daemon reopens it; a second disconnect,
// or one on a normal close, would count a phantom error against the desk.

import { EventEmitter } from 'node:events';
import t from 'tap';
import { lastByteClock } from '../../../../drivers/src/clock.ts';
import type { TransportError } from '../../../../drivers/src/errors.ts';
import type { HidDevice } from '../../../../drivers/src/hid-pos/hid-device.ts';
import { HidTransportBase } from '../../../../drivers/src/hid-pos/hid-transport-base.ts';

const PATH = '/dev/hidraw3';

/** A device as node-hid's HIDAsync presents it: `data` and `error` events, close(). */
class FakeHid extends EventEmitter implements HidDevice {
  closes = 0;
  constructor(readonly failClose = false) {
    super();
  }
  async close(): Promise<void> {
    this.closes++;
    if (this.failClose) throw new Error('already closed');
  }
}

/** The smallest subclass: it records the reports it is given and when it is told to forget. */
class Recorder extends HidTransportBase {
  readonly kind = 'hidPos' as const;
  readonly reports: Array<{ hex: string; at: number }> = [];
  resets = 0;
  protected onReport(report: Buffer, at: number): void {
    this.reports.push({ hex: report.toString('hex'), at });
  }
  protected resetState(): void {
    this.resets++;
  }
}

function setup(opts: { failClose?: boolean } = {}) {
  const devices: FakeHid[] = [];
  const paths: string[] = [];
  const transport = new Recorder({ path: PATH, vendorId: '0c2e' }, async (path) => {
    paths.push(path);
    const d = new FakeHid(opts.failClose);
    devices.push(d);
    return d;
  });
  const disconnects: TransportError[] = [];
  transport.on('disconnect', (e) => disconnects.push(e));
  return { transport, devices, paths, disconnects };
}

t.test('open reaches the device by its path and passes on each report with its arrival time', async (t) => {
  const { transport, devices, paths } = setup();
  await transport.open();
  t.same(paths, [PATH]);
  t.equal(transport.isOpen, true);
  const before = lastByteClock();
  devices[0]!.emit('data', Buffer.from([0x02, 0x01, 0x41]));
  devices[0]!.emit('data', Buffer.from([0x02, 0x01, 0x42]));
  const after = lastByteClock();
  t.same(
    transport.reports.map((r) => r.hex),
    ['020141', '020142'],
    'in order',
  );
  t.ok(
    transport.reports.every((r) => r.at >= before && r.at <= after),
    'stamped on arrival, on the epoch clock',
  );
  await transport.open();
  t.equal(devices.length, 1, 'opening an open transport does not open the device again');
  await transport.close();
});

t.test('a device that cannot be opened gives SCANNER_OPEN_FAILED with the path and the reason', async (t) => {
  const cause = new Error('could not open device');
  const failing = new Recorder({ path: PATH }, async () => {
    throw cause;
  });
  await t.rejects(failing.open(), {
    name: 'TransportError',
    code: 'SCANNER_OPEN_FAILED',
    message: `cannot open HID device ${PATH}: could not open device`,
    cause,
  });
  t.equal(failing.isOpen, false);
});

t.test("an unplug (node-hid's error string) is one disconnect; the dead device is closed and forgotten", async (t) => {
  const { transport, devices, disconnects } = setup();
  await transport.open();
  const d = devices[0]!;
  d.emit('error', 'could not read from HID device');
  t.equal(disconnects.length, 1);
  t.match(disconnects[0], { code: 'SCANNER_DISCONNECTED', message: `${PATH}: could not read from HID device`, cause: 'could not read from HID device' });
  t.equal(transport.isOpen, false, 'shown offline');
  t.equal(d.closes, 1, 'the dead handle is closed');
  t.equal(transport.resets, 2, 'the partial read is forgotten (once on open, once on the unplug)');
  d.emit('data', Buffer.from([0x02, 0x01, 0x41]));
  d.emit('error', new Error('could not read from HID device'));
  t.equal(transport.reports.length, 0, 'no report from the dead handle');
  t.equal(disconnects.length, 1, 'and no second disconnect');
});

t.test('an Error object from the device is reported by its message', async (t) => {
  const { transport, devices, disconnects } = setup();
  await transport.open();
  devices[0]!.emit('error', new Error('LIBUSB_ERROR_NO_DEVICE'));
  t.equal(disconnects[0]?.message, `${PATH}: LIBUSB_ERROR_NO_DEVICE`);
});

t.test('after an unplug, open() reaches a fresh device and reads resume', async (t) => {
  const { transport, devices } = setup();
  await transport.open();
  devices[0]!.emit('error', 'could not read from HID device');
  await transport.open();
  t.equal(devices.length, 2, 'a new handle, as node-hid has no reconnect');
  t.equal(transport.isOpen, true);
  devices[1]!.emit('data', Buffer.from([0x02, 0x01, 0x43]));
  t.same(
    transport.reports.map((r) => r.hex),
    ['020143'],
  );
  await transport.close();
});

t.test('close() is quiet: no disconnect, the device closed, late events ignored', async (t) => {
  const { transport, devices, disconnects } = setup();
  await transport.open();
  await transport.close();
  t.equal(transport.isOpen, false);
  t.equal(devices[0]!.closes, 1);
  devices[0]!.emit('error', 'could not read from HID device');
  devices[0]!.emit('data', Buffer.from([0x02, 0x01, 0x41]));
  t.equal(disconnects.length, 0, 'closing is not a disconnect, even if the device errors afterwards');
  t.equal(transport.reports.length, 0);
  await transport.close();
  t.equal(devices[0]!.closes, 1, 'closing twice closes the device once');
});

t.test('a device whose close() fails still closes the transport', async (t) => {
  const { transport, devices, disconnects } = setup({ failClose: true });
  await transport.open();
  await transport.close();
  t.equal(transport.isOpen, false);
  t.equal(devices[0]!.closes, 1);
  t.equal(disconnects.length, 0);
});
