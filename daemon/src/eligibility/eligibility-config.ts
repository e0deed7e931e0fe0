// The BHXH gateway and the eligibility checks: configuration slices.

import type { ConfigOf } from '../vocabulary/config-slice.ts';

export const GATEWAY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    // Base URL of the BHXH gateway; null starts the bundled simulator on loopback.
    url: { type: ['string', 'null'], default: null },
    username: { type: 'string', default: '00000_BV' },
    password: { type: 'string', default: 'tiepnhan-sim' },
    passwordCase: { type: 'string', enum: ['upper', 'lower'], default: 'upper' },
    officerName: { type: 'string', default: 'Cán bộ tiếp đón' },
    officerId: { type: 'string', default: '001190000001' },
    timeoutMs: { type: 'integer', minimum: 100, default: 15000 },
    // Ask the visit history (Lskcb2025) after an eligible answer.
    history: { type: 'boolean', default: true },
    // Its resource path (docs/research/checkin-xml0.md §5).
    historyResource: { type: 'string', pattern: '^/', default: '/api/egw/Lskcb2025' },
  },
} as const;

export const ELIGIBILITY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    retryBaseMs: { type: 'integer', minimum: 10, default: 5000 },
    retryMaxMs: { type: 'integer', minimum: 10, default: 300000 },
    pollMs: { type: 'integer', minimum: 10, default: 1000 },
    breakerThreshold: { type: 'integer', minimum: 1, default: 3 },
    breakerCooldownMs: { type: 'integer', minimum: 10, default: 30000 },
    // Re-lookup of the same card, name and date of birth within this window: answered from the cache (0: off).
    cacheWindowMs: { type: 'integer', minimum: 0, default: 900000 },
    // A lookup the gateway has not answered after this long is marked unanswered.
    giveUpAfterMs: { type: 'integer', minimum: 1000, default: 86400000 },
    // Gateway calls out at once, and started per rolling minute (card checks and histories together).
    maxConcurrent: { type: 'integer', minimum: 1, maximum: 64, default: 4 },
    perMinute: { type: 'integer', minimum: 1, default: 120 },
    // A new token is taken this long before the current one expires.
    tokenLeadMs: { type: 'integer', minimum: 31000, default: 60000 },
  },
} as const;

export type GatewayConfig = ConfigOf<typeof GATEWAY_SCHEMA>;
export type EligibilityConfig = ConfigOf<typeof ELIGIBILITY_SCHEMA>;
