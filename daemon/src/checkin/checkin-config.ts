// The check-in section of the configuration (schema fragment and type in one place). Off by default:
// a facility turns it on once its certificate is registered on the BHXH portal.

import type { ConfigOf } from '../vocabulary/config-slice.ts';

const path = { type: 'string', minLength: 1 } as const;
const passphrase = { passphrase: { type: 'string' }, passphraseEnv: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$' } } as const;

export const CHECKIN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    enabled: { type: 'boolean', default: false },
    // `/api/qd130/checkInKcbQd4750` ([DH]) or `/api/qd130/checkInKcbQd3176` ([RES]): which is live is unconfirmed.
    resource: { type: 'string', pattern: '^/', default: '/api/qd130/checkInKcbQd4750' },
    // form-urlencoded ([DM]) or JSON with an empty `chukydonvi` field ([INV]): both are seen.
    bodyEncoding: { type: 'string', enum: ['form', 'json'], default: 'form' },
    // MA_CSKCB; null: the facility's id.
    facilityCode: { type: ['string', 'null'], maxLength: 5, default: null },
    // maTinh of the request.
    provinceCode: { type: 'string', maxLength: 3, default: '' },
    // null: unsigned (only with `sendUnsigned`, docs/research/checkin-xml0.md, open question 5).
    signing: {
      default: null,
      oneOf: [
        { type: 'null' },
        { type: 'object', additionalProperties: false, required: ['pfx'], properties: { pfx: path, ...passphrase } },
        { type: 'object', additionalProperties: false, required: ['keyPem', 'certPem'], properties: { keyPem: path, certPem: path, ...passphrase } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['pkcs11'],
          properties: {
            pkcs11: {
              type: 'object',
              additionalProperties: false,
              required: ['module', 'tokenLabel', 'keyLabel', 'pinEnv'],
              properties: { module: path, tokenLabel: path, keyLabel: path, pinEnv: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$' } },
            },
            certPem: path,
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['external'],
          properties: {
            external: { type: 'object', additionalProperties: false, required: ['url'], properties: { url: { type: 'string', pattern: '^https?://' } } },
            certPem: path,
          },
        },
      ],
    },
    sendUnsigned: { type: 'boolean', default: false },
    // Non-insured visits are not sent unless this is set.
    sendNonInsured: { type: 'boolean', default: false },
    // Whether the document starts with <?xml?> (open question 6).
    xmlDeclaration: { type: 'boolean', default: true },
    retryBaseMs: { type: 'integer', minimum: 10, default: 10_000 },
    retryMaxMs: { type: 'integer', minimum: 10, default: 600_000 },
    pollMs: { type: 'integer', minimum: 10, default: 5_000 },
  },
} as const;

export type CheckinConfig = ConfigOf<typeof CHECKIN_SCHEMA>;
/** How XML0 is signed: a PFX file, PEM key and certificate, a PKCS#11 token, or an outside signer. */
export type SigningConfig = NonNullable<CheckinConfig['signing']>;
