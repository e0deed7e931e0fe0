// Bytes of one scanner read -> NFC text. Pure; no I/O.
//
// Validity is checked natively (buffer.isUtf8, strict: no overlongs, no surrogates); a failure is
// then told apart as "cut off inside a multi-byte letter" (truncated) or "not UTF-8" (encoding).

import { isUtf8 } from 'node:buffer';
import type { ParseWarningCode } from './messages.ts';

export type DecodeResult =
  | { readonly ok: true; readonly text: string; readonly byteLength: number; readonly warnings: readonly ParseWarningCode[] }
  | { readonly ok: false; readonly code: 'encoding' | 'truncated' | 'empty' };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Control characters and spaces a scanner or a keyboard wedge adds around a payload.
function isEdgeJunk(byte: number): boolean {
  return byte <= 0x20 || byte === 0x7f;
}

export function trimRead(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  for (;;) {
    while (start < end && isEdgeJunk(bytes[start]!)) start++;
    // A BOM may sit before or after leading whitespace; strip it wherever it leads.
    if (end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) {
      start += 3;
      continue;
    }
    break;
  }
  while (end > start && isEdgeJunk(bytes[end - 1]!)) end--;
  return bytes.subarray(start, end);
}

/** Length of an incomplete UTF-8 sequence at the very end of `bytes` (0 when it ends cleanly). */
function danglingTail(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

interface ByteScan {
  /** A code point outside the ranges that are always NFC (ASCII, Latin, Vietnamese precomposed). */
  readonly mayNeedNfc: boolean;
  /** UTF-8 of a Latin-1 letter U+00C2–U+00F4 followed by UTF-8 of a byte-as-text (U+0080–U+00BF or a
   *  CP1252 special): the signature of UTF-8 that went through a Windows-1252 decoder. */
  readonly mojibakeHint: boolean;
}

/** One pass over valid UTF-8 bytes answers both questions (this is the hot path of every read). */
function scanBytes(b: Uint8Array): ByteScan {
  let mayNeedNfc = false;
  let mojibakeHint = false;
  for (let i = 0; i < b.length; i++) {
    const x = b[i]!;
    if (x < 0x80) continue;
    if (x < 0xe0) {
      // Two-byte sequence: U+0080–U+02FF (lead C2–CB) never changes under NFC; CC–DF does or may.
      if (x >= 0xcc) mayNeedNfc = true;
      else if (x === 0xc3 && !mojibakeHint) {
        const y = b[i + 1]!;
        const next = b[i + 2];
        if (y >= 0x82 && y <= 0xb4 && (next === 0xc2 || next === 0xc5 || next === 0xc6 || next === 0xcb || next === 0xe2)) mojibakeHint = true;
      }
      i += 1;
    } else if (x < 0xf0) {
      // Three-byte: only U+1E00–U+1EFF (E1 B8–BB) is known NFC-stable.
      if (!(x === 0xe1 && b[i + 1]! >= 0xb8 && b[i + 1]! <= 0xbb)) mayNeedNfc = true;
      i += 2;
    } else {
      mayNeedNfc = true;
      i += 3;
    }
  }
  return { mayNeedNfc, mojibakeHint };
}

export function decodeRead(raw: Uint8Array): DecodeResult {
  const bytes = trimRead(raw);
  if (bytes.length === 0) return { ok: false, code: 'empty' };
  if (!isUtf8(bytes)) {
    const tail = danglingTail(bytes);
    if (tail > 0 && isUtf8(bytes.subarray(0, bytes.length - tail))) return { ok: false, code: 'truncated' };
    return { ok: false, code: 'encoding' };
  }
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let text = buf.toString('utf8');
  const scan = scanBytes(bytes);
  const warnings: ParseWarningCode[] = [];
  let needNfc = scan.mayNeedNfc;
  if (scan.mojibakeHint) {
    const repaired = repairMojibake(text);
    if (repaired !== null) {
      text = repaired;
      needNfc = true;
      warnings.push('encodingRepaired');
    }
  }
  if (needNfc) text = text.normalize('NFC');
  return { ok: true, text, byteLength: bytes.length, warnings };
}

// --- mojibake: UTF-8 bytes that went through a Windows-1252 / Latin-1 decoder on the way ---

const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
};

/** Returns the repaired text, or null when the text is not mojibake (or cannot be repaired safely). */
export function repairMojibake(text: string): string | null {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b = c <= 0xff ? c : CP1252_HIGH[c];
    if (b === undefined) return null; // a real Vietnamese letter (outside CP1252): not mojibake
    bytes[i] = b;
  }
  try {
    const fixed = strictUtf8.decode(bytes);
    return fixed === text ? null : fixed;
  } catch {
    return null;
  }
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}
