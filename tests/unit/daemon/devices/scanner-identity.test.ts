// Who a discovered scanner is, whatever path it comes up on: its USB serial number when it has a
// real one, else its make and the USB port it sits in, else its path. This keeps a scanner's id (its
// counters on /tech and in the district report) and the desk a technician gave it across replugs and
// reboots; a made-up serial (cheap scanners' "0", Windows' per-port instance ids) must not merge two
// scanners into one. Desk rules from the configuration match serial and HID scanners alike.

import t from 'tap';
import {
  deskByRule,
  firstDeviceId,
  hidIds,
  identityKey,
  usableSerial,
  type DeskRule,
  type FoundScanner,
} from '../../../../daemon/src/devices/scanner-identity.ts';

t.test('usableSerial: a serial number worth trusting, or null', async (t) => {
  const cases: Array<[string | undefined, string | null, string]> = [
    ['21187B0042', '21187B0042', 'a real serial number'],
    ['  21187B0042 ', '21187B0042', 'trimmed'],
    ['ABCD', 'ABCD', 'four characters are enough'],
    ['ABC', null, 'too short to tell scanners apart'],
    ['0', null, 'the "0" cheap scanners report'],
    ['00000000', null, 'all zeros'],
    ['', null, 'empty'],
    [undefined, null, 'none at all'],
    ['5&2BA34F2C&0&3', null, 'a Windows instance id made up per USB port'],
    ['0001', '0001', 'zeros then a digit is a number'],
  ];
  for (const [input, expected, what] of cases) t.equal(usableSerial(input), expected, what);
});

const serial = (over: Partial<FoundScanner> = {}): FoundScanner => ({ kind: 'serial', path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', ...over });

t.test('identityKey: serial number first, then make and port, then path', async (t) => {
  const cases: Array<[string, FoundScanner, string]> = [
    ['a serial number', serial({ serialNumber: '21187B0042', location: '1-1.2' }), 'sn:0c2e:0b61:21187B0042'],
    ['no serial number, a port', serial({ location: '1-1.2' }), 'port:0c2e:0b61:1-1.2'],
    ['a useless serial number, a port', serial({ serialNumber: '0', location: '1-1.2' }), 'port:0c2e:0b61:1-1.2'],
    ['a Windows instance id, a port', serial({ serialNumber: '5&2BA34F2C&0&3', location: 'Port_#0003.Hub_#0001' }), 'port:0c2e:0b61:Port_#0003.Hub_#0001'],
    ['neither', serial({ serialNumber: '000' }), 'path:/dev/ttyACM0'],
    ['no vendor known', { kind: 'serial', path: 'COM4', serialNumber: 'S1234' }, 'sn:::S1234'],
  ];
  for (const [what, found, key] of cases) t.equal(identityKey(found), key, what);
});

t.test('identityKey: the same scanner is the same key however the OS writes its ids or wherever it is plugged', async (t) => {
  const linux = serial({ vendorId: '0c2e', productId: '0b61', serialNumber: '21187B0042', path: '/dev/ttyACM0', location: '1-1.2' });
  const windows = serial({ vendorId: '0x0C2E', productId: '0B61', serialNumber: '21187B0042', path: 'COM5', location: 'Port_#0001.Hub_#0002' });
  t.equal(identityKey(linux), identityKey(windows), 'upper case and 0x from Windows, another path and port');
  t.not(identityKey(linux), identityKey({ ...linux, serialNumber: '21187B0043' }), 'another serial number: another scanner');
  t.not(identityKey(serial({ location: '1-1.2' })), identityKey(serial({ location: '1-1.3' })), 'no serial: another port is another scanner');
});

t.test('firstDeviceId: a readable id for a scanner seen the first time', async (t) => {
  const cases: Array<[string, FoundScanner, string]> = [
    ['serial with a serial number', serial({ serialNumber: '21187B0042' }), 'usb-21187B0042'],
    ['serial without one: its vendor', serial({ serialNumber: '0' }), 'usb-0c2e'],
    ['serial with nothing known', { kind: 'serial', path: '/dev/ttyACM9' }, 'usb-serial'],
    [
      'HID-POS with a serial number',
      { kind: 'hidPos', path: '/dev/hidraw2', vendorId: '0x0C2E', productId: '0B87', serialNumber: 'HP0001' },
      'hid-0c2e-0b87-HP0001',
    ],
    ['HID keyboard without one', { kind: 'hidKeyboard', path: '/dev/hidraw3', vendorId: '27dd', productId: '0103' }, 'hid-27dd-0103'],
  ];
  for (const [what, found, id] of cases) t.equal(firstDeviceId(found), id, what);
});

t.test('deskByRule: the first rule whose every given field matches', async (t) => {
  const rules: DeskRule[] = [
    { desk: 'quay-1', serialNumber: '21187B0042' },
    { desk: 'quay-2', vendorId: '0x0C2E', productId: '0b61', path: '1-1.3' },
    { desk: 'quay-3', vendorId: '1eab' },
    { desk: 'quay-4', path: '/dev/hidraw7' },
  ];
  const cases: Array<[string, FoundScanner, string | null]> = [
    ['by serial number (trimmed as the OS may pad it)', serial({ serialNumber: ' 21187B0042 ' }), 'quay-1'],
    ['by make and USB port, ids in any case', serial({ vendorId: '0C2E', productId: '0B61', location: '1-1.3' }), 'quay-2'],
    ['by make and port given as the path', serial({ path: '1-1.3' }), 'quay-2'],
    ['same make, another port: not that rule', serial({ location: '1-1.4' }), null],
    ['any scanner of a maker', { kind: 'hidPos', path: '/dev/hidraw2', ...hidIds(0x1eab, 0x1d06) }, 'quay-3'],
    ['a HID scanner by its device path', { kind: 'hidKeyboard', path: '/dev/hidraw7', ...hidIds(0x27dd, 0x0103) }, 'quay-4'],
    ['a serial rule never matches a scanner without a serial number', serial({ vendorId: '05e0', location: '1-2' }), null],
  ];
  for (const [what, found, desk] of cases) t.equal(deskByRule(rules, found), desk, what);
  t.equal(deskByRule([], serial({ serialNumber: '21187B0042' })), null, 'no rules: no desk from rules');
  t.equal(
    deskByRule(
      [
        { desk: 'a', vendorId: '0c2e' },
        { desk: 'b', vendorId: '0c2e' },
      ],
      serial(),
    ),
    'a',
    'rules are tried in order',
  );
});

t.test('hidIds: node-hid numbers as the four hex digits the OS shows', async (t) => {
  t.same(hidIds(0x0c2e, 0x0b87), { vendorId: '0c2e', productId: '0b87' });
  t.same(hidIds(0x5e0, 0x1), { vendorId: '05e0', productId: '0001' }, 'padded to four digits');
  t.same(hidIds(0xda23, 0xffff), { vendorId: 'da23', productId: 'ffff' });
});
