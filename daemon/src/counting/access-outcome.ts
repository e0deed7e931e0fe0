// What an access counts as in the district report (seed 003, "Lượt thành công" / "Lỗi"), defined once.
// An access is the card used to get the patient's BHYT information, by a scan or a typed search. It
// is a success when that information came back from the gateway (by default codes 000–004), an error
// when the card could not be read or validated or when the lookup answered a failure code, and
// "pending" while the gateway has not answered yet: the verify-later answer then moves it to success
// or error on the day of the access (EventsRepo.setEligibility).

import type { EligibilityMessage } from '../api/contract.ts';
import type { ErrorGroup, OutcomeBreakdown } from '../api/report.ts';
import { CODE } from '../vocabulary/config-slice.ts';

export type { ErrorGroup, OutcomeBreakdown };

/** The causes behind "Lỗi", reported beside the seed's columns, never inside them. */
export const ERROR_GROUPS: readonly ErrorGroup[] = [
  'errorsRead',
  'errorsValidation',
  'lookupNotCovered',
  'lookupInput',
  'lookupIdentity',
  'lookupOther',
  'lostReads',
];

export type BreakdownKey = keyof OutcomeBreakdown;
/** Beside the outcomes: `chipReads`, the scans a chip reader made (not a cause of anything). */
export const BREAKDOWN_KEYS: readonly BreakdownKey[] = ['pending', ...ERROR_GROUPS, 'chipReads'];

/** The SQL column of each breakdown key (daily_counters on a site, hub_counters on the hub). */
export const BREAKDOWN_COLUMNS: Readonly<Record<BreakdownKey, string>> = {
  pending: 'pending',
  errorsRead: 'err_read',
  errorsValidation: 'err_validation',
  lookupNotCovered: 'err_not_covered',
  lookupInput: 'err_input',
  lookupIdentity: 'err_identity',
  lookupOther: 'err_other',
  lostReads: 'err_lost',
  chipReads: 'chips',
};

export function emptyBreakdown(): OutcomeBreakdown {
  return { pending: 0, errorsRead: 0, errorsValidation: 0, lookupNotCovered: 0, lookupInput: 0, lookupIdentity: 0, lookupOther: 0, lostReads: 0, chipReads: 0 };
}

/** Which answer codes are a success and how the failures are grouped (config `reports.outcomes`). */
export interface OutcomeRules {
  readonly successCodes: readonly string[];
  readonly lookupGroups: Readonly<Record<'lookupNotCovered' | 'lookupInput' | 'lookupIdentity', readonly string[]>>;
}

// Codes from the official list (docs/research/eligibility-gateway.md §4.1). 000–004: the card's information came
// back (004/003: a new card was issued; the answer carries it). 010, 050, 110, 120–124, 130: there is
// no valid card to use; 051–055, 205 and a refused request (400): what was sent is wrong; 060, 061,
// 070: the card belongs to another name or date of birth.
export const DEFAULT_OUTCOME_RULES: OutcomeRules = {
  successCodes: ['000', '001', '002', '003', '004'],
  lookupGroups: {
    lookupNotCovered: ['010', '050', '110', '120', '121', '122', '123', '124', '130'],
    lookupInput: ['051', '052', '053', '054', '055', '205', 'rejected'],
    lookupIdentity: ['060', '061', '070'],
  },
};

export type Counted = { readonly outcome: 'success' | 'pending'; readonly group: null } | { readonly outcome: 'error'; readonly group: ErrorGroup };

// A read the database could not take in time (a full disk) is stored later as a `storage` error
// (pipeline/scan-pipeline.ts): an access that failed, not the card's fault nor the gateway's.
const ERROR_GROUP_OF_CLASS: Readonly<Record<string, ErrorGroup>> = { validation: 'errorsValidation', storage: 'lostReads' };

/** How a read counts when it is stored: a rejected read is an error at once; a read with a lookup
 *  waits for the gateway; a read without one (nothing to look up) counts by the read alone. */
export function countedAtRead(read: { outcome: 'success' | 'error'; errorClass: string | null; lookup: boolean }): Counted {
  if (read.outcome === 'error') return { outcome: 'error', group: ERROR_GROUP_OF_CLASS[read.errorClass ?? ''] ?? 'errorsRead' };
  return read.lookup ? { outcome: 'pending', group: null } : { outcome: 'success', group: null };
}

/** How a lookup's answer counts; null while it is still waiting (the gateway could not answer yet). */
export function countedAnswer(message: Pick<EligibilityMessage, 'code' | 'verification'>, rules: OutcomeRules): Counted | null {
  if (message.verification === 'unverified') return null;
  if (message.verification === 'unanswered') return { outcome: 'error', group: 'lookupOther' };
  if (rules.successCodes.includes(message.code)) return { outcome: 'success', group: null };
  for (const group of ['lookupNotCovered', 'lookupInput', 'lookupIdentity'] as const) {
    if (rules.lookupGroups[group].includes(message.code)) return { outcome: 'error', group };
  }
  return { outcome: 'error', group: 'lookupOther' };
}

/** The config schema of `reports.outcomes`: the rules above, each list replaceable. */
export const OUTCOME_RULES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    successCodes: { type: 'array', items: CODE, default: [...DEFAULT_OUTCOME_RULES.successCodes] },
    lookupGroups: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        lookupNotCovered: { type: 'array', items: CODE, default: [...DEFAULT_OUTCOME_RULES.lookupGroups.lookupNotCovered] },
        lookupInput: { type: 'array', items: CODE, default: [...DEFAULT_OUTCOME_RULES.lookupGroups.lookupInput] },
        lookupIdentity: { type: 'array', items: CODE, default: [...DEFAULT_OUTCOME_RULES.lookupGroups.lookupIdentity] },
      },
    },
  },
} as const;
