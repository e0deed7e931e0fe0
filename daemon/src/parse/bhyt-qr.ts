// QR on the paper BHYT (health-insurance) card: 15 `|`-separated fields ending in `$`, with the
// name and address written as hex of their UTF-8 bytes (docs/research/qr-formats.md §3.5).
// Fields 9–13 have unconfirmed meanings: kept verbatim in `extra`.

import { explainBhytCode } from './bhyt-code.ts';
import { parseLooseDate } from './dates.ts';
import { BHYT_QR_DETAILS, type Message, type ParseWarningCode } from './messages.ts';
import type { Sex } from './personal-id.ts';

export interface BhytCardIdentity {
  readonly kind: 'bhytCard';
  /** 15-character code (old cards) or the 10-digit BHXH number (cards from 04/2021). */
  readonly cardCode: string;
  readonly name: string;
  /** ISO date, or `YYYY` when the card carries the year only. */
  readonly dob: string;
  readonly sex: Sex;
  readonly address: string;
  /** Initial registration facility, 5 characters (`TT - CCC` with the separator removed). */
  readonly registeredFacility: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly issueDate: string | null;
  readonly extra: readonly string[];
}

export type BhytQrResult =
  | { readonly ok: true; readonly identity: BhytCardIdentity; readonly warnings: ParseWarningCode[] }
  | { readonly ok: false; readonly code: 'bhytFormat' | 'dateOrder'; readonly detail?: Message };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function hexText(hex: string): string | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  try {
    return strictUtf8.decode(Buffer.from(hex, 'hex')).normalize('NFC').trim().replace(/\s+/g, ' ');
  } catch {
    return null;
  }
}

function bad(detail: Message): BhytQrResult {
  return { ok: false, code: 'bhytFormat', detail };
}

function optionalDate(s: string | undefined): string | null | undefined {
  if (s === undefined || s.trim() === '' || s.trim() === '-') return null;
  return parseLooseDate(s.trim()) ?? undefined;
}

export function parseBhytQr(text: string, today: string): BhytQrResult {
  const f = text.split('|');
  if (f.length < 9) return bad(BHYT_QR_DETAILS.fieldCount(f.length));
  const warnings: ParseWarningCode[] = [];
  const cardCode = f[0]!.toUpperCase();
  if (cardCode.length === 15) {
    const explained = explainBhytCode(cardCode);
    if (!explained) return bad(BHYT_QR_DETAILS.cardCode);
    if (explained.loose) warnings.push('bhytCodeLoose');
  } else if (!/^\d{10}$/.test(cardCode)) {
    return bad(BHYT_QR_DETAILS.cardCode);
  }
  const name = hexText(f[1]!);
  if (!name) return bad(BHYT_QR_DETAILS.name);
  const dobField = f[2]!.trim();
  const dob: string | null = /^\d{4}$/.test(dobField) ? dobField : parseLooseDate(dobField);
  if (!dob) return bad(BHYT_QR_DETAILS.dob);
  if (dob.length === 4) warnings.push('dobYearOnly');
  const sex: Sex | null = f[3] === '1' ? 'M' : f[3] === '2' ? 'F' : null;
  if (!sex) return bad(BHYT_QR_DETAILS.sex);
  const address = hexText(f[4]!);
  if (address === null) return bad(BHYT_QR_DETAILS.address);
  const registeredFacility = f[5]!.replace(/\s*-\s*/g, '').trim();
  const validFrom = optionalDate(f[6]);
  const validTo = optionalDate(f[7]);
  const issueDate = optionalDate(f[8]);
  if (validFrom === undefined || validTo === undefined || issueDate === undefined) return bad(BHYT_QR_DETAILS.validity);
  if (dob > today.slice(0, dob.length)) return { ok: false, code: 'dateOrder' };
  if (validFrom && validTo && validFrom > validTo) return { ok: false, code: 'dateOrder' };
  return {
    ok: true,
    warnings,
    identity: {
      kind: 'bhytCard',
      cardCode,
      name,
      dob,
      sex,
      address,
      registeredFacility,
      validFrom,
      validTo,
      issueDate,
      extra: f.slice(9, -1),
    },
  };
}
