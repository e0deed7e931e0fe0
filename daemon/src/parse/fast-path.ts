// The common case, answered from the bytes: a clean 2021/2024 card payload (valid UTF-8, NFC-stable,
// single spaces, no mojibake). It only ever *accepts*: anything unusual returns null and the general
// parser (card-payload.ts) decides, with its precise errors and warnings. A property test requires
// both to give the same result wherever this one answers, so the rules cannot drift apart.

import type { CccdIdentity } from './identity.ts';
import { daysInMonth } from './dates.ts';
import type { CodedMessage } from './messages.ts';
import { PROVINCES } from './province-codes.ts';

type Accepted = CccdIdentity & { readonly ok: true; readonly warnings: readonly CodedMessage[] };

const PIPE = 0x7c;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const NO_EXTRA: readonly string[] = [];
const EMPTY_EXTRA: readonly string[] = ['', '', '', ''];

function digit(b: Uint8Array, i: number): number {
  const d = b[i]! - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** ddmmyyyy at b[s..s+8) -> ISO date, or null when not a real date. */
function date8(b: Buffer, s: number): string | null {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const d = digit(b, s + i);
    if (d < 0) return null;
    v = v * 10 + d;
  }
  const day = Math.floor(v / 1_000_000);
  const month = Math.floor(v / 10_000) % 100;
  const year = v % 10_000;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${TWO[month]}-${TWO[day]}`;
}

/** Letters (ASCII, Latin-1/Extended, Vietnamese precomposed) in words joined by single spaces. */
function isCleanName(s: string): boolean {
  if (s.length === 0) return false;
  let prevLetter = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) {
      prevLetter = true;
    } else if (c === 0x20 && prevLetter) {
      prevLetter = false;
    } else {
      return false;
    }
  }
  return prevLetter;
}

/** One pass over the bytes: the positions of the field separators, or null for anything the
 *  general path must look at (control bytes, double or edge spaces, bytes that need NFC, mojibake or
 *  invalid UTF-8). */
function separators(b: Buffer): number[] | null {
  const n = b.length;
  const pipes: number[] = [];
  let prev = PIPE;
  for (let i = 0; i < n; i++) {
    const x = b[i]!;
    if (x < 0x80) {
      if (x === PIPE) {
        if (prev === 0x20 || pipes.length === 10) return null;
        pipes.push(i);
      } else if (x === 0x20) {
        if (prev === 0x20 || prev === PIPE) return null;
      } else if (x < 0x20 || x === 0x7f) return null;
      prev = x;
      continue;
    }
    if (x >= 0xc3 && x <= 0xcb) {
      // U+00C0–U+02FF: NFC-stable letters. C3 followed by C5/C6/CB is how Windows-1252 mojibake
      // looks (Ã then Å/Æ/Ë…), and C2 (U+0080–U+00BF) is controls and symbols: the general path decides.
      const y = b[i + 1];
      if (y === undefined || y < 0x80 || y > 0xbf) return null;
      const z = b[i + 2];
      if (x === 0xc3 && (z === 0xc5 || z === 0xc6 || z === 0xcb)) return null;
      i += 1;
    } else if (x === 0xe1) {
      // U+1E00–U+1EFF (E1 B8..BB xx): Vietnamese precomposed letters, NFC-stable.
      const y = b[i + 1];
      const z = b[i + 2];
      if (y === undefined || y < 0xb8 || y > 0xbb || z === undefined || z < 0x80 || z > 0xbf) return null;
      i += 2;
    } else {
      return null;
    }
    prev = 0x80;
  }
  return prev === 0x20 ? null : pipes;
}

/** The sex field as the card writes it: "Nam" or "Nữ" (UTF-8), else null. */
function sexAt(b: Buffer, p3: number, p4: number): 'M' | 'F' | null {
  const len = p4 - p3 - 1;
  if (len === 3 && b[p3 + 1] === 0x4e && b[p3 + 2] === 0x61 && b[p3 + 3] === 0x6d) return 'M';
  if (len === 4 && b[p3 + 1] === 0x4e && b[p3 + 2] === 0xe1 && b[p3 + 3] === 0xbb && b[p3 + 4] === 0xaf) return 'F';
  return null;
}

/**
 * @param b     the trimmed bytes of one read
 * @param today ISO date
 */
export function fastParse(b: Buffer, today: string): Accepted | null {
  const n = b.length;
  if (n < 40 || n > 1024) return null;
  const pipes = separators(b);
  if (!pipes) return null;
  const fields = pipes.length + 1;
  if (fields !== 7 && fields !== 11) return null;
  // Fields: 0 id [0,p0) · 1 old id · 2 name · 3 dob · 4 sex · 5 address · 6 issue date · 7–10 (2024) empty.
  const [p0, p1, p2, p3, p4, p5] = pipes as [number, number, number, number, number, number];
  const issueEnd = fields === 7 ? n : pipes[6]!;
  if (fields === 11 && !(pipes[7] === issueEnd + 1 && pipes[8] === issueEnd + 2 && pipes[9] === issueEnd + 3 && n === issueEnd + 4)) return null;
  if (p0 !== 12 || p3 - p2 !== 9 || issueEnd - p5 !== 9 || p5 - p4 < 2) return null;
  for (let i = 0; i < 12; i++) if (digit(b, i) < 0) return null;
  const oldLen = p1 - p0 - 1;
  if (oldLen !== 0 && oldLen !== 9) return null;
  for (let i = p0 + 1; i < p1; i++) if (digit(b, i) < 0) return null;

  const sex = sexAt(b, p3, p4);
  if (!sex) return null;

  const dob = date8(b, p2 + 1);
  const issueDate = date8(b, p5 + 1);
  if (!dob || !issueDate || dob > issueDate || issueDate > today) return null;
  const d4 = b[3]! - 48;
  const birthYear = 1900 + 100 * Math.floor(d4 / 2) + (b[4]! - 48) * 10 + (b[5]! - 48);
  const dobYear = (b[p2 + 5]! - 48) * 1000 + (b[p2 + 6]! - 48) * 100 + (b[p2 + 7]! - 48) * 10 + (b[p2 + 8]! - 48);
  if ((d4 % 2 === 0 ? 'M' : 'F') !== sex || birthYear !== dobYear) return null;
  const id = b.toString('latin1', 0, 12);
  if (!PROVINCES.has(id.slice(0, 3))) return null; // the general path adds the warning
  const name = b.toString('utf8', p1 + 1, p2);
  if (!isCleanName(name)) return null;
  return {
    ok: true,
    kind: fields === 7 ? 'cccd2021' : 'cccd2024',
    id,
    oldId: oldLen === 0 ? '' : b.toString('latin1', p0 + 1, p1),
    name,
    dob,
    sex,
    address: b.toString('utf8', p4 + 1, p5),
    issueDate,
    extra: fields === 7 ? NO_EXTRA : EMPTY_EXTRA,
    warnings: [],
  };
}
