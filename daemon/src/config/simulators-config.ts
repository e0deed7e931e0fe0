// What the composition root simulates when no real part is configured: scanners, HID scanners and
// the BHXH gateway. Only wiring.ts reads this slice.

import { CHIP_PROTOCOLS } from '../../../drivers/src/chip/chip-transport.ts';
import type { ConfigOf } from '../vocabulary/config-slice.ts';

export const SIMULATORS_SCHEMA = {
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
          terminator: { type: 'string', enum: ['CR', 'LF', 'CRLF', 'TAB', 'ETX', 'none'], default: 'CR' },
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
          // honeywell / newland: HID-POS report layouts; keyboard: a wedge scanner.
          family: { type: 'string', enum: ['honeywell', 'newland', 'keyboard'] },
          desk: { type: 'string', default: 'desk-1' },
        },
      },
    },
    // A simulated chip reader service (HN212 protocol) with a test issuer: its cards verify to
    // "integrity" (its test CSCA is not installed). Presents a card on `tiepnhan simulate chip`.
    chipReaders: {
      type: 'array',
      default: [{ id: 'sim-chip-1' }],
      maxItems: 8,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { type: 'string', minLength: 1 },
          desk: { type: 'string', default: 'desk-1' },
          protocol: { type: 'string', enum: CHIP_PROTOCOLS, default: 'hn212-socketio' },
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
} as const;

/** As the daemon uses it: the loader resolves `enabled` to true or false. */
export type SimulatorsConfig = Omit<ConfigOf<typeof SIMULATORS_SCHEMA>, 'enabled'> & { readonly enabled: boolean };
export type SimulatedScannerConfig = SimulatorsConfig['scanners'][number];
export type SimulatedHidScannerConfig = SimulatorsConfig['hidScanners'][number];
