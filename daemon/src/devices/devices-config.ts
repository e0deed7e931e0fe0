// The scanners' configuration slices: serial scanners named by path, and discovery (which makers'
// scanners are opened by themselves, and the desk each lands on).

import type { Terminator } from '../../../drivers/src/serial/frame-splitter.ts';
import type { ConfigOf } from '../vocabulary/config-slice.ts';

/** The frame splitter's terminators (drivers/src/serial/frame-splitter.ts; the check below keeps them in step). */
const TERMINATOR_ENUM = ['CR', 'LF', 'CRLF', 'TAB', 'ETX', 'none', 'any'] as const;
TERMINATOR_ENUM satisfies readonly Terminator[];

export const SERIAL_SCANNER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    id: { type: 'string' },
    path: { type: 'string', minLength: 1 },
    baudRate: { type: 'integer', minimum: 50, default: 9600 },
    terminator: { type: 'string', enum: TERMINATOR_ENUM, default: 'any' },
    idleMs: { type: 'integer', minimum: 0, default: 100 },
    maxBytes: { type: 'integer', minimum: 64, default: 4096 },
    desk: { type: 'string', default: 'desk-1' },
  },
} as const;

export const SCANNERS_SCHEMA = { type: 'array', default: [], items: SERIAL_SCANNER_SCHEMA } as const;

export const DESK_RULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['desk'],
  minProperties: 2,
  properties: {
    desk: { type: 'string', minLength: 1, maxLength: 64 },
    serialNumber: { type: 'string', minLength: 1, maxLength: 128 },
    vendorId: { type: 'string', pattern: '^(0x)?[0-9a-fA-F]{4}$' },
    productId: { type: 'string', pattern: '^(0x)?[0-9a-fA-F]{4}$' },
    // The device path, or the USB port location.
    path: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;

export const DISCOVERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    serial: { type: 'boolean', default: true },
    hid: { type: 'boolean', default: true },
    intervalMs: { type: 'integer', minimum: 500, default: 5000 },
    // The desk of a scanner found by discovery, serial and HID alike: the first rule whose every
    // given field matches (a technician's assignment on /tech comes before the rules); else defaultDesk.
    deskRules: { type: 'array', default: [], maxItems: 500, items: DESK_RULE_SCHEMA },
    defaultDesk: { type: 'string', minLength: 1, maxLength: 64, default: 'desk-1' },
  },
} as const;

// One access per card read (devices/repeat-filter.ts): the same bytes from the same device within
// the window are one access. `scanners` is the list of serial scanners, so the window has a slice of
// its own: a default for every device, and a window per device id (0 turns the filter off there).
export const REPEATS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    windowMs: { type: 'integer', minimum: 0, maximum: 60_000, default: 2000 },
    byDevice: { type: 'object', default: {}, additionalProperties: { type: 'integer', minimum: 0, maximum: 60_000 } },
  },
} as const;

/** A serial scanner entry as the daemon uses it: the loader gives every entry an id. */
export type SerialScannerConfig = ConfigOf<typeof SERIAL_SCANNER_SCHEMA> & { readonly id: string };
export type DeskRule = ConfigOf<typeof DESK_RULE_SCHEMA>;
export type DiscoveryConfig = ConfigOf<typeof DISCOVERY_SCHEMA>;
export type RepeatsConfig = ConfigOf<typeof REPEATS_SCHEMA>;

/** The repeat window of one device: its own, else the default. */
export const repeatWindowOf = (repeats: RepeatsConfig, deviceId: string): number => repeats.byDevice[deviceId] ?? repeats.windowMs;
