// What a keyboard-wedge scanner "types": HID key positions turned into characters on a US layout
// (docs/research/scanner-protocols.md §2.2). A wrong entry corrupts an ID number or the `|`
// separator of every card read in keyboard mode; and because no key types a Vietnamese letter,
// names arrive without them, which is why keyboard mode raises a health warning for the technician.

import t from 'tap';
import { charToUsage, SHIFT_MASK, usageToChar } from '../../../../drivers/src/hid-keyboard/usage-to-char.ts';

t.test('the US-layout table, unshifted and shifted', async (t) => {
  const cases: Array<[number, string | null, string | null]> = [
    // usage, unshifted, shifted
    [0x04, 'a', 'A'],
    [0x1d, 'z', 'Z'],
    [0x1e, '1', '!'],
    [0x26, '9', '('],
    [0x27, '0', ')'],
    [0x28, '\r', '\r'], // Enter
    [0x2b, '\t', '\t'],
    [0x2c, ' ', ' '],
    [0x2d, '-', '_'],
    [0x2e, '=', '+'],
    [0x2f, '[', '{'],
    [0x30, ']', '}'],
    [0x31, '\\', '|'], // the CCCD field separator is Shift+backslash
    [0x33, ';', ':'],
    [0x34, "'", '"'],
    [0x35, '`', '~'],
    [0x36, ',', '<'],
    [0x37, '.', '>'],
    [0x38, '/', '?'],
    [0x54, '/', '/'], // keypad operators ignore Shift
    [0x55, '*', '*'],
    [0x56, '-', '-'],
    [0x57, '+', '+'],
    [0x58, '\r', '\r'], // keypad Enter
    [0x59, '1', '1'], // keypad digits (Alt mode)
    [0x61, '9', '9'],
    [0x62, '0', '0'],
    [0x63, '.', '.'],
  ];
  for (const [usage, plain, shifted] of cases) {
    const hex = `0x${usage.toString(16)}`;
    t.equal(usageToChar(usage, false), plain, `${hex} unshifted`);
    t.equal(usageToChar(usage, true), shifted, `${hex} shifted`);
  }
});

t.test('keys that type nothing give null', async (t) => {
  const cases: Array<[number, string]> = [
    [0x00, 'no key'],
    [0x01, 'roll-over error'],
    [0x03, 'undefined'],
    [0x29, 'Esc'],
    [0x2a, 'Backspace'],
    [0x32, 'non-US #'],
    [0x39, 'Caps Lock'],
    [0x3a, 'F1'],
    [0x64, 'non-US backslash'],
    [0xe1, 'Left Shift as a key'],
  ];
  for (const [usage, what] of cases) {
    t.equal(usageToChar(usage, false), null, `${what} unshifted`);
    t.equal(usageToChar(usage, true), null, `${what} shifted`);
  }
});

t.test('either shift key counts as Shift', async (t) => {
  t.ok((0x02 & SHIFT_MASK) !== 0, 'left shift (modifier bit 1)');
  t.ok((0x20 & SHIFT_MASK) !== 0, 'right shift (modifier bit 5)');
  for (const other of [0x01, 0x04, 0x08, 0x10, 0x40, 0x80]) t.equal(other & SHIFT_MASK, 0, `modifier 0x${other.toString(16)} is not Shift`);
});

t.test('every printable ASCII character has a key, and typing it gives it back', async (t) => {
  const missing: string[] = [];
  for (let c = 0x20; c <= 0x7e; c++) {
    const ch = String.fromCharCode(c);
    const key = charToUsage(ch);
    if (!key || usageToChar(key.usage, key.shift) !== ch) missing.push(ch);
  }
  t.same(missing, [], 'all 95 printable characters survive keyboard mode');
  t.same(charToUsage('|'), { usage: 0x31, shift: true });
  t.same(charToUsage('0'), { usage: 0x27, shift: false }, 'the main-row digit, not the keypad one');
  t.same(charToUsage('\r'), { usage: 0x28, shift: false });
});

t.test('no key types a Vietnamese or other non-ASCII letter', async (t) => {
  for (const ch of ['ễ', 'ă', 'Đ', 'đ', 'ơ', 'ư', 'é', 'Ü', '€', '\u0000']) t.equal(charToUsage(ch), null, JSON.stringify(ch));
});
