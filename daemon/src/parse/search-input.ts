// What a receptionist types into the one search box -> what it is, or precisely what is wrong.
// Accepts spaces, dots, dashes and full-width digits/letters (IMEs and phone keyboards produce them).

import { explainBhytCode, type BhytCodeExplained } from './bhyt-code.ts';
import { collapseSpaces } from './card-payload.ts';
import { isoDate, parseLooseDate, todayInVietnam } from './dates.ts';
import { SEARCH_DETAILS, SEARCH_ERRORS, warningOf, type CodedMessage, type Message, type ParseWarningCode, type SearchErrorCode } from './messages.ts';
import { idFacts, type Sex } from './personal-id.ts';

export { SEARCH_ERRORS, type SearchErrorCode };

export type SearchQuery =
  | { readonly kind: 'cccd'; readonly value: string; readonly province: string | null; readonly birthYear: number; readonly sex: Sex }
  | { readonly kind: 'cmnd'; readonly value: string }
  | { readonly kind: 'bhxh'; readonly value: string }
  | { readonly kind: 'bhyt'; readonly value: string; readonly explained: BhytCodeExplained }
  | { readonly kind: 'nameDob'; readonly value: string; readonly name: string; readonly dob: string };

export type SearchResult =
  ({ readonly ok: true; readonly warnings: readonly CodedMessage[] } & SearchQuery) | { readonly ok: false; readonly error: CodedMessage };

function fail(code: SearchErrorCode, extra?: Message): SearchResult {
  const m = SEARCH_ERRORS[code];
  return {
    ok: false,
    error: extra ? { code, vi: `${m.vi} ${extra.vi}`, en: `${m.en} ${extra.en}` } : { code, vi: m.vi, en: m.en },
  };
}

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space -> ASCII. */
function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const NAME_SHAPE = /^[\p{L}\p{M}]+(?:[ '’.-][\p{L}\p{M}]+)+$/u;

export function parseSearchInput(input: string, today: string = todayInVietnam()): SearchResult {
  const text = halfWidth(input.normalize('NFC')).trim();
  if (text === '') return fail('searchEmpty');
  const compact = text.replace(/[\s.\-_/]/g, '');
  if (/^\d+$/.test(compact)) return byDigits(compact, today);
  if (/^[A-Za-z]{2}[0-9A-Za-z]{13}$/.test(compact)) return byBhytCode(compact.toUpperCase());
  if (/^[A-Za-z]{2}\d/.test(compact) && !/\s/.test(text)) return fail('bhytShape', SEARCH_DETAILS.charactersFound(compact.length));
  if (/\p{L}/u.test(text)) return byNameDob(text, today);
  return fail('searchUnrecognized');
}

function byDigits(d: string, today: string): SearchResult {
  if (d.length === 9) return { ok: true, kind: 'cmnd', value: d, warnings: [] };
  if (d.length === 10) return { ok: true, kind: 'bhxh', value: d, warnings: [] };
  if (d.length !== 12) return fail('searchDigitCount', SEARCH_DETAILS.digitsTyped(d.length));
  const facts = idFacts(d);
  const warnings: ParseWarningCode[] = [];
  if (facts.province === null) warnings.push('unknownProvince');
  if (Number(d[3]) > 3) warnings.push('idCenturyUnusual');
  if (facts.birthYear > Number(today.slice(0, 4))) return fail('idFutureYear');
  return { ok: true, kind: 'cccd', value: d, province: facts.province, birthYear: facts.birthYear, sex: facts.sex, warnings: warnings.map(warningOf) };
}

function byBhytCode(code: string): SearchResult {
  const level = code[2]!;
  if (!/[1-5]/.test(level)) return fail('bhytLevel', SEARCH_DETAILS.levelGot(level));
  const explained = explainBhytCode(code);
  if (!explained) return fail('bhytShape');
  const warnings: ParseWarningCode[] = [];
  if (explained.loose) warnings.push('bhytCodeLoose');
  if (!explained.group.known) warnings.push('bhytGroupUnknown');
  if (explained.province.name === null) warnings.push('unknownProvince');
  return { ok: true, kind: 'bhyt', value: code, explained, warnings: warnings.map(warningOf) };
}

const DATE_AT_END = /[\s,;]+(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{8}|\d{4})$/;
const DATE_AT_START = /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{8}|\d{4})[\s,;]+/;

function byNameDob(text: string, today: string): SearchResult {
  const end = DATE_AT_END.exec(text);
  const start = end ? null : DATE_AT_START.exec(text);
  const m = end ?? start;
  if (!m) return /\d/.test(text) ? fail('dobInvalid') : fail('nameNeedsDob');
  const name = collapseSpaces(end ? text.slice(0, m.index) : text.slice(m[0].length)).replace(/[,;]+$/, '');
  if (!NAME_SHAPE.test(name)) return fail('nameInvalid');
  const raw = m[1]!;
  const dob = raw.length === 4 ? (isoDate(Number(raw), 1, 1) ? raw : null) : parseLooseDate(raw);
  if (!dob || dob > today.slice(0, dob.length)) return fail('dobInvalid');
  const warnings = dob.length === 4 ? [warningOf('dobYearOnly')] : [];
  return { ok: true, kind: 'nameDob', value: `${name} ${dob}`, name, dob, warnings };
}
