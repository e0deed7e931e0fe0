// A chip card as the desk uses it: the identity (from the chip's signed DG13 when it came, else from
// the service's text fields), how far its data was verified (passive-auth.ts), the portrait, and
// where the service's text fields disagree with the signed data. Pure: no I/O, no clock.

import type { ChipCard } from '../../../drivers/src/chip/chip-transport.ts';
import type { IdentityView } from '../api/contract.ts';
import { chipDate, differences, SEXES, type ComparedField, type Said } from './chip-compare.ts';
import type { CscaStore } from './csca-store.ts';
import { parseDg13, type Dg13Fields } from './dg13.ts';
import { imageMime, portraitOfDg2, type Portrait } from './dg2-portrait.ts';
import { verifyChip, type ChipVerification } from './passive-auth.ts';

export type { Portrait };
export { chipDate, differences, type ComparedField };

export type ReadChip =
  | {
      readonly ok: true;
      readonly identity: IdentityView;
      readonly verification: ChipVerification;
      readonly portrait: Portrait | null;
      /** The portrait is the chip's DG2 and the signature check covered it (not the service's own image). */
      readonly portraitSigned: boolean;
      /** Fields where the service's text disagrees with the chip's signed DG13 (the DG13 is used). */
      readonly differs: readonly ComparedField[];
      readonly expiryDate: string | null;
    }
  | { readonly ok: false; readonly code: 'chipNoIdentity' };

const text = (s: string | undefined): string | undefined => {
  const t = s?.normalize('NFC').replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
};

function fromService(f: Readonly<Record<string, string>>): Said {
  return {
    id: text(f['idCode']),
    oldId: text(f['oldIdCode']),
    name: text(f['personName']),
    dob: text(f['dateOfBirth']),
    sex: text(f['gender']),
    address: text(f['residencePlace']),
    issueDate: text(f['issueDate']),
    expiryDate: text(f['expiryDate']),
  };
}

function fromDg13(f: Dg13Fields): Said {
  return { id: f.id, oldId: f.oldId, name: f.name, dob: f.dob, sex: f.sex, address: f.residence, issueDate: f.issueDate, expiryDate: f.expiryDate };
}

function identityOf(s: Said): IdentityView | null {
  const dob = s.dob ? chipDate(s.dob) : null;
  const sex = s.sex ? SEXES[s.sex.toLocaleLowerCase('vi')] : undefined;
  if (!s.id || !/^\d{12}$/.test(s.id) || !s.name || !dob || !sex) return null;
  const oldId = s.oldId && /^\d{9}(\d{3})?$/.test(s.oldId) ? s.oldId : null;
  const issueDate = s.issueDate ? chipDate(s.issueDate) : null;
  return { kind: 'chip', id: s.id, cardCode: null, oldId, name: s.name, dob, sex, address: s.address ?? '', issueDate };
}

/** The chip's DG2 portrait, else the service's own image (which no signature covers). */
function portraitOf(card: ChipCard): { portrait: Portrait | null; fromDg2: boolean } {
  const dg2 = card.raw?.dg2 ? portraitOfDg2(card.raw.dg2) : null;
  if (dg2) return { portrait: dg2, fromDg2: true };
  const image = card.raw?.image;
  const mime = image ? imageMime(image) : null;
  return { portrait: image && mime ? { mime, bytes: image } : null, fromDg2: false };
}

const VERIFIED: ReadonlySet<string> = new Set(['integrity', 'issuer']);

/** The card as the desk uses it; `cscas` null when the facility installed none. Where the signature
 *  holds, the identity is the signed DG13's alone: a DG13 the signature covers but that holds no
 *  readable identity fails the check (`dg13Format`) rather than letting the service's unsigned text
 *  stand under words that say "signed". */
export function readChipCard(card: ChipCard, cscas: CscaStore | null): ReadChip {
  const service = fromService(card.fields);
  const parsed = card.raw?.dg13 ? parseDg13(card.raw.dg13) : null;
  const signed = parsed?.ok ? fromDg13(parsed.fields) : null;
  let verification: ChipVerification = card.raw ? verifyChip(card.raw, cscas) : { level: 'none' };
  const signedIdentity = signed ? identityOf(signed) : null;
  if (VERIFIED.has(verification.level) && !signedIdentity) verification = { level: 'failed', check: 'dg13Format' };
  const said = signedIdentity && signed ? signed : signed ? { ...service, ...definedOnly(signed) } : service;
  const identity = signedIdentity ?? identityOf(said);
  if (!identity) return { ok: false, code: 'chipNoIdentity' };
  const expiry = said.expiryDate ? chipDate(said.expiryDate) : null;
  const { portrait, fromDg2 } = portraitOf(card);
  const portraitSigned = fromDg2 && VERIFIED.has(verification.level);
  return { ok: true, identity, verification, portrait, portraitSigned, differs: signed ? differences(service, signed) : [], expiryDate: expiry };
}

function definedOnly(s: Said): Said {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined));
}
