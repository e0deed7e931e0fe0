// Which USB devices discovery treats as 2D scanners: a scanner of a known maker is found whatever
// form the OS gives its vendor id in (lower-case on Linux/macOS, upper-case on Windows, with or
// without 0x, or a number from node-hid), and a generic USB-serial bridge is never picked up, so
// the daemon cannot open a modem or a card reader by mistake (docs/research/scanner-protocols.md §5).

import t from 'tap';
import { hex4, SCANNER_VENDORS, scannerVendor } from '../../../../drivers/src/discovery/fingerprints.ts';

t.test('a scanner maker is recognised in every form the OS reports its vendor id', async (t) => {
  const cases: Array<[string, string | number, string]> = [
    ['Linux, lower-case', '0c2e', 'Honeywell (Metrologic)'],
    ['Windows, upper-case', '0C2E', 'Honeywell (Metrologic)'],
    ['with 0x', '0x1eab', 'Newland'],
    ['with 0X and upper-case digits', '0X1EAB', 'Newland'],
    ['leading zero dropped', '5e0', 'Zebra (Symbol)'],
    ['a number (node-hid)', 0x05f9, 'Datalogic (PSC)'],
    ['a number below 0x1000', 0x0536, 'Honeywell (Hand Held Products)'],
    ['the unregistered id of Vietnamese CCCD readers', 'DA23', 'unregistered VID seen on Vietnamese CCCD readers'],
  ];
  for (const [what, id, maker] of cases) t.equal(scannerVendor(id), maker, `${what}: ${String(id)}`);
});

t.test('generic bridges and unknown or missing ids are not scanners', async (t) => {
  const cases: Array<[string, string | number | undefined]> = [
    ['CH340 USB-serial bridge', '1a86'],
    ['FTDI bridge', '0403'],
    ['Prolific bridge', 0x067b],
    ['a Silicon Labs bridge', '10C4'],
    ['no vendor id (a built-in COM port)', undefined],
    ['an empty string', ''],
  ];
  for (const [what, id] of cases) t.equal(scannerVendor(id), null, what);
});

t.test('every maker on the list is reachable from its id', async (t) => {
  for (const [id, maker] of SCANNER_VENDORS) {
    t.match(id, /^[0-9a-f]{4}$/, `${maker}: stored as four lower-case hex digits`);
    t.equal(scannerVendor(parseInt(id, 16)), maker, `${maker} from the number node-hid gives`);
  }
});

t.test('hex4 writes ids as usb.ids and udev do: four lower-case hex digits', async (t) => {
  const cases: Array<[number, string]> = [
    [0x0c2e, '0c2e'],
    [0x1eab, '1eab'],
    [0x5e0, '05e0'],
    [0x10, '0010'],
    [0, '0000'],
    [0xffff, 'ffff'],
  ];
  for (const [id, text] of cases) t.equal(hex4(id), text);
});
