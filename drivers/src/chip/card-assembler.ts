// A chip reader's events -> whole cards or one failure each, as a pure state machine: no I/O and no
// timer of its own. The transport hands in each decoded event with the time it arrived, and arms
// its own timer for `deadlineOf(state)`, feeding `{ type: 'tick' }` when it fires; so every
// transition can be tested with given times (tests/unit/drivers/chip/card-assembler.test.ts).
//
// A card is one failure or one card, never both and never two failures (chip-transport.ts): a card
// cut short by a malformed event ends as `malformed` alone, and once a card has expired, the rest of
// its events arriving late (HN212 `id` 2/3/4, ws-events `CARD_RESULT`) are swallowed instead of being
// reported a second time.

import type { ChipCard, ChipFailure, ChipFailureKind, ChipRawFiles } from './chip-transport.ts';

export type AssemblyState =
  | { readonly phase: 'idle' }
  /** A card has started; `fields` is null until HN212's `id` 2 (ws-events carries none before the end). */
  | { readonly phase: 'pending'; readonly deadline: number; readonly fields: Readonly<Record<string, string>> | null }
  /** The last card timed out; its late events are swallowed until the next card starts. */
  | { readonly phase: 'expired'; readonly hadFields: boolean };

export type AssemblerEvent =
  /** One `/event` payload of the HN212 service (already an object when Socket.IO decoded it). */
  | { readonly type: 'hn212'; readonly payload: unknown }
  /** One ws-events message, already parsed as JSON. */
  | { readonly type: 'wsEvents'; readonly message: unknown }
  /** A message that was not JSON at all. */
  | { readonly type: 'unreadable' }
  /** The transport's deadline timer fired (or any moment the time should be checked). */
  | { readonly type: 'tick' }
  | { readonly type: 'connectionLost' };

export type AssemblerOutput = { readonly type: 'card'; readonly card: ChipCard } | { readonly type: 'failure'; readonly failure: ChipFailure };

export interface AssemblyStep {
  readonly state: AssemblyState;
  /** In the order they happened (a failure for the card cut short comes before anything else). */
  readonly outputs: readonly AssemblerOutput[];
}

export const IDLE: AssemblyState = { phase: 'idle' };

/** The HN212 `id` 4 keys, and where each lands in ChipRawFiles (`img_data` is the service's portrait). */
export const HN212_RAW_KEYS: ReadonlyArray<readonly [string, keyof ChipRawFiles]> = [
  ['img_data', 'image'],
  ['dg2', 'dg2'],
  ['dg13', 'dg13'],
  ['dg14', 'dg14'],
  ['dg15', 'dg15'],
  ['sod', 'sod'],
];

/** When the pending card times out (epoch ms), or null when no card is pending. */
export function deadlineOf(state: AssemblyState): number | null {
  return state.phase === 'pending' ? state.deadline : null;
}

/** One event at time `now` (epoch ms); a card started now must finish within `cardTimeoutMs`. */
export function step(state: AssemblyState, event: AssemblerEvent, now: number, cardTimeoutMs: number): AssemblyStep {
  // The deadline is checked first, so a late event cannot rescue a card whose time ran out while the
  // transport's timer was still queued behind it.
  const expired = expire(state, now);
  const next = apply(expired.state, event, now, cardTimeoutMs);
  return { state: next.state, outputs: [...expired.outputs, ...next.outputs] };
}

function expire(state: AssemblyState, now: number): AssemblyStep {
  if (state.phase !== 'pending' || now < state.deadline) return { state, outputs: [] };
  return { state: { phase: 'expired', hadFields: state.fields !== null }, outputs: [failure('incomplete', state.deadline)] };
}

function apply(state: AssemblyState, event: AssemblerEvent, now: number, cardTimeoutMs: number): AssemblyStep {
  switch (event.type) {
    case 'tick':
      return { state, outputs: [] };
    case 'connectionLost':
      // The service cannot finish a card over a connection that is gone; a reconnection starts afresh.
      return { state: IDLE, outputs: state.phase === 'pending' ? [failure('incomplete', now)] : [] };
    case 'unreadable':
      return malformed(state, now);
    case 'hn212':
      return hn212(state, event.payload, now, cardTimeoutMs);
    case 'wsEvents':
      return wsEvents(state, event.message, now, cardTimeoutMs);
  }
}

// ---- HN212 (Socket.IO `/event`: id 1 new card, 2 text fields, 4 raw files, 3 failure) ----

function hn212(state: AssemblyState, payload: unknown, now: number, cardTimeoutMs: number): AssemblyStep {
  if (!isRecord(payload)) return malformed(state, now);
  switch (payload.id) {
    case 1:
      return start(state, null, now, cardTimeoutMs);
    case 2:
      return hn212Fields(state, payload.data, now, cardTimeoutMs);
    case 3:
      // The service's message is free text that may quote the card: never carried.
      return state.phase === 'expired' ? { state: IDLE, outputs: [] } : { state: IDLE, outputs: [failure('cardFailed', now)] };
    case 4:
      return hn212Raw(state, payload.data, now);
    default:
      return malformed(state, now);
  }
}

function hn212Fields(state: AssemblyState, data: unknown, now: number, cardTimeoutMs: number): AssemblyStep {
  if (!isRecord(data)) return malformed(state, now);
  const fields = stringsOf(data);
  // The late text of a card that already timed out (its id 1 came in time, this did not).
  if (state.phase === 'expired' && !state.hadFields) return { state: { phase: 'expired', hadFields: true }, outputs: [] };
  // Fields for a card that has none yet; otherwise (no id 1 at all, or a second id 2) a new card
  // starts here: services that skip id 1 are tolerated, and a second id 2 means the first card lost its end.
  if (state.phase === 'pending' && state.fields === null) return { state: { ...state, fields }, outputs: [] };
  return start(state, fields, now, cardTimeoutMs);
}

function hn212Raw(state: AssemblyState, data: unknown, now: number): AssemblyStep {
  if (state.phase === 'expired') return { state: IDLE, outputs: [] };
  if (state.phase !== 'pending' || state.fields === null || !isRecord(data)) return malformed(state, now);
  const raw: Record<string, Buffer> = {};
  for (const [wire, key] of HN212_RAW_KEYS) {
    const value = data[wire];
    if (value === undefined || value === null || value === '') continue; // not sent
    const bytes = typeof value === 'string' ? decodeBase64(value) : null;
    if (!bytes) return malformed(state, now);
    raw[key] = bytes;
  }
  return complete(state.fields, raw, now);
}

// ---- ws-events (plain WebSocket: EventName READ / CARD_RESULT, Status FAILURE, NewState EMPTY) ----

function wsEvents(state: AssemblyState, message: unknown, now: number, cardTimeoutMs: number): AssemblyStep {
  if (!isRecord(message)) return malformed(state, now);
  if (message.Status === 'FAILURE') {
    return state.phase === 'expired' ? { state: IDLE, outputs: [] } : { state: IDLE, outputs: [failure('cardFailed', now)] };
  }
  if (message.EventName === 'READ') return start(state, null, now, cardTimeoutMs);
  if (message.EventName === 'CARD_RESULT') return wsResult(state, message, now);
  if (message.NewState === 'EMPTY') {
    // The card left the reader: whatever was pending cannot finish any more.
    return { state: IDLE, outputs: state.phase === 'pending' ? [failure('incomplete', now)] : [] };
  }
  // Only one client of this protocol is public (research note §1 B): other events and states
  // exist, and are not errors.
  return { state, outputs: [] };
}

function wsResult(state: AssemblyState, message: Record<string, unknown>, now: number): AssemblyStep {
  if (state.phase === 'expired') return { state: IDLE, outputs: [] };
  if (!isRecord(message.PersonalInfo)) return malformed(state, now);
  const face = message.ChipFace;
  if (face === undefined || face === null || face === '') return complete(stringsOf(message.PersonalInfo), null, now);
  const image = typeof face === 'string' ? decodeBase64(face) : null;
  if (!image) return malformed(state, now);
  // A CARD_RESULT without its READ is still a whole card: it carries everything itself.
  return complete(stringsOf(message.PersonalInfo), { image }, now);
}

// ---- shared transitions ----

function start(state: AssemblyState, fields: Readonly<Record<string, string>> | null, now: number, cardTimeoutMs: number): AssemblyStep {
  const cutShort = state.phase === 'pending' ? [failure('incomplete', now)] : [];
  return { state: { phase: 'pending', deadline: now + cardTimeoutMs, fields }, outputs: cutShort };
}

function complete(fields: Readonly<Record<string, string>>, raw: ChipRawFiles | null, now: number): AssemblyStep {
  return { state: IDLE, outputs: [{ type: 'card', card: { fields, raw, at: now } }] };
}

/** An event the protocol does not allow; a pending card ends with it (one failure, not two). */
function malformed(state: AssemblyState, now: number): AssemblyStep {
  return { state: state.phase === 'pending' ? IDLE : state, outputs: [failure('malformed', now)] };
}

function failure(kind: ChipFailureKind, at: number): AssemblerOutput {
  return { type: 'failure', failure: { kind, at } };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The string values only (chip-transport.ts: anything else the service sent is dropped). */
function stringsOf(data: Record<string, unknown>): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string') out[k] = v;
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 (line breaks allowed, as Python's encodebytes writes them; padding optional), or
 *  null: Buffer.from(…, 'base64') alone would skip garbage silently and hand on truncated bytes. */
export function decodeBase64(text: string): Buffer | null {
  const s = text.replace(/\r?\n/g, '');
  if (!BASE64.test(s) || s.length % 4 === 1) return null;
  if (s.includes('=') && s.length % 4 !== 0) return null;
  return Buffer.from(s, 'base64');
}

/** The same machine with its state kept: what a transport holds. Still no timer and no clock. */
export class CardAssembler {
  #state: AssemblyState = IDLE;

  constructor(readonly cardTimeoutMs: number) {
    if (!(cardTimeoutMs > 0)) throw new TypeError('"cardTimeoutMs" must be greater than 0');
  }

  get state(): AssemblyState {
    return this.#state;
  }

  /** When the transport should feed a `tick`, or null when nothing is pending. */
  get deadline(): number | null {
    return deadlineOf(this.#state);
  }

  feed(event: AssemblerEvent, now: number): readonly AssemblerOutput[] {
    const next = step(this.#state, event, now, this.cardTimeoutMs);
    this.#state = next.state;
    return next.outputs;
  }

  /** Forgets any pending card without a failure (the transport was closed by its owner). */
  reset(): void {
    this.#state = IDLE;
  }
}
