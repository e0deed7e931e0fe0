// The one configuration schema: JSON Schema validated by ajv (the validator fastify itself uses),
// with defaults filled in, so `tiepnhan start` with no file at all runs on embedded defaults.
// Units are in the property names (…Ms, …Bytes).

import { TERMINATORS } from '../../../drivers/src/serial/frame-splitter.ts';
import { DEFAULT_OUTCOME_RULES } from '../counting/access-outcome.ts';
import { REPORT_PERIOD_PROPERTIES } from '../reports/period-config.ts';
import { CHECKIN_SCHEMA } from '../checkin/checkin-config.ts';
import { FHIR_SCHEMA } from '../eligibility/fhir-systems.ts';
import { LOG_SCHEMA } from '../log.ts';

export type * from './types.ts';

const terminator = { type: 'string', enum: TERMINATORS };
// A gateway answer code ("050") or a state code ("rejected").
const CODE = { type: 'string', minLength: 1, maxLength: 40 };

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 7300 },
    http: {
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
        // Applied when listening beyond loopback (HTTP and socket.io connections together).
        maxConnections: { type: 'integer', minimum: 1, default: 256 },
      },
    },
    dataDir: { type: 'string', default: './data' },
    facility: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        id: { type: 'string', default: '00000' },
        name: { type: 'string', default: 'Cơ sở KCB (chưa cấu hình)' },
        province: { type: 'string', default: '' },
        sector: { type: 'string', enum: ['public', 'private'], default: 'public' },
        tier: { type: 'string', enum: ['province', 'district'], default: 'district' },
        order: { type: 'integer', default: 0 },
        stations: {
          type: 'array',
          minItems: 1,
          default: [{ id: 'main', kind: 'facility', desks: ['desk-1'] }],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id'],
            properties: {
              id: { type: 'string', minLength: 1 },
              name: { type: 'string', default: '' },
              kind: { type: 'string', enum: ['facility', 'commune'], default: 'facility' },
              desks: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
              needOverride: {
                default: null,
                oneOf: [
                  { type: 'null' },
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['count', 'reason'],
                    properties: { count: { type: 'integer', minimum: 0 }, reason: { type: 'string', minLength: 1 } },
                  },
                ],
              },
            },
          },
        },
      },
    },
    inventory: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        offlineDays: { type: 'number', minimum: 0, default: 3 },
        errorRateThreshold: { type: 'number', minimum: 0, maximum: 1, default: 0.2 },
        errorRateMinReads: { type: 'integer', minimum: 1, default: 20 },
        errorRateDays: { type: 'integer', minimum: 1, default: 7 },
      },
    },
    reports: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        // The seed report counts from the start of the chip-card pilot.
        cumulativeSince: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', default: '2022-12-10' },
        ...REPORT_PERIOD_PROPERTIES,
        outcomes: {
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
        },
      },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
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
      },
    },
    limits: {
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
    },
    privacy: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { retentionDays: { type: 'number', minimum: 0, default: 30 } },
    },
    storage: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        busyTimeoutMs: { type: 'integer', minimum: 0, default: 5000 },
        // How long a read waits for a locked or full database before it is given up (and logged).
        retryForMs: { type: 'integer', minimum: 0, default: 600000 },
        // FULL: an acknowledged scan survives a power cut. NORMAL only survives a crash (load tests).
        synchronous: { type: 'string', enum: ['FULL', 'NORMAL'], default: 'FULL' },
        // auto: sqlite3 where its compiled binary loads (Linux installs), else Node's own node:sqlite
        // (the Windows package, any Node ≥ 22.13). Same schema and guarantees on both.
        driver: { type: 'string', enum: ['auto', 'sqlite3', 'node:sqlite'], default: 'auto' },
      },
    },
    registration: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        departments: {
          type: 'array',
          minItems: 1,
          default: [
            { id: 'kham-noi', name: 'Khám Nội', prefix: 'A' },
            { id: 'kham-ngoai', name: 'Khám Ngoại', prefix: 'B' },
            { id: 'san-nhi', name: 'Sản - Nhi', prefix: 'C' },
          ],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'name'],
            properties: {
              id: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' },
              name: { type: 'string', minLength: 1, maxLength: 100 },
              prefix: { type: 'string', maxLength: 4, default: '' },
              // The department's examination service for the XML0 check-in (MA_DICH_VU / TEN_DICH_VU,
              // from the facility's own service catalogue); MA_DOITUONG_KCB (2 = emergency: never
              // checked in) and MA_LOAI_KCB (01 = outpatient examination).
              serviceCode: { type: 'string', maxLength: 50, default: '' },
              serviceName: { type: 'string', maxLength: 1024, default: '' },
              visitCategory: { type: 'string', maxLength: 4, default: '1' },
              careType: { type: 'string', maxLength: 2, default: '01' },
            },
          },
        },
        kioskIdleMs: { type: 'integer', minimum: 1000, default: 30000 },
        // Print the ticket as soon as it shows (a self-service kiosk run with --kiosk --kiosk-printing).
        kioskAutoPrint: { type: 'boolean', default: false },
      },
    },
    checkin: CHECKIN_SCHEMA,
    fhir: FHIR_SCHEMA,
    his: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        webhookUrl: { type: ['string', 'null'], default: null },
        secret: { type: 'string', default: '' },
        retryBaseMs: { type: 'integer', minimum: 10, default: 2000 },
        retryMaxMs: { type: 'integer', minimum: 10, default: 300000 },
        pollMs: { type: 'integer', minimum: 10, default: 1000 },
      },
    },
    hub: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        url: { type: ['string', 'null'], default: null },
        siteId: { type: 'string', default: '' },
        token: { type: 'string', default: '' },
        intervalMs: { type: 'integer', minimum: 100, default: 300000 },
      },
    },
    scanners: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: {
          id: { type: 'string' },
          path: { type: 'string', minLength: 1 },
          baudRate: { type: 'integer', minimum: 50, default: 9600 },
          terminator: { ...terminator, default: 'any' },
          idleMs: { type: 'integer', minimum: 0, default: 100 },
          maxBytes: { type: 'integer', minimum: 64, default: 4096 },
          desk: { type: 'string', default: 'desk-1' },
        },
      },
    },
    simulators: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        // null: on unless a real gateway.url or a real scanner is configured (simulators never count as equipment).
        enabled: { type: ['boolean', 'null'], default: null },
        // false: simulated serial scanners run in-process instead of on a socat pseudo-terminal (the
        // test daemon's default; only the transport tests need real PTYs).
        pty: { type: 'boolean', default: true },
        scanners: {
          type: 'array',
          default: [{ id: 'sim-1' }],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id'],
            properties: {
              id: { type: 'string', minLength: 1 },
              baudRate: { type: 'integer', minimum: 50, default: 115200 },
              terminator: { type: 'string', enum: TERMINATORS.filter((t) => t !== 'any'), default: 'CR' },
              chunkBytes: { type: 'integer', minimum: 1, default: 32 },
              desk: { type: 'string', default: 'desk-1' },
            },
          },
        },
        hidScanners: {
          type: 'array',
          default: [],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'family'],
            properties: {
              id: { type: 'string', minLength: 1 },
              family: { type: 'string', enum: ['honeywell', 'newland', 'keyboard'] },
              desk: { type: 'string', default: 'desk-1' },
            },
          },
        },
        gateway: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            seed: { type: 'integer', default: 1 },
            latencyMs: { type: 'integer', minimum: 0, default: 100 },
            // Synthetic insured people the embedded simulator knows (the standalone gateway-sim keeps
            // 10,000): each is a dozen strings held in memory for the daemon's whole life.
            populationSize: { type: 'integer', minimum: 100, default: 2000 },
          },
        },
      },
    },
    discovery: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        serial: { type: 'boolean', default: true },
        hid: { type: 'boolean', default: true },
        intervalMs: { type: 'integer', minimum: 500, default: 5000 },
        // The desk of a scanner found by discovery, serial and HID alike: the first rule whose every
        // given field matches (a technician's assignment on /tech comes before the rules); else defaultDesk.
        deskRules: {
          type: 'array',
          default: [],
          maxItems: 500,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['desk'],
            minProperties: 2,
            properties: {
              desk: { type: 'string', minLength: 1, maxLength: 64 },
              serialNumber: { type: 'string', minLength: 1, maxLength: 128 },
              vendorId: { type: 'string', pattern: '^(0x)?[0-9a-fA-F]{4}$' },
              productId: { type: 'string', pattern: '^(0x)?[0-9a-fA-F]{4}$' },
              path: { type: 'string', minLength: 1, maxLength: 256 },
            },
          },
        },
        defaultDesk: { type: 'string', minLength: 1, maxLength: 64, default: 'desk-1' },
      },
    },
    gateway: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        url: { type: ['string', 'null'], default: null },
        username: { type: 'string', default: '00000_BV' },
        password: { type: 'string', default: 'tiepnhan-sim' },
        passwordCase: { type: 'string', enum: ['upper', 'lower'], default: 'upper' },
        officerName: { type: 'string', default: 'Cán bộ tiếp đón' },
        officerId: { type: 'string', default: '001190000001' },
        timeoutMs: { type: 'integer', minimum: 100, default: 15000 },
        history: { type: 'boolean', default: true },
        historyResource: { type: 'string', pattern: '^/', default: '/api/egw/Lskcb2025' },
      },
    },
    eligibility: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        retryBaseMs: { type: 'integer', minimum: 10, default: 5000 },
        retryMaxMs: { type: 'integer', minimum: 10, default: 300000 },
        pollMs: { type: 'integer', minimum: 10, default: 1000 },
        breakerThreshold: { type: 'integer', minimum: 1, default: 3 },
        breakerCooldownMs: { type: 'integer', minimum: 10, default: 30000 },
        cacheWindowMs: { type: 'integer', minimum: 0, default: 900000 },
        giveUpAfterMs: { type: 'integer', minimum: 1000, default: 86400000 },
        maxConcurrent: { type: 'integer', minimum: 1, maximum: 64, default: 4 },
        perMinute: { type: 'integer', minimum: 1, default: 120 },
        tokenLeadMs: { type: 'integer', minimum: 31000, default: 60000 },
      },
    },
    log: LOG_SCHEMA,
  },
} as const;
