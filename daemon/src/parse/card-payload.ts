// One scanner read -> a validated identity, or a precise, coded rejection.
// Pure and synchronous: used by the scan pipeline, the webcam path, the CLI and the fuzz tests.
// Field layout and variants: docs/research/qr-formats.md §1 and §3.5.

import { parseBhytQr } from './bhyt-qr.ts';
import type { CardIdentity, CccdIdentity, ParseResult } from './identity.ts';
import { parseDdmmyyyy, todayInVietnam } from './dates.ts';
import { errorOf, PARSE_DETAILS, warningOf, type CodedMessage, type Message, type ParseErrorCode, type ParseWarningCode } from './messages.ts';
import { idFacts, parseSexWord } from './personal-id.ts';
import { fastParse } from './fast-path.ts';
import { decodeRead, toHex, trimRead } from './text-decode.ts';
import { appQrKind } from './app-qr.ts';

/** A CCCD QR is ~100–180 bytes; anything past this is not a card (and bounds the work per read). */
export const MAX_PAYLOAD_BYTES = 1024;

export type { CardIdentity, CccdIdentity, ParseResult };

export interface ParseOptions {
  /** ISO date used for "not in the future" checks; defaults to today in Vietnam. */
  readonly today?: string;
}

class Reject {
  constructor(
    readonly code: ParseErrorCode,
    readonly detail?: Message,
  ) {}
}

const NAME_SHAPE = /^[\p{L}\p{M}]+(?:[ '’.-][\p{L}\p{M}]+)*$/u;
const YMD_DASHED = /^\d{4}-\d{2}-\d{2}$/;
const DMY_SLASHED = /^\d{1,2}\/\d{1,2}\/\d{4}$/;

export function collapseSpaces(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

export function parsePayload(raw: Uint8Array, options: ParseOptions = {}): ParseResult {
  const today = options.today ?? todayInVietnam();
  if (raw.length <= MAX_PAYLOAD_BYTES * 4) {
    const trimmed = trimRead(raw);
    const fast = fastParse(Buffer.isBuffer(trimmed) ? trimmed : Buffer.from(trimmed.buffer, trimmed.byteOffset, trimmed.length), today);
    if (fast) return fast;
  }
  return parsePayloadGeneral(raw, today);
}

/** Every rule, every error and warning; `parsePayload` tries the byte-level fast path first. */
export function parsePayloadGeneral(raw: Uint8Array, today: string): ParseResult {
  try {
    // Bound the work before decoding: even padded with whitespace, a card payload is far below this.
    if (raw.length > MAX_PAYLOAD_BYTES * 4) throw new Reject('tooLong');
    const decoded = decodeRead(raw);
    if (!decoded.ok) throw new Reject(decoded.code);
    if (decoded.byteLength > MAX_PAYLOAD_BYTES) throw new Reject('tooLong');
    return recognise(decoded.text, [...decoded.warnings], today);
  } catch (e) {
    if (!(e instanceof Reject)) throw e;
    return { ok: false, error: errorOf(e.code, e.detail), rawHex: toHex(raw) };
  }
}

type OkResult = Extract<ParseResult, { ok: true }>;

const codedWarnings = (codes: ParseWarningCode[]): CodedMessage[] => codes.map(warningOf);

function recognise(text: string, warnings: ParseWarningCode[], today: string): OkResult {
  const app = appQrKind(text);
  if (app) throw new Reject(app);
  if (!text.includes('|')) throw new Reject('notCccd');
  if (text.endsWith('$')) {
    const bhyt = parseBhytQr(text, today);
    if (!bhyt.ok) throw new Reject(bhyt.code, bhyt.detail);
    warnings.push(...bhyt.warnings);
    return { ok: true, ...bhyt.identity, warnings: codedWarnings(warnings) };
  }
  const f = text.split('|');
  const n = f.length;
  const first = f[0]!;
  if (n === 6 && (first.includes('*') || YMD_DASHED.test(f[2]!))) throw new Reject('covidQr');
  if (!/^\d{12}$/.test(first)) {
    if (/^\d{9,15}$/.test(first)) throw new Reject('idFormat', PARSE_DETAILS.digitsFound(first.length));
    // A BHYT card QR whose final `$` never arrived.
    if (/^[A-Z]{2}\d{13}$|^\d{10}$/.test(first) && n >= 3) throw new Reject('truncated');
    throw new Reject('notCccd');
  }
  if (n === 6 && DMY_SLASHED.test(f[2]!)) throw new Reject('reencoded');
  if (n < 7) throw new Reject('truncated');
  if (n === 7 && !/^\d{8}$/.test(f[6]!) && /^\d{0,7}$/.test(f[6]!)) throw new Reject('truncated');
  if (n > 7 && n < 11) throw new Reject('truncated');
  if (n > 11) throw new Reject('fieldCount', PARSE_DETAILS.fieldsFound(n));
  return validateCccd(f, n === 7 ? 'cccd2021' : 'cccd2024', warnings, today);
}

function validateCccd(f: string[], kind: CccdIdentity['kind'], warnings: ParseWarningCode[], today: string): OkResult {
  const id = f[0]!;
  const oldId = f[1]!.trim();
  if (oldId !== '' && !/^\d+$/.test(oldId)) throw new Reject('oldIdFormat');
  if (oldId !== '' && oldId.length !== 9) warnings.push('oldIdUnusual');

  const name = collapseSpaces(f[2]!);
  if (!NAME_SHAPE.test(name)) throw new Reject('nameInvalid');

  const dob = parseDdmmyyyy(f[3]!.trim());
  if (!dob) throw new Reject('dateInvalid', PARSE_DETAILS.dob);
  const issueDate = parseDdmmyyyy(f[6]!.trim());
  if (!issueDate) throw new Reject('dateInvalid', PARSE_DETAILS.issueDate);
  if (!(dob <= issueDate && issueDate <= today)) throw new Reject('dateOrder');

  const sex = parseSexWord(f[4]!);
  if (!sex) throw new Reject('sexInvalid');

  const facts = idFacts(id);
  if (facts.sex !== sex || facts.birthYear !== Number(dob.slice(0, 4))) {
    throw new Reject('idMismatch', PARSE_DETAILS.idSays(facts.sex, facts.birthYear));
  }
  if (facts.province === null) warnings.push('unknownProvince');

  const address = collapseSpaces(f[5]!);
  if (address === '') warnings.push('addressMissing');
  const extra = f.slice(7);
  if (extra.some((x) => x !== '')) warnings.push('extraFieldsPresent');
  return { ok: true, kind, id, oldId, name, dob, sex, address, issueDate, extra, warnings: codedWarnings(warnings) };
}
