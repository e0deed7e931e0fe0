// The report's configuration slices: when a scanner counts as not working (the inventory columns),
// and the reporting period, the cumulative column's start and what an access counts as.

import { OUTCOME_RULES_SCHEMA } from '../counting/access-outcome.ts';
import type { ConfigOf } from '../vocabulary/config-slice.ts';
import { CUMULATIVE_SINCE_PROPERTY, REPORT_PERIOD_PROPERTIES } from './period-config.ts';

export const INVENTORY_RULES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    offlineDays: { type: 'number', minimum: 0, default: 3 },
    errorRateThreshold: { type: 'number', minimum: 0, maximum: 1, default: 0.2 },
    errorRateMinReads: { type: 'integer', minimum: 1, default: 20 },
    errorRateDays: { type: 'integer', minimum: 1, default: 7 },
  },
} as const;

export const REPORTS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    ...CUMULATIVE_SINCE_PROPERTY,
    ...REPORT_PERIOD_PROPERTIES,
    outcomes: OUTCOME_RULES_SCHEMA,
  },
} as const;

export type InventoryRules = ConfigOf<typeof INVENTORY_RULES_SCHEMA>;
export type ReportsConfig = ConfigOf<typeof REPORTS_SCHEMA>;
