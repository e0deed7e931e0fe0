// The plain-WebSocket chip service (research note §1 B): one JSON object per message with
// `EventName`, `NewState`, `Status`, `PersonalInfo`, `ChipFace`. `ws` does not reconnect, so this
// transport does: after every close or failed attempt it waits, doubling the wait from
// reconnectMinMs up to reconnectMaxMs, and starts again from reconnectMinMs once connected.

import WebSocket, { type RawData } from 'ws';
import { TransportError } from '../errors.ts';
import { ChipTransportBase } from './chip-transport-base.ts';
import { shownUrl } from './chip-transport.ts';

/** How long the opening handshake may take before the attempt counts as failed. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export class WsEventsTransport extends ChipTransportBase {
  readonly protocol = 'ws-events' as const;
  #open = false;
  #ws: WebSocket | null = null;
  #failedAttempts = 0;

  get isOpen(): boolean {
    return this.#open;
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
    this.stopReading();
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
    this.markConnected();
  }

  #onMessage(ws: WebSocket, data: RawData): void {
    if (ws !== this.#ws) return;
    const text = (Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.feed({ type: 'unreadable' });
      return;
    }
    this.feed({ type: 'wsEvents', message });
  }

  #onClose(ws: WebSocket, code: number): void {
    if (ws !== this.#ws) return;
    this.#ws = null;
    this.markLost(new TransportError('SCANNER_DISCONNECTED', `chip reader service ${shownUrl(this.url)} disconnected (close code ${code})`));
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (!this.#open) return;
    const delay = Math.min(this.maxMs, this.minMs * 2 ** this.#failedAttempts);
    const scheduled = this.retryAfter(delay, () => {
      if (this.#open) this.#connect();
    });
    if (scheduled) this.#failedAttempts++;
  }
}
