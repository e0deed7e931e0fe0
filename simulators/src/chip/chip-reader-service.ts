// A simulated chip-reader vendor service: the HN212's Socket.IO server (an event named `/event`) or
// the plain-WebSocket variant (research note §1 A and B), playing the documented event sequences to
// every connected reader, with the faults a real service shows (a failed read, the raw files never
// coming, the connection dropped mid-card). Bound to loopback only: it is a test and demo double, and
// no test ever dials a real reader's address.
//
// Besides the protocol, one HTTP control route lets scripts present a card (POST /simulate/card),
// and GET /info answers with a serial, as the HN212's undocumented `/info` is said to.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeBase64, HN212_RAW_KEYS } from '../../../drivers/src/chip/card-assembler.ts';
import type { ChipCard, ChipProtocol, ChipRawFiles } from '../../../drivers/src/chip/chip-transport.ts';

export type SimulatedCard = Omit<ChipCard, 'at'>;

/** failure: the read fails after it started; missingRaw: the raw files (HN212 `id` 4, ws-events
 *  `CARD_RESULT`) never come; dropMidCard: the service drops every connection after the text fields. */
export type ChipSimFault = 'missingRaw' | 'failure' | 'dropMidCard';
export const CHIP_SIM_FAULTS: readonly ChipSimFault[] = ['missingRaw', 'failure', 'dropMidCard'];

export interface SimulatedChipServiceOptions {
  readonly protocol: ChipProtocol;
  /** A loopback address (default 127.0.0.1); anything else is refused. */
  readonly host?: string;
  /** 0 (default) picks a free port; a restart after stop() reuses the one it had. */
  readonly port?: number;
}

export interface PresentOptions {
  readonly fault?: ChipSimFault;
  /** Pause between two events of the sequence (default 0). */
  readonly gapMs?: number;
}

export interface SimulateCardRequest {
  readonly card: SimulatedCard;
  readonly fault?: ChipSimFault;
}

/** The ws-events protocol carries only these fields in `PersonalInfo` (research note §1 B). */
const WS_FIELDS = ['personName', 'gender', 'idCode', 'residencePlace', 'issueDate', 'dateOfBirth'] as const;
const RAW_KEYS: ReadonlyArray<keyof ChipRawFiles> = ['dg2', 'dg13', 'dg14', 'dg15', 'sod', 'image'];
/** A card with its portrait and DG2 is tens of kilobytes in base64; this leaves a wide margin. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const HN212_FIELDS_MESSAGE = 'Đọc thông tin thẻ thành công';
const HN212_RAW_MESSAGE = 'Đọc dữ liệu chip thành công';
const HN212_FAILURE_MESSAGE = 'Đọc thẻ thất bại';

export class SimulatedChipService {
  readonly protocol: ChipProtocol;
  readonly host: string;
  readonly serial = `SIM-${randomBytes(4).toString('hex').toUpperCase()}`;
  #port: number;
  #http: HttpServer | null = null;
  #io: IoServer | null = null;
  #wss: WebSocketServer | null = null;

  constructor(options: SimulatedChipServiceOptions) {
    this.protocol = options.protocol;
    this.host = options.host ?? '127.0.0.1';
    if (!isLoopback(this.host)) throw new TypeError(`the simulated chip service binds to loopback only, not "${this.host}"`);
    this.#port = options.port ?? 0;
  }

  /** The URL a reader transport dials, while started. */
  get url(): string | null {
    if (!this.#http) return null;
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${this.protocol === 'ws-events' ? 'ws' : 'http'}://${host}:${this.#port}`;
  }

  /** Readers connected right now. */
  get clients(): number {
    if (this.#io) return this.#io.of('/').sockets.size;
    return this.#wss ? this.#wss.clients.size : 0;
  }

  async start(): Promise<{ url: string }> {
    if (this.#http) throw new Error('the simulated chip service is already started');
    const http = createServer((req, res) => {
      this.#route(req, res).catch(() => (res.headersSent ? res.destroy() : answer(res, 500, { error: 'internal error' })));
    });
    if (this.protocol === 'hn212-socketio') this.#io = new IoServer(http, { serveClient: false });
    else this.#wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.#port, this.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    this.#http = http;
    this.#port = (http.address() as AddressInfo).port;
    return { url: this.url! };
  }

  /** Stops listening and closes every connection: connected readers see the service go away. */
  async stop(): Promise<void> {
    const http = this.#http;
    if (!http) return;
    this.#http = null;
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    if (this.#io) await this.#io.close(); // its own httpServer.close() finds the server already closing
    for (const client of this.#wss?.clients ?? []) client.terminate();
    this.#wss?.close();
    this.#io = null;
    this.#wss = null;
    http.closeAllConnections();
    await closed;
  }

  /** Stops and starts again on the same port: readers see the service go away and come back. */
  async restart(): Promise<{ url: string }> {
    await this.stop();
    return this.start();
  }

  /** Plays one card's sequence (or a fault) to every connected reader; resolves once it is sent. */
  async present(card: SimulatedCard, options: PresentOptions = {}): Promise<void> {
    const messages = this.protocol === 'hn212-socketio' ? hn212Sequence(card, options.fault) : wsSequence(card, options.fault);
    for (const [i, message] of messages.entries()) {
      if (i > 0 && options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      if (message === DROP) this.#dropClients();
      else this.#send(message);
    }
  }

  /** Sends one message as is, for tests of what a service should never send: HN212 emits it on
   *  `/event`; ws-events sends a string verbatim (bad JSON included) and anything else as JSON. */
  async sendRaw(message: unknown): Promise<void> {
    this.#send(message);
  }

  #send(message: unknown): void {
    if (this.#io) this.#io.emit('/event', message);
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    for (const client of this.#wss?.clients ?? []) if (client.readyState === WebSocket.OPEN) client.send(text);
  }

  // The connections go, the server stays: readers reconnect to the same service.
  #dropClients(): void {
    this.#io?.disconnectSockets(true);
    for (const client of this.#wss?.clients ?? []) client.terminate();
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://sim.invalid').pathname;
    if (path === '/info') {
      if (req.method !== 'GET') return answer(res, 405, { error: 'GET only' });
      return answer(res, 200, { serial: this.serial, simulated: true });
    }
    if (path !== '/simulate/card') return answer(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' });
    const body = await readJson(req);
    if (body === TOO_LARGE) return answer(res, 413, { error: `body over ${MAX_BODY_BYTES} bytes` });
    const parsed = parseSimulateCardRequest(body);
    if (typeof parsed === 'string') return answer(res, 400, { error: parsed });
    await this.present(parsed.card, parsed.fault ? { fault: parsed.fault } : {});
    answer(res, 204);
  }
}

const DROP = Symbol('drop');
type Step = Record<string, unknown> | typeof DROP;

function hn212Sequence(card: SimulatedCard, fault: ChipSimFault | undefined): Step[] {
  const steps: Step[] = [{ id: 1, message: 'new card!' }];
  if (fault === 'failure') return [...steps, { id: 3, message: HN212_FAILURE_MESSAGE }];
  steps.push({ id: 2, message: HN212_FIELDS_MESSAGE, data: { ...card.fields } });
  if (fault === 'missingRaw') return steps;
  if (fault === 'dropMidCard') return [...steps, DROP];
  const raw = card.raw ?? {};
  const data: Record<string, string> = {};
  for (const [wire, key] of HN212_RAW_KEYS) {
    const bytes = raw[key];
    if (bytes) data[wire] = bytes.toString('base64');
  }
  return [...steps, { id: 4, message: HN212_RAW_MESSAGE, data }];
}

function wsSequence(card: SimulatedCard, fault: ChipSimFault | undefined): Step[] {
  const read: Step = { EventName: 'READ' };
  const removed: Step = { NewState: 'EMPTY' };
  if (fault === 'failure') return [read, { EventName: 'CARD_RESULT', Status: 'FAILURE' }, removed];
  // No result: the reader's deadline has to notice (the card is left on the reader).
  if (fault === 'missingRaw') return [read];
  if (fault === 'dropMidCard') return [read, DROP];
  const info: Record<string, string> = {};
  for (const key of WS_FIELDS) if (card.fields[key] !== undefined) info[key] = card.fields[key];
  const result: Record<string, unknown> = { EventName: 'CARD_RESULT', PersonalInfo: info };
  if (card.raw?.image) result.ChipFace = card.raw.image.toString('base64');
  return [read, result, removed];
}

/** The control route's body, checked strictly: a reason (for the 400 answer) when it is not exactly
 *  `{ card: { fields: {string…}, raw?: {dg2|dg13|dg14|dg15|sod|image: base64} | null }, fault? }`. */
export function parseSimulateCardRequest(body: unknown): SimulateCardRequest | string {
  if (!isRecord(body)) return 'the body must be a JSON object';
  const extra = Object.keys(body).filter((k) => k !== 'card' && k !== 'fault');
  if (extra.length > 0) return `unknown keys: ${extra.join(', ')}`;
  const fault = body.fault;
  if (fault !== undefined && !CHIP_SIM_FAULTS.includes(fault as ChipSimFault)) return `"fault" must be one of ${CHIP_SIM_FAULTS.join(', ')}`;
  const card = body.card;
  if (!isRecord(card)) return '"card" must be an object';
  const cardExtra = Object.keys(card).filter((k) => k !== 'fields' && k !== 'raw');
  if (cardExtra.length > 0) return `unknown keys in "card": ${cardExtra.join(', ')}`;
  if (!isRecord(card.fields) || !Object.values(card.fields).every((v) => typeof v === 'string')) return '"card.fields" must be an object of strings';
  const raw = parseRaw(card.raw);
  if (typeof raw === 'string') return raw;
  const parsedCard: SimulatedCard = { fields: card.fields as Record<string, string>, raw };
  return fault === undefined ? { card: parsedCard } : { card: parsedCard, fault: fault as ChipSimFault };
}

function parseRaw(raw: unknown): ChipRawFiles | null | string {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) return '"card.raw" must be an object or null';
  const out: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!RAW_KEYS.includes(key as keyof ChipRawFiles)) return `unknown key in "card.raw": ${key} (known: ${RAW_KEYS.join(', ')})`;
    const bytes = typeof value === 'string' && value !== '' ? decodeBase64(value) : null;
    if (!bytes) return `"card.raw.${key}" must be non-empty base64`;
    out[key] = bytes;
  }
  return out;
}

const TOO_LARGE = Symbol('too large');

/** The parsed body, undefined when it is not JSON (then 400), or TOO_LARGE. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return TOO_LARGE;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLoopback(host: string): boolean {
  return host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
