// The 12-digit personal ID: PPP S YY RRRRRR (province, century+sex, year of birth, random).
// No check digit exists, so the only internal check is the century/sex/year cross-check against the
// date of birth and sex written beside it.

import { provinceOf } from './province-codes.ts';

export type Sex = 'M' | 'F';

export interface IdFacts {
  readonly province: string | null;
  /** Birth year encoded by digits 4–6. */
  readonly birthYear: number;
  readonly sex: Sex;
}

export function idFacts(id: string): IdFacts {
  const d = id.charCodeAt(3) - 48;
  const century = 1900 + 100 * Math.floor(d / 2);
  return {
    province: provinceOf(id.slice(0, 3)),
    birthYear: century + Number(id.slice(4, 6)),
    sex: d % 2 === 0 ? 'M' : 'F',
  };
}

const SEX_WORDS: ReadonlyMap<string, Sex> = new Map([
  ['nam', 'M'],
  ['nữ', 'F'],
]);

/** `Nam` / `Nữ` in any case and either Unicode composition -> M/F, or null. */
export function parseSexWord(s: string): Sex | null {
  // The card writes exactly `Nam` or `Nữ`: answer those without touching ICU (hot path).
  if (s === 'Nam') return 'M';
  if (s === 'Nữ') return 'F';
  return SEX_WORDS.get(s.normalize('NFC').trim().toLowerCase()) ?? null;
}
