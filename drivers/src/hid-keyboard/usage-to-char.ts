// Boot-keyboard usage ids -> characters, US layout (docs/research/scanner-protocols.md §2.2).
// This is what a wedge scanner "types": key positions, not characters, so anything outside this
// table (every Vietnamese letter) cannot be carried — the reason keyboard mode is a health warning.

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '1234567890';
const SHIFTED_DIGITS = '!@#$%^&*()';

const PLAIN: Record<number, string> = {
  0x28: '\r',
  0x2b: '\t',
  0x2c: ' ',
  0x2d: '-',
  0x2e: '=',
  0x2f: '[',
  0x30: ']',
  0x31: '\\',
  0x33: ';',
  0x34: "'",
  0x35: '`',
  0x36: ',',
  0x37: '.',
  0x38: '/',
  0x58: '\r',
};
const SHIFTED: Record<number, string> = {
  0x2d: '_',
  0x2e: '+',
  0x2f: '{',
  0x30: '}',
  0x31: '|',
  0x33: ':',
  0x34: '"',
  0x35: '~',
  0x36: '<',
  0x37: '>',
  0x38: '?',
};
const KEYPAD: Record<number, string> = { 0x54: '/', 0x55: '*', 0x56: '-', 0x57: '+', 0x62: '0', 0x63: '.' };

export const SHIFT_MASK = 0x02 | 0x20; // left or right shift

export function usageToChar(usage: number, shift: boolean): string | null {
  if (usage >= 0x04 && usage <= 0x1d) {
    const c = LETTERS[usage - 0x04]!;
    return shift ? c.toUpperCase() : c;
  }
  if (usage >= 0x1e && usage <= 0x27) return (shift ? SHIFTED_DIGITS : DIGITS)[usage - 0x1e]!;
  if (usage >= 0x59 && usage <= 0x61) return String(usage - 0x58);
  if (shift && SHIFTED[usage] !== undefined) return SHIFTED[usage];
  return PLAIN[usage] ?? KEYPAD[usage] ?? null;
}

/** The reverse, for simulators: which usage and shift state type `ch` on a US layout, or null. */
export function charToUsage(ch: string): { usage: number; shift: boolean } | null {
  for (let usage = 0x04; usage <= 0x38; usage++) {
    for (const shift of [false, true]) if (usageToChar(usage, shift) === ch) return { usage, shift };
  }
  return null;
}
