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
  /** Phụ lục 2 (#29): absent from sites older than migration 16, and sent only to hubs that take it
   *  (a hub older than that refuses the field; the site then pushes without it: site-pusher.ts). */
  readonly gateway?: GatewayPush;
}

/** The site's BHXH gateway account and its exchanges per day (docs/reference/report-rules.md, Phụ lục 2). */
export interface GatewayPush {
  /** "Cấp tài khoản": a real gateway URL and credentials are configured (the simulator is none). */
  readonly account: boolean;
  /** The unit's tier in Phụ lục 2's summary. */
  readonly kind: 'hospital' | 'clinic' | 'commune';
  /** Absolute counts of the days the push covers (answered: Thành công, failed: Lỗi). */
  readonly days: readonly GatewayDayRow[];
}

export interface GatewayDayRow {
  readonly day: string;
  readonly facilityId: string;
  readonly answered: number;
  readonly failed: number;
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

const equipmentCount = {
  type: 'object',
  additionalProperties: false,
  required: ['working', 'notWorking', 'needed', 'reason', 'updatedAt'],
  properties: {
    working: count,
    notWorking: count,
    needed: count,
    reason: { type: ['string', 'null'], maxLength: 500 },
    updatedAt: { type: ['string', 'null'], maxLength: 40 },
  },
} as const;

/** A station's equipment (#29): optional, as sites older than migration 17 do not send it, and sent
 *  only to hubs that take it (an older hub refuses it; the site then pushes without it: site-pusher.ts). */
const equipment = {
  type: 'object',
  additionalProperties: false,
  required: ['computers', 'printers', 'scanners', 'internet'],
  properties: {
    computers: equipmentCount,
    printers: {
      type: 'object',
      additionalProperties: false,
      required: [...equipmentCount.required, 'detected'],
      properties: {
        ...equipmentCount.properties,
        detected: {
          oneOf: [
            { type: 'null' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['source', 'working', 'notWorking', 'names', 'at'],
              properties: {
                source: { type: 'string', enum: ['cups', 'windows'] },
                working: count,
                notWorking: count,
                names: { type: 'array', maxItems: 100, items: text },
                at: { type: 'string', maxLength: 40 },
              },
            },
          ],
        },
      },
    },
    scanners: {
      type: 'object',
      additionalProperties: false,
      required: ['working', 'notWorking', 'needed'],
      properties: { working: count, notWorking: count, needed: count },
    },
    internet: { type: 'string', enum: ['ok', 'down', 'unknown'] },
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
    equipment,
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
  chipReads: count,
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
    gateway: {
      type: 'object',
      additionalProperties: false,
      required: ['account', 'kind', 'days'],
      properties: {
        account: { type: 'boolean' },
        kind: { type: 'string', enum: ['hospital', 'clinic', 'commune'] },
        days: {
          type: 'array',
          maxItems: MAX_ROWS_PER_PUSH,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['day', 'facilityId', 'answered', 'failed'],
            properties: { day, facilityId: id, answered: count, failed: count },
          },
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
