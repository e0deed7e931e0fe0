// The HN212 vendor service over Socket.IO (research note §1 A): connect to its base URL on the default
// namespace and listen to the event *named* `/event`. Socket.IO's own reconnection does the backoff
// for lost connections; only a disconnection the server asked for ('io server disconnect', or a
// refusal by its middleware) stops it, and that one is retried here after the first backoff delay,
// so a service that kicks every client at once is not hammered in a tight loop.

import { io, type Socket } from 'socket.io-client';
import { TransportError } from '../errors.ts';
import { ChipTransportBase } from './chip-transport-base.ts';
import { shownUrl } from './chip-transport.ts';

/** Spread of each reconnection delay (±50 %), so readers restarted together do not retry together. */
const RANDOMIZATION = 0.5;

export class Hn212SocketIoTransport extends ChipTransportBase {
  readonly protocol = 'hn212-socketio' as const;
  #socket: Socket | null = null;

  get isOpen(): boolean {
    return this.#socket !== null;
  }

  async open(): Promise<void> {
    if (this.#socket) return;
    const socket = io(this.url, {
      // A manager of our own: io() otherwise shares one per URL, and closing one transport would close the other's.
      forceNew: true,
      autoConnect: false,
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelay: this.minMs,
      reconnectionDelayMax: this.maxMs,
      randomizationFactor: RANDOMIZATION,
    });
    this.#socket = socket;
    socket.on('connect', () => this.markConnected());
    socket.on('disconnect', (reason) => this.#onDisconnect(socket, reason));
    socket.on('connect_error', () => this.#onConnectError(socket));
    socket.on('/event', (payload: unknown) => this.feed({ type: 'hn212', payload: decodePayload(payload) }));
    socket.connect();
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    this.stopReading();
    socket.removeAllListeners();
    // The last socket of its manager: disconnecting it closes the connection and stops reconnecting.
    socket.disconnect();
  }

  #onDisconnect(socket: Socket, reason: Socket.DisconnectReason): void {
    if (socket !== this.#socket) return;
    if (reason === 'io server disconnect') this.#retryLater(socket);
    this.markLost(new TransportError('SCANNER_DISCONNECTED', `chip reader service ${shownUrl(this.url)} disconnected (${reason})`));
  }

  // A failed attempt is not a new loss (`disconnect` was emitted when the connection went, or it
  // never came: a service not running yet is waited for). Socket.IO retries by itself unless the
  // server refused this client (`active` false).
  #onConnectError(socket: Socket): void {
    if (socket === this.#socket && !socket.active) this.#retryLater(socket);
  }

  /** Socket.IO does not retry what the server refused: once, after the first backoff delay. */
  #retryLater(socket: Socket): void {
    this.retryAfter(this.minMs, () => {
      if (socket === this.#socket) socket.connect();
    });
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
