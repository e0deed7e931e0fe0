// The hub's own configuration file (JSON), validated like the daemon's, defaults filled in.

import { Ajv } from 'ajv';
import { ConfigError } from '../../daemon/src/vocabulary/config-error.ts';
import { LOG_SCHEMA } from '../../daemon/src/log.ts';
import { CUMULATIVE_SINCE_PROPERTY, REPORT_PERIOD_PROPERTIES } from '../../daemon/src/reports/period-config.ts';
import type { ConfigOf } from '../../daemon/src/vocabulary/config-slice.ts';
import { SECTOR, TIER, UNIT_KIND } from '../../daemon/src/vocabulary/facility.ts';
import { TRUST_PROXY_SCHEMA } from '../../daemon/src/http-kit/client-address.ts';

const token = { type: 'string', minLength: 16, maxLength: 256 } as const;

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 7310 },
    // `sqlite:PATH` (default) or a `postgres://` URL.
    db: { type: 'string', minLength: 1, default: 'sqlite:./hub-data/hub.sqlite' },
    sites: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'token'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 128 },
          token,
          // Facility ids the site may push; absent: bound at its first accepted push.
          facilities: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 128 } },
        },
      },
    },
    adminTokens: { type: 'array', items: token, default: [] },
    // Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges), so that wrong
    // tokens are counted per site or PC behind them, not against the proxy; none by default.
    trustProxy: TRUST_PROXY_SCHEMA,
    reports: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        ...CUMULATIVE_SINCE_PROPERTY,
        ...REPORT_PERIOD_PROPERTIES,
        // A site whose last push is older than this is listed as late in /api/hub/units.
        lateAfterDays: { type: 'integer', minimum: 1, default: 2 },
      },
    },
    // The units the province expects a report from: every one has a row, "(chưa có báo cáo)" when silent.
    expectedUnits: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['facilityId', 'name', 'sector', 'tier', 'order', 'siteId'],
        properties: {
          facilityId: { type: 'string', minLength: 1, maxLength: 128 },
          name: { type: 'string', minLength: 1, maxLength: 500 },
          sector: SECTOR,
          tier: TIER,
          order: { type: 'integer' },
          siteId: { type: 'string', minLength: 1, maxLength: 128 },
          // Phụ lục 2's tier (hospital, clinic, commune) for a unit that never sent its own; absent: hospital.
          kind: UNIT_KIND,
        },
      },
    },
    // PEM files; null serves plain HTTP (behind a TLS proxy, or on a closed network).
    tls: {
      default: null,
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['cert', 'key'],
          properties: { cert: { type: 'string', minLength: 1 }, key: { type: 'string', minLength: 1 } },
        },
      ],
    },
    log: LOG_SCHEMA,
  },
} as const;

export type HubFileConfig = ConfigOf<typeof schema>;

const validate = new Ajv({ useDefaults: true, allErrors: true }).compile(schema);

export function resolveHubConfig(input: unknown): HubFileConfig {
  const copy: unknown = structuredClone(input ?? {});
  if (!validate(copy)) {
    throw new ConfigError(`invalid hub configuration: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`);
  }
  const config = copy as HubFileConfig;
  const ids = config.sites.map((s) => s.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new ConfigError(`invalid hub configuration: site "${dup}" is listed twice`);
  const tokens = [...config.sites.map((s) => s.token), ...config.adminTokens];
  const units = config.expectedUnits.map((u) => u.facilityId);
  const twice = units.find((id, i) => units.indexOf(id) !== i);
  if (twice) throw new ConfigError(`invalid hub configuration: expected unit "${twice}" is listed twice`);
  const stray = config.expectedUnits.find((u) => !ids.includes(u.siteId));
  if (stray) throw new ConfigError(`invalid hub configuration: expected unit "${stray.facilityId}" names site "${stray.siteId}", which is not in "sites"`);
  if (new Set(tokens).size !== tokens.length)
    throw new ConfigError('invalid hub configuration: one token string is used twice (a site and an admin, or two sites); give each its own');
  return config;
}
