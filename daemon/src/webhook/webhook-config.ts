// The HIS webhook's configuration slice: where each registration (and each patient merge) is
// delivered, the key that signs it, and how deliveries are retried.

import type { ConfigOf } from '../vocabulary/config-slice.ts';

export const HIS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    // The HIS endpoint that receives each registration; null: no webhook.
    webhookUrl: { type: ['string', 'null'], default: null },
    // HMAC-SHA256 key for the X-Tiepnhan-Signature header.
    secret: { type: 'string', default: '' },
    retryBaseMs: { type: 'integer', minimum: 10, default: 2000 },
    retryMaxMs: { type: 'integer', minimum: 10, default: 300000 },
    pollMs: { type: 'integer', minimum: 10, default: 1000 },
  },
} as const;

export type HisConfig = ConfigOf<typeof HIS_SCHEMA>;
