// What the two chip transports share once their service's events are decoded: the option checks,
// the card assembler with its deadline timer, the one retry timer, and the `connected` /
// `disconnect` bookkeeping of chip-transport.ts's contract (one `disconnect` per loss). A subclass
// owns its connection (Socket.IO or ws) and its retry policy; it hands each decoded event to feed().

import { lastByteClock } from '../clock.ts';
import type { TransportError } from '../errors.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { CardAssembler, type AssemblerEvent } from './card-assembler.ts';
import type { ChipReaderTransport, ChipTransportEvents, ChipTransportOptions } from './chip-transport.ts';

export const DEFAULT_CARD_TIMEOUT_MS = 10_000;
export const DEFAULT_RECONNECT_MIN_MS = 500;
export const DEFAULT_RECONNECT_MAX_MS = 10_000;

/** A transport's options without the protocol (the class is the protocol), and a clock for tests. */
export type ChipTransportBaseOptions = Omit<ChipTransportOptions, 'protocol'> & { readonly now?: () => number };

export abstract class ChipTransportBase extends TypedEmitter<ChipTransportEvents> implements ChipReaderTransport {
  abstract readonly protocol: ChipReaderTransport['protocol'];
  readonly url: string;
  /** Reconnection backoff: the first delay and the cap. */
  protected readonly minMs: number;
  protected readonly maxMs: number;
  readonly #assembler: CardAssembler;
  readonly #now: () => number;
  #connected = false;
  #deadlineTimer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;

  constructor(options: ChipTransportBaseOptions) {
    super();
    this.url = options.url;
    this.#assembler = new CardAssembler(options.cardTimeoutMs ?? DEFAULT_CARD_TIMEOUT_MS);
    this.minMs = options.reconnectMinMs ?? DEFAULT_RECONNECT_MIN_MS;
    this.maxMs = options.reconnectMaxMs ?? DEFAULT_RECONNECT_MAX_MS;
    if (!(this.minMs > 0) || !(this.maxMs >= this.minMs)) throw new TypeError('reconnection delays must satisfy 0 < reconnectMinMs <= reconnectMaxMs');
    this.#now = options.now ?? lastByteClock;
  }

  /** Between open() and close(): the deadline timer is armed only then. */
  abstract get isOpen(): boolean;
  abstract open(): Promise<void>;
  abstract close(): Promise<void>;

  get connected(): boolean {
    return this.#connected;
  }

  /** One decoded event of the service (or a tick, or the connection lost) into the assembler. */
  protected feed(event: AssemblerEvent): void {
    for (const out of this.#assembler.feed(event, this.#now())) {
      if (out.type === 'card') this.emit('card', out.card);
      else this.emit('failure', out.failure);
    }
    this.#armDeadline();
  }

  protected markConnected(): void {
    this.#connected = true;
    this.emit('connected');
  }

  /** Emits `disconnect` once per loss: only a transport that was connected can lose its connection,
   *  and the failed attempts that follow, until the next connection, add nothing. */
  protected markLost(error: TransportError): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.feed({ type: 'connectionLost' });
    this.emit('disconnect', error);
  }

  /** Runs `retry` after `delayMs` unless a retry is already waiting; false when one was. The timer
   *  does not hold the process open: a reader waiting for its service is no reason to keep running. */
  protected retryAfter(delayMs: number, retry: () => void): boolean {
    if (this.#retryTimer) return false;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      retry();
    }, delayMs);
    this.#retryTimer.unref();
    return true;
  }

  /** For close(): not connected, no timer left, and a pending card dropped without a failure. */
  protected stopReading(): void {
    this.#connected = false;
    if (this.#deadlineTimer) clearTimeout(this.#deadlineTimer);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#deadlineTimer = null;
    this.#retryTimer = null;
    this.#assembler.reset();
  }

  // One timer for the pending card's deadline, re-armed after every event. A timer may fire a little
  // before the clock reads the deadline (libuv counts whole milliseconds): the tick then changes
  // nothing, and the re-arm waits the rest.
  #armDeadline(): void {
    if (this.#deadlineTimer) clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = null;
    const deadline = this.#assembler.deadline;
    if (deadline === null || !this.isOpen) return;
    this.#deadlineTimer = setTimeout(() => this.feed({ type: 'tick' }), Math.max(1, Math.ceil(deadline - this.#now())));
    this.#deadlineTimer.unref();
  }
}
