// The HN212 vendor service over Socket.IO (research note §1 A): connect to its base URL on the default
// namespace and listen to the event *named* `/event`. Socket.IO's own reconnection does the backoff
// for lost connections; only a disconnection the server asked for ('io server disconnect', or a
// refusal by its middleware) stops it, and that one is retried here after the first backoff delay,
// so a service that kicks every client at once is not hammered in a tight loop.

import { io, type Socket } from 'socket.io-client';
import { lastByteClock } from '../clock.ts';
import { TransportError } from '../errors.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { CardAssembler, type AssemblerEvent } from './card-assembler.ts';
import { shownUrl, type ChipReaderTransport, type ChipTransportEvents, type ChipTransportOptions } from './chip-transport.ts';

export const DEFAULT_CARD_TIMEOUT_MS = 10_000;
export const DEFAULT_RECONNECT_MIN_MS = 500;
export const DEFAULT_RECONNECT_MAX_MS = 10_000;
/** Spread of each reconnection delay (±50 %), so readers restarted together do not retry together. */
const RANDOMIZATION = 0.5;

export class Hn212SocketIoTransport extends TypedEmitter<ChipTransportEvents> implements ChipReaderTransport {
  readonly protocol = 'hn212-socketio' as const;
  readonly url: string;
  readonly #assembler: CardAssembler;
  readonly #minMs: number;
  readonly #maxMs: number;
  readonly #now: () => number;
  #socket: Socket | null = null;
  #connected = false;
  #deadlineTimer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;

  constructor(options: Omit<ChipTransportOptions, 'protocol'> & { readonly now?: () => number }) {
    super();
    this.url = options.url;
    this.#assembler = new CardAssembler(options.cardTimeoutMs ?? DEFAULT_CARD_TIMEOUT_MS);
    this.#minMs = options.reconnectMinMs ?? DEFAULT_RECONNECT_MIN_MS;
    this.#maxMs = options.reconnectMaxMs ?? DEFAULT_RECONNECT_MAX_MS;
    if (!(this.#minMs > 0) || !(this.#maxMs >= this.#minMs)) throw new TypeError('reconnection delays must satisfy 0 < reconnectMinMs <= reconnectMaxMs');
    this.#now = options.now ?? lastByteClock;
  }

  get isOpen(): boolean {
    return this.#socket !== null;
  }

  get connected(): boolean {
    return this.#connected;
  }

  async open(): Promise<void> {
    if (this.#socket) return;
    const socket = io(this.url, {
      // A manager of our own: io() otherwise shares one per URL, and closing one transport would close the other's.
      forceNew: true,
      autoConnect: false,
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelay: this.#minMs,
      reconnectionDelayMax: this.#maxMs,
      randomizationFactor: RANDOMIZATION,
    });
    this.#socket = socket;
    socket.on('connect', () => this.#onConnect());
    socket.on('disconnect', (reason) => this.#onDisconnect(socket, reason));
    socket.on('connect_error', () => this.#onConnectError(socket));
    socket.on('/event', (payload: unknown) => this.#feed({ type: 'hn212', payload: decodePayload(payload) }));
    socket.connect();
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    this.#connected = false;
    this.#clearTimers();
    this.#assembler.reset();
    socket.removeAllListeners();
    // The last socket of its manager: disconnecting it closes the connection and stops reconnecting.
    socket.disconnect();
  }

  #onConnect(): void {
    this.#connected = true;
    this.emit('connected');
  }

  #onDisconnect(socket: Socket, reason: Socket.DisconnectReason): void {
    if (socket !== this.#socket) return;
    if (reason === 'io server disconnect') this.#retryLater(socket);
    this.#lost(new TransportError('SCANNER_DISCONNECTED', `chip reader service ${shownUrl(this.url)} disconnected (${reason})`));
  }

  // A failed attempt is not a new loss (`disconnect` was emitted when the connection went, or it
  // never came: a service not running yet is waited for). Socket.IO retries by itself unless the
  // server refused this client (`active` false).
  #onConnectError(socket: Socket): void {
    if (socket === this.#socket && !socket.active) this.#retryLater(socket);
  }

  /** Emits `disconnect` once per loss: only a transport that was connected can lose its connection. */
  #lost(error: TransportError): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#feed({ type: 'connectionLost' });
    this.emit('disconnect', error);
  }

  #retryLater(socket: Socket): void {
    if (this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (socket === this.#socket) socket.connect();
    }, this.#minMs);
    this.#retryTimer.unref();
  }

  #feed(event: AssemblerEvent): void {
    for (const out of this.#assembler.feed(event, this.#now())) {
      if (out.type === 'card') this.emit('card', out.card);
      else this.emit('failure', out.failure);
    }
    this.#armDeadline();
  }

  // One timer for the pending card's deadline, re-armed after every event. A timer may fire a little
  // before the clock reads the deadline (libuv counts whole milliseconds): the tick then changes
  // nothing, and the re-arm waits the rest.
  #armDeadline(): void {
    if (this.#deadlineTimer) clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = null;
    const deadline = this.#assembler.deadline;
    if (deadline === null || !this.#socket) return;
    this.#deadlineTimer = setTimeout(() => this.#feed({ type: 'tick' }), Math.max(1, Math.ceil(deadline - this.#now())));
    this.#deadlineTimer.unref();
  }

  #clearTimers(): void {
    if (this.#deadlineTimer) clearTimeout(this.#deadlineTimer);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#deadlineTimer = null;
    this.#retryTimer = null;
  }
}

/** Socket.IO decodes JSON itself; a service that emits the JSON as a string is read the same way. */
function decodePayload(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload; // not an object: the assembler reports it as malformed
  }
}
