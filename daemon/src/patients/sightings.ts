// What a read, a search or an eligibility answer tells the patient index.

import type { EligibilityMessage, IdentityView } from '../api/contract.ts';
import type { IdentifierKind, Sighting } from './patient-index.ts';

const CARD_CODE = /^[A-Z]{2}\d{13}$/;

function cardIdentifiers(code: string | null | undefined): Array<{ kind: IdentifierKind; value: string }> {
  // The last 10 digits of a BHYT card code are the holder's BHXH number.
  return code && CARD_CODE.test(code)
    ? [
        { kind: 'bhyt', value: code },
        { kind: 'bhxh', value: code.slice(5) },
      ]
    : [];
}

export function sightingOfIdentity(p: IdentityView): Sighting {
  const identifiers: Array<{ kind: IdentifierKind; value: string }> = [];
  if (p.id) identifiers.push({ kind: 'cccd', value: p.id });
  if (p.oldId) identifiers.push({ kind: p.oldId.length === 12 ? 'cccd' : 'cmnd', value: p.oldId });
  if (p.cardCode && /^\d{10}$/.test(p.cardCode)) identifiers.push({ kind: 'bhxh', value: p.cardCode });
  identifiers.push(...cardIdentifiers(p.cardCode));
  return { identifiers, name: p.name || null, dob: p.dob || null, sex: p.sex, address: p.address || null };
}

/** The card codes the gateway returned, linked to the identity that was looked up. */
export function sightingOfEligibility(m: EligibilityMessage, identity: IdentityView): Sighting | null {
  const codes = [...cardIdentifiers(m.card?.maThe), ...cardIdentifiers(m.card?.maTheMoi)];
  if (codes.length === 0) return null;
  const self = sightingOfIdentity(identity).identifiers;
  return { identifiers: [...self, ...codes] };
}
