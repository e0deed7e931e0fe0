// An eligibility outcome as a FHIR R4 CoverageEligibilityResponse, for HIS vendors that speak FHIR.
// Mapping from docs/research/eligibility-gateway.md §7.1: a gateway answer is outcome `complete`
// (an unverified one is `queued`); valid cards are `inforce`; the card period is the benefit period;
// the result code goes in `error` when the card cannot be used as presented.

import type { EligibilityCard, EligibilityMessage, IdentityView, Registration } from '../api/contract.ts';
import { DEFAULT_FHIR_SYSTEMS, type FhirSystems } from './fhir-systems.ts';

const dmyToIso = (s: string | null | undefined): string | undefined => {
  const m = s ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
};

export function toCoverageEligibilityResponse(
  m: EligibilityMessage,
  identity: IdentityView | null,
  sys: FhirSystems = DEFAULT_FHIR_SYSTEMS,
): Record<string, unknown> {
  const inforce = m.outcome === 'eligible' || m.outcome === 'eligibleNewCard';
  const card = m.card;
  const cardCode = card?.maTheMoi ?? card?.maThe ?? identity?.cardCode ?? undefined;
  const start = dmyToIso(card?.maTheMoi ? card.gtTheTuMoi : card?.gtTheTu);
  const end = dmyToIso(card?.maTheMoi ? card.gtTheDenMoi : card?.gtTheDen);
  return {
    resourceType: 'CoverageEligibilityResponse',
    id: `tiepnhan-${m.eventId}`,
    status: 'active',
    purpose: ['validation'],
    patient: {
      identifier: identity?.id ? { system: sys.cccd, value: identity.id } : identity?.cardCode ? { system: sys.bhyt, value: identity.cardCode } : undefined,
      display: identity?.name,
    },
    created: m.checkedAt,
    request: { identifier: { system: sys.event, value: String(m.eventId) } },
    outcome: m.verification === 'unverified' ? 'queued' : m.verification === 'unanswered' ? 'error' : 'complete',
    disposition: `${m.vi} / ${m.en}`,
    insurer: { display: 'Bảo hiểm xã hội Việt Nam' },
    insurance: cardCode
      ? [
          {
            coverage: { identifier: { system: sys.bhyt, value: cardCode } },
            inforce: m.verification === 'unverified' ? undefined : inforce,
            benefitPeriod: start || end ? { start, end } : undefined,
          },
        ]
      : undefined, // FHIR forbids empty arrays: no card code, no insurance element
    error:
      inforce && m.verification !== 'unverified' ? undefined : [{ code: { coding: [{ system: sys.resultCode, code: m.code, display: m.vi }], text: m.en } }],
  };
}

const KINDS = ['cccd', 'cmnd', 'bhxh', 'bhyt'] as const;

/** FHIR R4 Patient: the identity as read, plus every identifier the patient index holds. */
export function toPatient(
  patientId: number | null,
  identity: IdentityView,
  identifiers: ReadonlyArray<{ kind: string; value: string | null }> = [],
  sys: FhirSystems = DEFAULT_FHIR_SYSTEMS,
): Record<string, unknown> {
  const ids = new Map<string, { system: string; value: string }>();
  const add = (kind: string, value: string | null | undefined) => {
    if (value && (KINDS as readonly string[]).includes(kind)) ids.set(`${kind}:${value}`, { system: sys[kind as (typeof KINDS)[number]], value });
  };
  add('cccd', identity.id);
  add(identity.oldId?.length === 9 ? 'cmnd' : 'cccd', identity.oldId);
  add('bhyt', identity.cardCode && identity.cardCode.length === 15 ? identity.cardCode : null);
  for (const i of identifiers) add(i.kind, i.value);
  return {
    resourceType: 'Patient',
    id: patientId !== null ? `tiepnhan-${patientId}` : undefined,
    identifier: ids.size > 0 ? [...ids.values()] : undefined,
    name: [{ text: identity.name }],
    gender: identity.sex === 'M' ? 'male' : 'female',
    birthDate: identity.dob,
    address: identity.address ? [{ text: identity.address, country: 'VN' }] : undefined,
  };
}

// Gateway fields FHIR R4 Coverage has no element for (docs/research/eligibility-gateway.md §3.3), as extensions.
function coverageExtensions(card: EligibilityCard, sys: FhirSystems): Array<Record<string, unknown>> {
  const EXT = sys.extension;
  const ext: Array<Record<string, unknown>> = [];
  const five = dmyToIso(card.ngayDu5Nam);
  if (five) ext.push({ url: `${EXT}:ngayDu5Nam`, valueDate: five });
  if (card.maKV) ext.push({ url: `${EXT}:maKV`, valueCode: card.maKV });
  const dkbd = card.maTheMoi ? card.maDKBDMoi : card.maDKBD;
  if (dkbd) ext.push({ url: `${EXT}:maDKBD`, valueIdentifier: { system: sys.cskcb, value: dkbd } });
  if (card.maTheMoi && card.tenDKBDMoi) ext.push({ url: `${EXT}:tenDKBD`, valueString: card.tenDKBDMoi });
  return ext;
}

/** FHIR R4 Coverage: the BHYT card the gateway confirmed (or the one on the card, unconfirmed). With
 *  a new card (003/004), the new code and period; the old code stays as an `old` identifier. */
export function toCoverage(
  patientRef: string,
  m: EligibilityMessage | null,
  identity: IdentityView,
  sys: FhirSystems = DEFAULT_FHIR_SYSTEMS,
): Record<string, unknown> | null {
  const card = m?.card ?? null;
  const code = card?.maTheMoi ?? card?.maThe ?? (identity.cardCode?.length === 15 ? identity.cardCode : null);
  if (!code) return null;
  const inforce = m ? m.outcome === 'eligible' || m.outcome === 'eligibleNewCard' : null;
  const identifier: Array<Record<string, string>> = [{ use: 'official', system: sys.bhyt, value: code }];
  if (card?.maTheMoi && card.maThe && card.maThe !== card.maTheMoi) identifier.push({ use: 'old', system: sys.bhyt, value: card.maThe });
  if (card?.maSoBHXH) identifier.push({ use: 'secondary', system: sys.bhxh, value: card.maSoBHXH });
  const [from, to] = card?.maTheMoi ? [card.gtTheTuMoi, card.gtTheDenMoi] : [card?.gtTheTu, card?.gtTheDen];
  const extension = card ? coverageExtensions(card, sys) : [];
  return {
    resourceType: 'Coverage',
    ...(extension.length > 0 ? { extension } : {}),
    status: inforce === false ? 'cancelled' : 'active',
    identifier,
    subscriberId: code,
    beneficiary: { reference: patientRef },
    payor: [{ display: 'Bảo hiểm xã hội Việt Nam' }],
    period: from || to ? { start: dmyToIso(from), end: dmyToIso(to) } : undefined,
  };
}

/** The visit: the registration's id, and once the BHXH gateway took the check-in, its MA_LK and
 *  maGiaoDich (the transaction id BHXH reconciles by). */
export function toEncounter(reg: Registration, patientRef: string, sys: FhirSystems = DEFAULT_FHIR_SYSTEMS): Record<string, unknown> {
  const identifier: Array<Record<string, string>> = [{ use: 'official', system: sys.registration, value: String(reg.id) }];
  if (reg.checkIn) identifier.push({ use: 'secondary', system: sys.maLk, value: reg.checkIn.maLk });
  if (reg.checkIn?.maGiaoDich) identifier.push({ use: 'secondary', system: sys.maGiaoDich, value: reg.checkIn.maGiaoDich });
  return {
    resourceType: 'Encounter',
    id: `registration-${reg.id}`,
    identifier,
    status: 'arrived',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    subject: { reference: patientRef },
    serviceType: { text: reg.department.name },
    period: { start: reg.at },
  };
}

/** The registration for a FHIR-speaking HIS: Patient, Coverage, CoverageEligibilityResponse and the Encounter. */
export function registrationBundle(
  patientId: number | null,
  identity: IdentityView,
  m: EligibilityMessage | null,
  identifiers: ReadonlyArray<{ kind: string; value: string | null }> = [],
  reg: Registration | null = null,
  sys: FhirSystems = DEFAULT_FHIR_SYSTEMS,
): Record<string, unknown> {
  const patient = toPatient(patientId, identity, identifiers, sys);
  const ref = `Patient/${typeof patient['id'] === 'string' ? patient['id'] : 'unknown'}`;
  const coverage = toCoverage(ref, m, identity, sys);
  const resources = [patient, coverage, m ? toCoverageEligibilityResponse(m, identity, sys) : null, reg ? toEncounter(reg, ref, sys) : null];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.filter((r) => r !== null).map((resource) => ({ resource })),
  };
}
