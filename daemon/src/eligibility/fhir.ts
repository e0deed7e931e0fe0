// An eligibility outcome as a FHIR R4 CoverageEligibilityResponse, for HIS vendors that speak FHIR.
// Mapping from ../shared/research/eligibility-api.md §7.1: a gateway answer is outcome `complete`
// (an unverified one is `queued`); valid cards are `inforce`; the card period is the benefit period;
// the result code goes in `error` when the card cannot be used as presented.

import type { EligibilityMessage, IdentityView } from '../api/contract.ts';

const dmyToIso = (s: string | null | undefined): string | undefined => {
  const m = s ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
};

export function toCoverageEligibilityResponse(m: EligibilityMessage, identity: IdentityView | null): Record<string, unknown> {
  const inforce = m.outcome === 'eligible' || m.outcome === 'eligibleNewCard';
  const card = m.card;
  const cardCode = card?.maTheMoi ?? card?.maThe ?? identity?.cardCode ?? undefined;
  const start = dmyToIso(card?.maTheMoi ? null : card?.gtTheTu);
  const end = dmyToIso(card?.maTheMoi ? null : card?.gtTheDen);
  return {
    resourceType: 'CoverageEligibilityResponse',
    id: `tiepnhan-${m.eventId}`,
    status: 'active',
    purpose: ['validation'],
    patient: {
      identifier: identity?.id ? { system: 'urn:vn:cccd', value: identity.id } : identity?.cardCode ? { system: 'urn:vn:bhyt:the', value: identity.cardCode } : undefined,
      display: identity?.name,
    },
    created: m.checkedAt,
    request: { identifier: { system: 'urn:tiepnhan:event', value: String(m.eventId) } },
    outcome: m.verification === 'unverified' ? 'queued' : 'complete',
    disposition: `${m.vi} / ${m.en}`,
    insurer: { display: 'Bảo hiểm xã hội Việt Nam' },
    insurance: cardCode
      ? [
          {
            coverage: { identifier: { system: 'urn:vn:bhyt:the', value: cardCode } },
            inforce: m.verification === 'unverified' ? undefined : inforce,
            benefitPeriod: start || end ? { start, end } : undefined,
          },
        ]
      : [],
    error:
      inforce && m.verification !== 'unverified'
        ? undefined
        : [{ code: { coding: [{ system: 'urn:vn:bhxh:maKetQua', code: m.code, display: m.vi }], text: m.en } }],
  };
}
