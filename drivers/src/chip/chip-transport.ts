// The seam between a chip-card reader's vendor service and the daemon, beside the scanners' seam
// (transport.ts). A chip reader is not read byte by byte: its vendor service (the HN212's desktop
// software, or a plain-WebSocket bridge) reads the chip and pushes JSON events; tiepnhan connects to
// it as a client. See docs/research/chip-readers.md for the two documented protocols.
//
// Contract:
// - a `card` is one card read to the end: the service's text fields as it sent them (strings, never
//   interpreted here) and, when the service sent them, the chip's raw files (base64 on the wire,
//   bytes here); nothing here checks a signature or knows a patient;
// - a card that starts and does not finish (a failure event, a new card before the end, the raw data
//   not arriving in time, the connection lost mid-card) is one `failure`, never a `card`; the
//   service's free-text message is not carried (it is the vendor's, and may quote the card);
// - the transport reconnects by itself, with backoff, until `close()`: `disconnect` is emitted once
//   per loss (with a TransportError SCANNER_DISCONNECTED), `connected` at each (re)connection;
// - `open()` resolves once the first connection attempt has been started, not when it succeeded:
//   a reader whose service is not running yet is a reader waiting for it, not an error;
// - `close()` ends everything without emitting `disconnect`.

import type { TransportError } from '../errors.ts';

/** `hn212-socketio`: Socket.IO, an event named `/event` carrying `id` 1 (new card), 2 (text
 *  fields), 4 (raw files), 3 (failure). `ws-events`: plain WebSocket, JSON with `EventName`,
 *  `NewState`, `Status`, `PersonalInfo`, `ChipFace`. */
export type ChipProtocol = 'hn212-socketio' | 'ws-events';

export const CHIP_PROTOCOLS: readonly ChipProtocol[] = ['hn212-socketio', 'ws-events'];

/** A service's address as messages and the device list show it: never a password in a URL. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

/** The chip's files as the service sent them; each absent when it was not sent. `image` is the
 *  service's own portrait (HN212 `img_data`, ws-events `ChipFace`), beside the chip's DG2. */
export interface ChipRawFiles {
  readonly dg2?: Buffer;
  readonly dg13?: Buffer;
  readonly dg14?: Buffer;
  readonly dg15?: Buffer;
  readonly sod?: Buffer;
  readonly image?: Buffer;
}

export interface ChipCard {
  /** The service's text fields as sent (HN212: `idCode`, `personName`, `dateOfBirth`, …;
   *  ws-events: `PersonalInfo`'s). Strings only: anything else the service sent is dropped. */
  readonly fields: Readonly<Record<string, string>>;
  /** null when the protocol carries no chip files (ws-events sends only a portrait: `{image}`). */
  readonly raw: ChipRawFiles | null;
  /** Epoch milliseconds when the card was complete. */
  readonly at: number;
}

/** `cardFailed`: the service said so (HN212 `id` 3, ws-events `Status: FAILURE`); `incomplete`: the
 *  card started and did not finish in time, or another card or a lost connection cut it short;
 *  `malformed`: an event the protocol does not allow (bad JSON, bad base64, a field not a string). */
export type ChipFailureKind = 'cardFailed' | 'incomplete' | 'malformed';

export interface ChipFailure {
  readonly kind: ChipFailureKind;
  readonly at: number;
}

export interface ChipTransportEvents {
  card: (card: ChipCard) => void;
  failure: (failure: ChipFailure) => void;
  connected: () => void;
  disconnect: (error: TransportError) => void;
}

export interface ChipTransportOptions {
  readonly url: string;
  readonly protocol: ChipProtocol;
  /** How long a started card may take to finish (default 10 000 ms). */
  readonly cardTimeoutMs?: number;
  /** Reconnection backoff: first delay and cap (defaults 500 ms and 10 000 ms). */
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
}

export interface ChipReaderTransport {
  readonly protocol: ChipProtocol;
  readonly url: string;
  /** Between open() and close(). */
  readonly isOpen: boolean;
  /** Connected to the service right now. */
  readonly connected: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  on<E extends keyof ChipTransportEvents>(event: E, listener: ChipTransportEvents[E]): this;
  off<E extends keyof ChipTransportEvents>(event: E, listener: ChipTransportEvents[E]): this;
}
