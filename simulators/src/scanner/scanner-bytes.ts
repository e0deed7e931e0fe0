// What a scanner puts on the wire for one payload: the payload's bytes in the scanner's output
// encoding, then its suffix. Shared by every simulated transport.

import type { Terminator } from '../../../drivers/src/serial/frame-splitter.ts';

export type SimTerminator = Exclude<Terminator, 'any'>;
export type OutputEncoding = 'utf8' | 'cp1252';

const SUFFIX: Record<SimTerminator, readonly number[]> = { CR: [0x0d], LF: [0x0a], CRLF: [0x0d, 0x0a], TAB: [0x09], ETX: [0x03], none: [] };

// Latin-1 plus the CP1252 specials; what a scanner set to a Western code page can emit.
const CP1252_SPECIALS = new Map<number, number>([
  [0x20ac, 0x80],
  [0x201a, 0x82],
  [0x0192, 0x83],
  [0x201e, 0x84],
  [0x2026, 0x85],
  [0x2020, 0x86],
  [0x2021, 0x87],
  [0x02c6, 0x88],
  [0x2030, 0x89],
  [0x0160, 0x8a],
  [0x2039, 0x8b],
  [0x0152, 0x8c],
  [0x017d, 0x8e],
  [0x2018, 0x91],
  [0x2019, 0x92],
  [0x201c, 0x93],
  [0x201d, 0x94],
  [0x2022, 0x95],
  [0x2013, 0x96],
  [0x2014, 0x97],
  [0x02dc, 0x98],
  [0x2122, 0x99],
  [0x0161, 0x9a],
  [0x203a, 0x9b],
  [0x0153, 0x9c],
  [0x017e, 0x9e],
  [0x0178, 0x9f],
]);

/** Windows-1252 bytes; letters it cannot hold (most Vietnamese ones) become `?`, as scanners do. */
export function encodeCp1252(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    out.push(c <= 0xff ? c : (CP1252_SPECIALS.get(c) ?? 0x3f));
  }
  return Buffer.from(out);
}

export function scannerBytes(payload: string | Uint8Array, terminator: SimTerminator, encoding: OutputEncoding = 'utf8'): Buffer {
  const body = typeof payload === 'string' ? (encoding === 'cp1252' ? encodeCp1252(payload) : Buffer.from(payload, 'utf8')) : Buffer.from(payload);
  return Buffer.concat([body, Buffer.from(SUFFIX[terminator])]);
}
