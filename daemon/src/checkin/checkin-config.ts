// The check-in section of the configuration (schema fragment and type in one place). Off by default:
// a facility turns it on once its certificate is registered on the BHXH portal.

export type SigningConfig =
  | { readonly pfx: string; readonly passphrase?: string; readonly passphraseEnv?: string }
  | { readonly keyPem: string; readonly certPem: string; readonly passphrase?: string; readonly passphraseEnv?: string }
  | { readonly pkcs11: { readonly module: string; readonly tokenLabel: string; readonly keyLabel: string; readonly pinEnv: string }; readonly certPem?: string }
  | { readonly external: { readonly url: string }; readonly certPem?: string };

export interface CheckinConfig {
  readonly enabled: boolean;
  /** `/api/qd130/checkInKcbQd4750` ([DH]) or `/api/qd130/checkInKcbQd3176` ([RES]): which is live is unconfirmed. */
  readonly resource: string;
  /** form-urlencoded ([DM]) or JSON with an empty `chukydonvi` field ([INV]): both are seen. */
  readonly bodyEncoding: 'form' | 'json';
  /** MA_CSKCB; null: the facility's id. */
  readonly facilityCode: string | null;
  /** maTinh of the request. */
  readonly provinceCode: string;
  /** null: unsigned (only with `sendUnsigned`, research note open question 5). */
  readonly signing: SigningConfig | null;
  readonly sendUnsigned: boolean;
  /** Non-insured visits are not sent unless this is set. */
  readonly sendNonInsured: boolean;
  /** Whether the document starts with <?xml?> (open question 6). */
  readonly xmlDeclaration: boolean;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly pollMs: number;
}

const path = { type: 'string', minLength: 1 } as const;
const passphrase = { passphrase: { type: 'string' }, passphraseEnv: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$' } } as const;

export const CHECKIN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    enabled: { type: 'boolean', default: false },
    resource: { type: 'string', pattern: '^/', default: '/api/qd130/checkInKcbQd4750' },
    bodyEncoding: { type: 'string', enum: ['form', 'json'], default: 'form' },
    facilityCode: { type: ['string', 'null'], maxLength: 5, default: null },
    provinceCode: { type: 'string', maxLength: 3, default: '' },
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
    sendNonInsured: { type: 'boolean', default: false },
    xmlDeclaration: { type: 'boolean', default: true },
    retryBaseMs: { type: 'integer', minimum: 10, default: 10_000 },
    retryMaxMs: { type: 'integer', minimum: 10, default: 600_000 },
    pollMs: { type: 'integer', minimum: 10, default: 5_000 },
  },
} as const;
