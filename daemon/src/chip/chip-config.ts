// The chip readers' configuration slices: each reader's vendor service (its URL and protocol, the
// desk it serves), and what the daemon does with a chip's data (the CSCA bundle its signatures chain
// to, whether the patient's consent is recorded first). Nothing about a reader's address is built in:
// the HN212's documented http://192.168.5.1:8000 is only an example (docs/guides/chip-reader.md).

import { CHIP_PROTOCOLS } from '../../../drivers/src/chip/chip-transport.ts';
import type { ConfigOf } from '../vocabulary/config-slice.ts';

export const CHIP_READER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    // http(s):// for hn212-socketio, ws(s):// for ws-events.
    url: { type: 'string', pattern: '^(https?|wss?)://[^\\s]+$' },
    desk: { type: 'string', minLength: 1, maxLength: 64, default: 'desk-1' },
    protocol: { type: 'string', enum: CHIP_PROTOCOLS, default: 'hn212-socketio' },
  },
} as const;

export const CHIP_READERS_SCHEMA = { type: 'array', default: [], maxItems: 64, items: CHIP_READER_SCHEMA } as const;

export const CHIP_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    // A PEM bundle of the issuing authority's CSCA certificates, installed by the facility (none
    // ships): with it a chip's Document Signer can be chained to the issuer ("issuer"); without it a
    // chip's data can only be shown to match the chip's own signature ("integrity").
    cscaFile: { type: ['string', 'null'], default: null },
    // The receptionist records the patient's consent (one key) before the chip's data is shown or
    // looked up; audited.
    requireConsent: { type: 'boolean', default: false },
    // How long a card may take from "new card" to its last event before it counts as an error read.
    cardTimeoutMs: { type: 'integer', minimum: 500, maximum: 120_000, default: 10_000 },
    // How long a chip's portrait is kept in memory for the desk (never stored): the visit.
    portraitKeepMs: { type: 'integer', minimum: 10_000, maximum: 14_400_000, default: 1_800_000 },
  },
} as const;

/** A reader as the daemon uses it: the loader gives every entry an id (`chip-1`, …). */
export type ChipReaderConfig = ConfigOf<typeof CHIP_READER_SCHEMA> & { readonly id: string };
export type ChipConfig = ConfigOf<typeof CHIP_SCHEMA>;
