// The plain-WebSocket chip service (research note §1 B): one JSON object per message with
// `EventName`, `NewState`, `Status`, `PersonalInfo`, `ChipFace`. `ws` does not reconnect, so this
// transport does: after every close or failed attempt it waits, doubling the wait from
// reconnectMinMs up to reconnectMaxMs, and starts again from reconnectMinMs once connected.

import WebSocket, { type RawData } from 'ws';
import { lastByteClock } from '../clock.ts';
import { TransportError } from '../errors.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { CardAssembler, type AssemblerEvent } from './card-assembler.ts';
import { shownUrl, type ChipReaderTransport, type ChipTransportEvents, type ChipTransportOptions } from './chip-transport.ts';
import { DEFAULT_CARD_TIMEOUT_MS, DEFAULT_RECONNECT_MAX_MS, DEFAULT_RECONNECT_MIN_MS } from './hn212-socketio-transport.ts';

/** How long the opening handshake may take before the attempt counts as failed. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export class WsEventsTransport extends TypedEmitter<ChipTransportEvents> implements ChipReaderTransport {
  readonly protocol = 'ws-events' as const;
  readonly url: string;
  readonly #assembler: CardAssembler;
  readonly #minMs: number;
  readonly #maxMs: number;
  readonly #now: () => number;
  #open = false;
  #ws: WebSocket | null = null;
  #connected = false;
  #failedAttempts = 0;
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
    return this.#open;
  }

  get connected(): boolean {
    return this.#connected;
  }

  async open(): Promise<void> {
    if (this.#open) return;
    this.#open = true;
    this.#failedAttempts = 0;
    this.#connect();
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.#connected = false;
    this.#clearTimers();
    this.#assembler.reset();
    const ws = this.#ws;
    this.#ws = null;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    // Resolves when the socket is really gone, so an owner (or a test) can stop the service after.
    const gone = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.terminate();
    await gone;
  }

  #connect(): void {
    const ws = new WebSocket(this.url, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    this.#ws = ws;
    ws.on('open', () => this.#onOpen(ws));
    ws.on('message', (data: RawData) => this.#onMessage(ws, data));
    // Every failure is followed by 'close', which does the reconnecting; unheard, it would throw.
    ws.on('error', () => undefined);
    ws.on('close', (code: number) => this.#onClose(ws, code));
  }

  #onOpen(ws: WebSocket): void {
    if (ws !== this.#ws) return;
    this.#failedAttempts = 0;
    this.#connected = true;
    this.emit('connected');
  }

  #onMessage(ws: WebSocket, data: RawData): void {
    if (ws !== this.#ws) return;
    const text = (Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.#feed({ type: 'unreadable' });
      return;
    }
    this.#feed({ type: 'wsEvents', message });
  }

  #onClose(ws: WebSocket, code: number): void {
    if (ws !== this.#ws) return;
    this.#ws = null;
    if (this.#connected) {
      // Once per loss: the failed attempts that follow, until the next connection, add nothing.
      this.#connected = false;
      this.#feed({ type: 'connectionLost' });
      this.emit('disconnect', new TransportError('SCANNER_DISCONNECTED', `chip reader service ${shownUrl(this.url)} disconnected (close code ${code})`));
    }
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (!this.#open || this.#retryTimer) return;
    const delay = Math.min(this.#maxMs, this.#minMs * 2 ** this.#failedAttempts);
    this.#failedAttempts++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#open) this.#connect();
    }, delay);
    this.#retryTimer.unref();
  }

  #feed(event: AssemblerEvent): void {
    for (const out of this.#assembler.feed(event, this.#now())) {
      if (out.type === 'card') this.emit('card', out.card);
      else this.emit('failure', out.failure);
    }
    this.#armDeadline();
  }

  // As in the HN212 transport: one timer for the pending card's deadline, re-armed after each event;
  // a tick that fires a hair early changes nothing and the re-arm waits the rest.
  #armDeadline(): void {
    if (this.#deadlineTimer) clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = null;
    const deadline = this.#assembler.deadline;
    if (deadline === null || !this.#open) return;
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
