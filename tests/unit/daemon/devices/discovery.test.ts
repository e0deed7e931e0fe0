// Finding scanners: of the serial ports, only those of a scanner maker (never a modem or a USB-serial
// bridge that could be anything); of the HID devices, HID-POS scanners and scanner-vendor keyboards
// (keyboard-mode scanners), never the desk's real keyboard. Every probe may fail (no udevadm, no
// libusb): the daemon carries on, and the technician reads why in Vietnamese and English, with the
// step to take on the machine's own OS.

import t from 'tap';
import { listSerialScanners, probeHid, type HidDeviceInfo, type SerialCandidate } from '../../../../daemon/src/devices/discovery.ts';

const HONEYWELL: SerialCandidate = { path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', serialNumber: '21187B0042', manufacturer: 'Honeywell' };
const ZEBRA_WINDOWS: SerialCandidate = { path: 'COM3', vendorId: '05E0', productId: '1701' };
const NEWLAND_0X: SerialCandidate = { path: '/dev/ttyACM1', vendorId: '0x1eab', productId: '1d06' };
const CH340: SerialCandidate = { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' };
const BUILT_IN: SerialCandidate = { path: '/dev/ttyS0' };

t.test('serial: only ports of a scanner maker, whatever the case or 0x the OS writes the vendor with', async (t) => {
  const r = await listSerialScanners(async () => [HONEYWELL, CH340, ZEBRA_WINDOWS, BUILT_IN, NEWLAND_0X], 'linux');
  t.same(
    r.found.map((p) => p.path),
    ['/dev/ttyACM0', 'COM3', '/dev/ttyACM1'],
    'a CH340 bridge and a built-in port are left alone',
  );
  t.same(r.found[0], HONEYWELL, 'what the OS said about the port is kept (serial number for the registry)');
  t.match(r.status, { available: true, vi: 'Dò cổng COM hoạt động.', en: 'Serial discovery works.' });
  t.notOk('detail' in r.status, 'no failure detail when it works');
});

t.test('serial: a failed listing says why and what to do, for the OS the daemon runs on', async (t) => {
  const fail = async (): Promise<SerialCandidate[]> => {
    throw new Error('spawn udevadm ENOENT');
  };
  const linux = await listSerialScanners(fail, 'linux');
  t.same(linux.found, [], 'nothing found, nothing thrown');
  t.match(linux.status, { available: false, vi: /thiếu udevadm\?.*--serial/, en: /udevadm missing\?.*--serial/, detail: 'spawn udevadm ENOENT' });
  const windows = await listSerialScanners(fail, 'win32');
  t.match(windows.status, {
    available: false,
    vi: /cổng COM của Windows.*COM3@115200/,
    en: /Windows COM ports.*Device Manager/,
    detail: 'spawn udevadm ENOENT',
  });
  const mac = await listSerialScanners(fail, 'darwin');
  t.same({ vi: mac.status.vi, en: mac.status.en }, { vi: linux.status.vi, en: linux.status.en }, 'another OS: the general advice');
});

const hid = (over: Partial<HidDeviceInfo>): HidDeviceInfo => ({ vendorId: 0x0c2e, productId: 0x0b87, ...over });
const HID_POS = hid({ path: '/dev/hidraw2', usagePage: 0x8c, usage: 0x02 });
const HID_POS_OTHER_MAKER = hid({ vendorId: 0x1234, path: '/dev/hidraw5', usagePage: 0x8c, usage: 0x02 });
const SCANNER_KEYBOARD = hid({ vendorId: 0x27dd, productId: 0x0103, path: '/dev/hidraw3', usagePage: 0x01, usage: 0x06 });
const DESK_KEYBOARD = hid({ vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0', usagePage: 0x01, usage: 0x06 });
const SCANNER_MOUSE_PAGE = hid({ path: '/dev/hidraw4', usagePage: 0x01, usage: 0x02 });

t.test('HID: HID-POS devices of any maker, keyboards only of a scanner maker', async (t) => {
  const r = await probeHid(async () => ({ devicesAsync: async () => [DESK_KEYBOARD, HID_POS, SCANNER_KEYBOARD, SCANNER_MOUSE_PAGE, HID_POS_OTHER_MAKER] }));
  t.same(r.hidPos, [HID_POS, HID_POS_OTHER_MAKER], 'the bar-code scanner usage page (0x8C) is a scanner whoever made it');
  t.same(r.keyboardMode, [SCANNER_KEYBOARD], "a scanner maker's keyboard is a scanner in keyboard mode; the desk's keyboard is not");
  t.match(r.status, { available: true, vi: 'Đọc HID hoạt động.', en: 'HID access works.' });
});

t.test('HID: node-hid that cannot load disables HID only, and says serial scanners still work', async (t) => {
  const r = await probeHid(async () => {
    throw new Error('libusb-1.0.so.0: cannot open shared object file');
  });
  t.same([r.hidPos, r.keyboardMode], [[], []]);
  t.match(r.status, {
    available: false,
    vi: /Đã tắt đọc máy quét HID.*libusb-1\.0.*cổng COM vẫn dùng được/,
    en: /HID scanners disabled.*libusb-1\.0 missing.*Serial scanners still work/,
    detail: 'libusb-1.0.so.0: cannot open shared object file',
  });
});

t.test('HID: a listing that fails after loading is reported apart from a failed load', async (t) => {
  const r = await probeHid(async () => ({
    devicesAsync: async () => {
      throw new Error('could not enumerate');
    },
  }));
  t.same([r.hidPos, r.keyboardMode], [[], []]);
  t.same(r.status, { available: false, vi: 'Không liệt kê được thiết bị HID.', en: 'Listing HID devices failed.', detail: 'could not enumerate' });
});
