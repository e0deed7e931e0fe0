// Comparing what two reads say of a person (the chip's signed DG13 and the reader service's text; a
// chip read and a QR read later in the visit): dates written either way, names in any case or
// spacing, sex as Nam/Nữ or M/F. Kept apart from chip-identity.ts so the desk's visit store can use it
// without loading the chip's parsers and verifier (pkijs, asn1js), which wait for the first card.

import { isoDate, parseLooseDate } from '../parse/dates.ts';
import { nameKey } from '../parse/name-key.ts';

/** The identity fields compared. */
export type ComparedField = 'id' | 'oldId' | 'name' | 'dob' | 'sex' | 'address' | 'issueDate';

/** What the two sources say, as one shape. */
export interface Said {
  readonly id?: string;
  readonly oldId?: string;
  readonly name?: string;
  readonly dob?: string;
  readonly sex?: string;
  readonly address?: string;
  readonly issueDate?: string;
  readonly expiryDate?: string;
}

/** A date as a chip service or the DG13 writes it (DD/MM/YYYY, DDMMYYYY, or ISO) -> ISO, or null. */
export function chipDate(s: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return iso ? isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) : parseLooseDate(s);
}

export const SEXES: Readonly<Record<string, 'M' | 'F'>> = { nam: 'M', male: 'M', m: 'M', nữ: 'F', nu: 'F', female: 'F', f: 'F' };

/** The same value, written either way (dates as DD/MM/YYYY or ISO, names in any case or spacing). */
function same(field: ComparedField, a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true; // one side did not say: nothing to compare
  if (field === 'dob' || field === 'issueDate') return chipDate(a) === chipDate(b);
  if (field === 'sex') return (SEXES[a.toLocaleLowerCase('vi')] ?? a) === (SEXES[b.toLocaleLowerCase('vi')] ?? b);
  return nameKey(a) === nameKey(b);
}

const COMPARED: readonly ComparedField[] = ['id', 'oldId', 'name', 'dob', 'sex', 'address', 'issueDate'];

export function differences(a: Said, b: Said): ComparedField[] {
  return COMPARED.filter((f) => !same(f, a[f], b[f]));
}
