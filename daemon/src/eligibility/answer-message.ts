// The wire form of a gateway answer (EligibilityMessage), in one place: the service, the cache and
// the verify-later worker all announce through it.

import type { EligibilityCard, EligibilityMessage } from '../api/contract.ts';
import type { EligibilityAnswer } from './gateway-client.ts';

const CARD_FIELDS = [
  'maThe',
  'gtTheTu',
  'gtTheDen',
  'maDKBD',
  'maSoBHXH',
  'ngayDu5Nam',
  'maKV',
  'maTheMoi',
  'gtTheTuMoi',
  'gtTheDenMoi',
  'maDKBDMoi',
  'tenDKBDMoi',
] as const satisfies ReadonlyArray<keyof EligibilityCard>;

/** The fields the desk, the registration and FHIR use; an empty string from the gateway is null. */
export function cardOf(card: Readonly<Record<string, string>> | null): EligibilityCard | null {
  if (!card) return null;
  const out = {} as EligibilityCard;
  for (const f of CARD_FIELDS) out[f] = card[f] || null;
  return out;
}

export interface MessageContext {
  readonly ref: { eventId: number; deviceId: string; desk: string };
  readonly simulated: boolean;
  readonly verification: EligibilityMessage['verification'];
  readonly fromCache?: boolean;
  readonly cached?: EligibilityMessage['cached'];
  readonly nextRetryAt?: number | null;
}

export function answerMessage(a: EligibilityAnswer, c: MessageContext): EligibilityMessage {
  return {
    ...c.ref,
    outcome: a.outcome,
    code: a.code,
    vi: a.vi,
    en: a.en,
    action: a.action,
    checkedAt: a.checkedAt,
    simulated: c.simulated,
    verification: c.verification,
    fromCache: c.fromCache ?? false,
    cached: c.cached ?? null,
    nextRetryAt: c.nextRetryAt === undefined || c.nextRetryAt === null ? null : new Date(c.nextRetryAt).toISOString(),
    mismatch: a.mismatch,
    card: cardOf(a.card),
  };
}

/** An earlier message, re-addressed to a new event (the re-lookup window). */
export function reusedMessage(m: EligibilityMessage, ref: MessageContext['ref']): EligibilityMessage {
  return { ...m, ...ref, verification: 'verified', fromCache: true, cached: null, nextRetryAt: null };
}
