// What a site sends the hub (POST /api/hub/push): its facility inventory now, and absolute daily
// counters for the days it covers. Absolute values (not increments) make every push idempotent:
// re-sending a day after a lost answer, or a week after an outage, writes the same numbers again.
// The one declaration of the push, for both sides: the site's pusher (daemon/src/hub-push/) builds
// it, the hub (hub/src/) validates it against the schema below.

import type { FromSchema } from 'json-schema-to-ts';
import type { DailyCounterRow, FacilityInventory, OutcomeBreakdown } from './report.ts';

export interface HubPush {
  readonly siteId: string;
  readonly sentAt: string;
  readonly facility: FacilityInventory;
  readonly counters: readonly DailyCounterRow[];
}

export const MAX_ROWS_PER_PUSH = 20_000;

const id = { type: 'string', minLength: 1, maxLength: 128 } as const;
const count = { type: 'integer', minimum: 0, maximum: 10_000_000 } as const;
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const text = { type: 'string', maxLength: 500 } as const;

const scanner = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'desk', 'mode', 'status', 'statusSource', 'reason', 'lastOnline'],
  properties: {
    id,
    desk: id,
    mode: id,
    status: { type: 'string', enum: ['working', 'notWorking'] },
    statusSource: { type: 'string', enum: ['telemetry', 'override'] },
    reason: { type: ['string', 'null'], maxLength: 500 },
    lastOnline: { type: ['string', 'null'], maxLength: 40 },
  },
} as const;

const station = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'kind', 'desks', 'scanners', 'needed', 'neededReason'],
  properties: {
    id,
    name: text,
    kind: { type: 'string', enum: ['facility', 'commune'] },
    desks: { type: 'array', maxItems: 1000, items: id },
    scanners: { type: 'array', maxItems: 1000, items: scanner },
    needed: count,
    neededReason: { type: ['string', 'null'], maxLength: 500 },
  },
} as const;

/** The breakdown behind "Lỗi" (counting/access-outcome.ts), every key of OutcomeBreakdown. */
const BREAKDOWN = {
  pending: count,
  errorsRead: count,
  errorsValidation: count,
  lookupNotCovered: count,
  lookupInput: count,
  lookupIdentity: count,
  lookupOther: count,
  lostReads: count,
} as const satisfies Record<keyof OutcomeBreakdown, typeof count>;

export const hubPushSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['siteId', 'sentAt', 'facility', 'counters'],
  properties: {
    siteId: id,
    sentAt: { type: 'string', format: 'date-time' },
    facility: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'province', 'sector', 'tier', 'order', 'stations'],
      properties: {
        id,
        name: text,
        province: text,
        sector: { type: 'string', enum: ['public', 'private'] },
        tier: { type: 'string', enum: ['province', 'district'] },
        order: { type: 'integer' },
        stations: { type: 'array', minItems: 1, maxItems: 1000, items: station },
      },
    },
    counters: {
      type: 'array',
      maxItems: MAX_ROWS_PER_PUSH,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['day', 'facilityId', 'stationId', 'deviceId', 'deskId', 'scans', 'searches', 'successes', 'errors'],
        // The breakdown (pending, causes of errors) is optional: sites older than v8 do not send it.
        properties: {
          day,
          facilityId: id,
          stationId: id,
          deviceId: id,
          deskId: id,
          scans: count,
          searches: count,
          successes: count,
          errors: count,
          ...BREAKDOWN,
        },
      },
    },
  },
} as const;

// The interface above is the schema's own type: a change to one that the other lacks fails here.
type DeepReadonly<T> =
  T extends ReadonlyArray<infer U> ? ReadonlyArray<DeepReadonly<U>> : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
type FromWire = DeepReadonly<FromSchema<typeof hubPushSchema>>;
({}) as HubPush satisfies FromWire;
({}) as FromWire satisfies HubPush;
