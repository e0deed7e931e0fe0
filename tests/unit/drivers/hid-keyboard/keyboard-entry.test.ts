// A scanner left in keyboard mode on Windows or macOS: the OS owns keyboards, so tiepnhan lists it
// for the technician (who is told to switch it to USB-COM or HID-POS) but never opens it. Opening it
// must fail with a clear code rather than pretend to read, and it must never report a scan or a
// disconnect of its own.

import t from 'tap';
import { KeyboardWedgeEntry } from '../../../../drivers/src/hid-keyboard/keyboard-entry.ts';

const IDENTITY = { path: '\\\\?\\HID#VID_0C2E&PID_0204#7&1a2b3c4d&0&0000', vendorId: '0c2e', productId: '0204', product: 'Honeywell Voyager 1450g' };

t.test('it is listed as an unreadable keyboard-mode device with the identity discovery found', async (t) => {
  const entry = new KeyboardWedgeEntry(IDENTITY);
  t.equal(entry.kind, 'hidKeyboard');
  t.equal(entry.unreadable, true, 'the daemon lists it and never tries to read it');
  t.equal(entry.isOpen, false);
  t.same(entry.identity, IDENTITY, 'vendor, product and path shown to the technician');
});

t.test('opening it is refused with SCANNER_OPEN_FAILED naming the device', async (t) => {
  const entry = new KeyboardWedgeEntry(IDENTITY);
  const events: string[] = [];
  entry.on('read', () => events.push('read'));
  entry.on('disconnect', () => events.push('disconnect'));
  entry.on('warning', () => events.push('warning'));
  await t.rejects(entry.open(), {
    name: 'TransportError',
    code: 'SCANNER_OPEN_FAILED',
    message: `${IDENTITY.path}: a keyboard-mode scanner is owned by the operating system`,
  });
  t.equal(entry.isOpen, false, 'still not open');
  await entry.close();
  t.same(events, [], 'no read, disconnect or warning, whatever is tried');
});
