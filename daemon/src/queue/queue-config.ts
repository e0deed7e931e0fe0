// The queue's configuration slice: what the public display (/queue) shows and how many calls it keeps.

import type { ConfigOf } from '../vocabulary/config-slice.ts';
import { PRIORITY_SCHEMA } from '../vocabulary/priority.ts';

export const QUEUE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    // The display shows the patient's short name (initials and given name) beside the number. Off:
    // a waiting-room screen is public, and a number is enough to be called.
    showNames: { type: 'boolean', default: false },
    // How many calls the display lists (the latest first).
    recentCalls: { type: 'integer', minimum: 1, maximum: 12, default: 5 },
    // What the display writes and says for a desk or room, e.g. {"desk-1": "Quầy 1", "pk-3": "Phòng khám 3"};
    // a desk not listed is shown by its id.
    deskLabels: {
      type: 'object',
      default: {},
      propertyNames: { pattern: '^[A-Za-z0-9._@-]{1,64}$' },
      additionalProperties: { type: 'string', minLength: 1, maxLength: 40 },
    },
    // Priority by law (vocabulary/priority.ts): the order of calls, the ages, the facility's reasons.
    priority: PRIORITY_SCHEMA,
  },
} as const;

export type QueueConfig = ConfigOf<typeof QUEUE_SCHEMA>;
