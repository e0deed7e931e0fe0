// The facility this site is, with its stations and desks: what places every event (vocabulary/place.ts)
// and every row of the district report. Its configuration slice, shared by the daemon and the hub.

import type { ConfigOf } from './config-slice.ts';

/** A: public (công lập), B: private (ngoài công lập). */
export const SECTOR = { type: 'string', enum: ['public', 'private'] } as const;
/** I: province hospitals (tuyến tỉnh); II: district health centres with their communes (tuyến huyện - xã). */
export const TIER = { type: 'string', enum: ['province', 'district'] } as const;

/** The tiers of Phụ lục 2's summary: TTYT / bệnh viện, phòng khám, trạm y tế xã. */
export const UNIT_KIND = { type: 'string', enum: ['hospital', 'clinic', 'commune'] } as const;

export const FACILITY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    id: { type: 'string', default: '00000' },
    name: { type: 'string', default: 'Cơ sở KCB (chưa cấu hình)' },
    province: { type: 'string', default: '' },
    sector: { ...SECTOR, default: 'public' },
    tier: { ...TIER, default: 'district' },
    // Row order within its tier in the report.
    order: { type: 'integer', default: 0 },
    // The kind of unit in Phụ lục 2's tier summary (seed 001): hospital (TTYT / bệnh viện), clinic
    // (phòng khám), commune (trạm y tế xã); absent: hospital.
    kind: UNIT_KIND,
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
          // facility: the facility's own building; commune: a commune station (Trạm Y tế, PKĐK, bệnh xá).
          kind: { type: 'string', enum: ['facility', 'commune'], default: 'facility' },
          desks: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
          // Overrides the computed need (desks without a working scanner), with the reason for the report.
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
} as const;

export type FacilityConfig = ConfigOf<typeof FACILITY_SCHEMA>;
export type StationConfig = FacilityConfig['stations'][number];
