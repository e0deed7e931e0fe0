// The site's side of the district hub: where it pushes its counters and inventory.

import type { ConfigOf } from '../vocabulary/config-slice.ts';

export const HUB_CLIENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    // Base URL of the district hub; null: this site pushes nothing.
    url: { type: ['string', 'null'], default: null },
    siteId: { type: 'string', default: '' },
    token: { type: 'string', default: '' },
    intervalMs: { type: 'integer', minimum: 100, default: 300000 },
    // PEM file of the CA that signed the hub's certificate (a district's own CA, as `tiepnhan tls
    // init` makes); null: the system's trusted CAs.
    ca: { type: ['string', 'null'], minLength: 1, default: null },
  },
} as const;

export type HubClientConfig = ConfigOf<typeof HUB_CLIENT_SCHEMA>;
