// What a technician may see of a rejected read: its shape, never its content. A rejected read is
// often a real card read badly (wrong code page, a lost HID report), so its bytes hold a patient's
// name and address; the technician needs only the field count, each field's length and the classes of
// characters in it, and the rule that failed, to tell a code-page problem from a truncated read.

import type { CharClass, FieldShape, ReadStructure } from '../api/contract.ts';

export type { CharClass, FieldShape, ReadStructure };

const VIETNAMESE = /[À-ỹĐđƠơƯư]/u;

function classOf(ch: string): CharClass {
  if (ch === '\uFFFD') return 'invalidUtf8';
  if (/[0-9]/.test(ch)) return 'digit';
  if (/[A-Za-z]/.test(ch)) return 'latin';
  if (VIETNAMESE.test(ch)) return 'vietnamese';
  if (/\s/u.test(ch)) return 'space';
  if (/[\p{Cc}\p{Cf}]/u.test(ch)) return 'control';
  if (/[\p{P}\p{S}]/u.test(ch)) return 'punct';
  return 'other';
}

const ORDER: readonly CharClass[] = ['digit', 'latin', 'vietnamese', 'space', 'punct', 'control', 'other', 'invalidUtf8'];

export function readStructure(bytes: Buffer, rule: string): ReadStructure {
  const text = bytes.toString('utf8');
  const fields = text.split('|').map((f): FieldShape => {
    const seen = new Set<CharClass>();
    for (const ch of f) seen.add(classOf(ch));
    return { length: [...f].length, classes: ORDER.filter((c) => seen.has(c)) };
  });
  return { bytes: bytes.length, fields, invalidUtf8: [...text].filter((c) => c === '\uFFFD').length, rule };
}

/** One line for the technician page: "3 fields: 12 digit | 9 digit | 14 latin+vietnamese+space". */
export function describeStructure(s: ReadStructure): string {
  const parts = s.fields.map((f) => (f.length === 0 ? 'empty' : `${f.length} ${f.classes.join('+')}`));
  return `${s.fields.length} field${s.fields.length === 1 ? '' : 's'}: ${parts.join(' | ')}${s.invalidUtf8 ? ` (${s.invalidUtf8} invalid UTF-8)` : ''}`;
}
