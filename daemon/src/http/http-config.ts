// The HTTP side's configuration slices: how the server listens beyond loopback, who may call it
// (tokens) and how often (limits).

import type { ConfigOf } from '../vocabulary/config-slice.ts';
import { TRUST_PROXY_SCHEMA } from '../http-kit/client-address.ts';

export const HTTP_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    // Host names the daemon answers under besides loopback, the configured host and (when listening
    // on 0.0.0.0) this PC's own addresses: the LAN name receptionists type, e.g. "tiepnhan.bv.local".
    allowedHosts: { type: 'array', default: [], items: { type: 'string', minLength: 1, maxLength: 253 } },
    // Whole origins ("http://his.bv.local:8080") whose pages may call the API; none by default.
    allowedOrigins: { type: 'array', default: [], items: { type: 'string', pattern: '^https?://[^/]+$' } },
    requestTimeoutMs: { type: 'integer', minimum: 1000, default: 30000 },
    connectionTimeoutMs: { type: 'integer', minimum: 1000, default: 60000 },
    // Plain HTTP beyond this PC, on purpose (a LAN the facility trusts, or TLS ended by a proxy in
    // front): without it, a non-loopback host needs `tls`. Tokens, logins and patients then cross the
    // LAN in clear; the log, /api/health and /tech say so.
    plainLan: { type: 'boolean', default: false },
    // Applied when listening beyond loopback (HTTP and socket.io connections together).
    maxConnections: { type: 'integer', minimum: 1, default: 256 },
    // Open connections one address may hold, beside maxConnections (applied with it, beyond
    // loopback): one PC can never take the slots the desks need. Counted on the TCP peer: trusted
    // proxies (trustProxy) are exempt and limit their own clients.
    maxConnectionsPerClient: { type: 'integer', minimum: 1, default: 32 },
    // An idle keep-alive connection is closed after this long (fastify's own default is 72 s).
    keepAliveTimeoutMs: { type: 'integer', minimum: 1000, maximum: 600000, default: 5000 },
    // Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges: "10.0.0.5",
    // "10.0.0.0/24"), so that limits and throttling count each PC behind them, not the proxy; none
    // by default: the header is ignored, and a PC cannot name itself someone else.
    trustProxy: TRUST_PROXY_SCHEMA,
  },
} as const;

export const AUTH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    // API tokens; none: loopback only, every caller is the local admin.
    tokens: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'token', 'role'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 64 },
          token: { type: 'string', minLength: 16, maxLength: 256 },
          role: { type: 'string', enum: ['reception', 'technician', 'admin'] },
          desk: { type: ['string', 'null'], default: null },
        },
      },
    },
    // How long a page stays logged in with a token (the local session of a PC without tokens has no end).
    sessionHours: { type: 'number', minimum: 0.01, default: 12 },
    // A token's page session also ends when no page has used it for this long (no request, no open
    // socket): longer than the midday break, so a desk that sleeps over lunch stays logged in.
    sessionIdleMinutes: { type: 'integer', minimum: 1, default: 180 },
  },
} as const;

export const LIMITS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    searchesPerMinute: { type: 'integer', minimum: 1, default: 30 },
    // Webcam reads per desk (or token) per minute: a desk reads one card every few seconds.
    cameraPerMinute: { type: 'integer', minimum: 1, default: 30 },
    // A scanner sending more complete reads than this per second is throttled (a stuck trigger, a
    // cable shorting the terminator): extra reads are counted as errors, never lost silently.
    readsPerSecondPerDevice: { type: 'integer', minimum: 1, default: 20 },
  },
} as const;

export type HttpConfig = ConfigOf<typeof HTTP_SCHEMA>;
export type AuthConfig = ConfigOf<typeof AUTH_SCHEMA>;
export type LimitsConfig = ConfigOf<typeof LIMITS_SCHEMA>;
