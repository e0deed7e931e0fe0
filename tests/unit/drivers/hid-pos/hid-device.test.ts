// Opening a HID scanner through node-hid. No HID device is attached to a test machine, so this
// checks what needs none: a path that names no device (a scanner unplugged between discovery and
// open, a stale configuration entry) is refused promptly with the reason, which the HID transports
// turn into SCANNER_OPEN_FAILED for the technician's page.

import t from 'tap';
import { openNodeHid } from '../../../../drivers/src/hid-pos/hid-device.ts';
import { HidPosTransport } from '../../../../drivers/src/hid-pos/hid-pos-transport.ts';
import { LAYOUTS } from '../../../../drivers/src/hid-pos/layouts.ts';

const NO_DEVICE = process.platform === 'win32' ? '\\\\?\\HID#VID_1EAB&PID_1D10#0&0000#{no-such-device}' : '/dev/hidraw-tiepnhan-none';

t.test('node-hid refuses a path with no device behind it', async (t) => {
  await t.rejects(openNodeHid(NO_DEVICE), new RegExp(NO_DEVICE.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')), 'the error names the path');
});

t.test('a HID-POS transport on such a path fails to open with SCANNER_OPEN_FAILED and stays closed', async (t) => {
  const transport = new HidPosTransport({ identity: { path: NO_DEVICE, vendorId: '1eab', productId: '1d10' }, layout: LAYOUTS.newland, open: openNodeHid });
  let disconnects = 0;
  transport.on('disconnect', () => disconnects++);
  await t.rejects(transport.open(), { code: 'SCANNER_OPEN_FAILED', message: /^cannot open HID device / });
  t.equal(transport.isOpen, false);
  t.equal(disconnects, 0, 'a failed open is not a disconnect');
});
