// The Vietnamese DG13 of a chip CCCD: the card's identity data as the issuer signed it (tag 6D, a run
// of SEQUENCE{INTEGER n, value}; docs/research/chip-readers.md §2). The public parsers match byte
// prefixes that embed one sample card's lengths; this one walks the TLV, so a longer address (whose
// length goes long-form) or a missing field reads the same as any other.
//
// The result never carries card data in its failure reason: a reason is logged, the fields are not.

import * as asn1js from 'asn1js';

export interface Dg13Fields {
  readonly id?: string;
  readonly name?: string;
  /** As written on the chip (seen as DD/MM/YYYY); dg13Date() turns it into ISO. */
  readonly dob?: string;
  readonly sex?: string;
  readonly nationality?: string;
  readonly ethnicity?: string;
  readonly religion?: string;
  readonly origin?: string;
  readonly residence?: string;
  /** Identifying marks (đặc điểm nhận dạng). */
  readonly marks?: string;
  readonly issueDate?: string;
  /** A date, or a text such as "Không thời hạn" on cards that do not expire. */
  readonly expiryDate?: string;
  readonly father?: string;
  readonly mother?: string;
  readonly spouse?: string;
  /** The 9-digit CMND the holder had before. */
  readonly oldId?: string;
}

export type Dg13Result = { readonly ok: true; readonly fields: Dg13Fields } | { readonly ok: false; readonly reason: string };

type SingleField = Exclude<keyof Dg13Fields, 'father' | 'mother'>;

// n → field. 15 is the old ID and 16 an unknown 16-character string, per the Java reader and jmrtd's
// DG13File (docs/research/chip-readers.md §2); one unattributed JS parser maps 16 to the old ID, a
// conflict the note marks unconfirmed, so 16 is ignored rather than guessed.
const FIELD_OF: ReadonlyMap<number, SingleField> = new Map<number, SingleField>([
  [1, 'id'],
  [2, 'name'],
  [3, 'dob'],
  [4, 'sex'],
  [5, 'nationality'],
  [6, 'ethnicity'],
  [7, 'religion'],
  [8, 'origin'],
  [9, 'residence'],
  [10, 'marks'],
  [11, 'issueDate'],
  [12, 'expiryDate'],
  [14, 'spouse'],
  [15, 'oldId'],
]);
const PARENTS = 13;
/** DG13 is an application-class constructed tag 13: the byte 6D. */
const DG13_TAG_CLASS = 2;
const DG13_TAG_NUMBER = 13;
/** How deep a value's strings are looked for: the parents sit one SEQUENCE down. */
const MAX_VALUE_DEPTH = 3;

class Dg13Error extends Error {}

/** Reads a DG13 file (tag and length included). Unknown field numbers are skipped; absent fields stay absent. */
export function parseDg13(bytes: Buffer): Dg13Result {
  try {
    return { ok: true, fields: readFields(rootEntries(bytes)) };
  } catch (error) {
    if (error instanceof Dg13Error) return { ok: false, reason: error.message };
    return { ok: false, reason: 'DG13 not decodable' };
  }
}

function rootEntries(bytes: Buffer): asn1js.BaseBlock[] {
  if (bytes.length === 0) throw new Dg13Error('DG13 empty');
  // A copy: asn1js may keep views on its input, and the caller's buffer is not ours to alias.
  const decoded = asn1js.fromBER(new Uint8Array(bytes));
  if (decoded.offset === -1) throw new Dg13Error('DG13 not BER');
  if (decoded.offset !== bytes.length) throw new Dg13Error('DG13 has trailing bytes');
  const root = decoded.result;
  const { tagClass, tagNumber, isConstructed } = root.idBlock;
  if (tagClass !== DG13_TAG_CLASS || tagNumber !== DG13_TAG_NUMBER || !isConstructed || !(root instanceof asn1js.Constructed)) {
    throw new Dg13Error('DG13 tag 6D expected');
  }
  return root.valueBlock.value;
}

function readFields(entries: asn1js.BaseBlock[]): Dg13Fields {
  const fields: Partial<Record<keyof Dg13Fields, string>> = {};
  const seen = new Set<number>();
  for (const entry of entries) {
    const { n, rest } = splitEntry(entry);
    // A number twice would leave the reader to guess which the issuer meant.
    if (seen.has(n)) throw new Dg13Error('DG13 field number repeated');
    seen.add(n);
    const texts = rest.flatMap((block) => stringsIn(block, MAX_VALUE_DEPTH));
    if (n === PARENTS) {
      setIfPresent(fields, 'father', texts[0]);
      setIfPresent(fields, 'mother', texts[1]);
      continue;
    }
    const field = FIELD_OF.get(n);
    if (field !== undefined) setIfPresent(fields, field, texts[0]);
  }
  return fields;
}

/** One entry: SEQUENCE{INTEGER n, value…}. Field 14 is seen with no value at all (an empty spouse). */
function splitEntry(entry: asn1js.BaseBlock): { n: number; rest: asn1js.BaseBlock[] } {
  if (!(entry instanceof asn1js.Sequence)) throw new Dg13Error('DG13 entry is not a SEQUENCE');
  const [first, ...rest] = entry.valueBlock.value;
  if (!(first instanceof asn1js.Integer)) throw new Dg13Error('DG13 entry does not start with an INTEGER');
  const n = Number(first.toBigInt());
  if (!Number.isSafeInteger(n)) throw new Dg13Error('DG13 field number out of range');
  return { n, rest };
}

// The parents are SEQUENCE{INTEGER 13, SEQUENCE{father}, SEQUENCE{mother}} on the cards the Java
// reader was written for; the note describes SEQUENCE{father, mother}. Collecting the strings in
// order, looking into nested SEQUENCEs, reads either layout.
function stringsIn(block: asn1js.BaseBlock, depth: number): string[] {
  const text = textOf(block);
  if (text !== null) return [text];
  if (depth > 0 && block instanceof asn1js.Sequence) return block.valueBlock.value.flatMap((inner) => stringsIn(inner, depth - 1));
  return [];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

// The 8-bit string types (PrintableString, IA5String, …) are ASCII by the standard; should an issuer
// put Vietnamese text in one, its bytes are UTF-8 far more likely than Latin-1, which asn1js assumes.
function textOf(block: asn1js.BaseBlock): string | null {
  if (block instanceof asn1js.Utf8String || block instanceof asn1js.BmpString || block instanceof asn1js.UniversalString) return block.getValue();
  if (!(block instanceof asn1js.BaseStringBlock)) return null;
  const latin1: string = block.getValue();
  // asn1js types the value block of its string base class loosely; every string type has these bytes.
  const bytes = (block as unknown as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView;
  try {
    return UTF8.decode(bytes);
  } catch {
    return latin1;
  }
}

function setIfPresent(fields: Partial<Record<keyof Dg13Fields, string>>, field: keyof Dg13Fields, text: string | undefined): void {
  // NFC: a chip may store "ễ" decomposed; compared or searched, it must equal the typed composed form.
  const clean = text?.normalize('NFC').trim();
  if (clean) fields[field] = clean;
}

const DMY = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DMY_PACKED = /^(\d{2})(\d{2})(\d{4})$/;

/** `DD/MM/YYYY`, `YYYY-MM-DD` or `DDMMYYYY` → `YYYY-MM-DD`; null when it is not a calendar date. */
export function dg13Date(text: string): string | null {
  const s = text.trim();
  const dmy = DMY.exec(s) ?? DMY_PACKED.exec(s);
  if (dmy) return isoIfReal(dmy[3]!, dmy[2]!, dmy[1]!);
  const iso = ISO.exec(s);
  return iso ? isoIfReal(iso[1]!, iso[2]!, iso[3]!) : null;
}

function isoIfReal(year: string, month: string, day: string): string | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  // Date.UTC rolls 31/02 over into March: a date is real when it comes back unchanged.
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1000 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${year}-${month}-${day}`;
}
