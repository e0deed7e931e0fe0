// Serial / USB-CDC scanners through serialport. The binding is injectable (serialport's own seam):
// production uses the native binding, unit tests may pass MockBinding, and end-to-end tests open a
// real pseudo-terminal with the native binding, exactly as a reception PC opens COM3 or /dev/ttyACM0.

import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { isatty, ReadStream } from 'node:tty';
import { SerialPort } from 'serialport';
import { SerialPortStream, type OpenOptions } from '@serialport/stream';
import { TransportError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import type { DeviceIdentity, ScannerTransport, TransportEvents } from '../transport.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { FrameSplitter, type Terminator } from './frame-splitter.ts';

export interface SerialTransportOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly terminator: Terminator;
  readonly idleMs: number;
  readonly maxBytes: number;
  readonly identity?: Omit<DeviceIdentity, 'path'>;
  /** serialport's binding seam; defaults to the native binding. */
  readonly binding?: OpenOptions['binding'];
  readonly logger?: Logger;
  /** How often to check that a device node (Unix paths only) still exists; 0 disables. */
  readonly presenceCheckMs?: number;
}

export class SerialTransport extends TypedEmitter<TransportEvents> implements ScannerTransport {
  readonly kind = 'serial' as const;
  readonly identity: DeviceIdentity;
  readonly #opts: SerialTransportOptions;
  readonly #log: Logger;
  readonly #splitter: FrameSplitter;
  #port: SerialPortStream | null = null;
  #reader: ReadStream | null = null;
  #presence: NodeJS.Timeout | null = null;

  constructor(opts: SerialTransportOptions) {
    super();
    this.#opts = opts;
    this.#log = opts.logger ?? silentLogger;
    this.identity = { ...opts.identity, path: opts.path };
    this.#splitter = new FrameSplitter({
      terminator: opts.terminator,
      idleMs: opts.idleMs,
      maxBytes: opts.maxBytes,
      onFrame: (read) => this.emit('read', read),
    });
  }

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.#port) return;
    const port = new SerialPortStream({
      binding: this.#opts.binding ?? SerialPort.binding,
      path: this.#opts.path,
      baudRate: this.#opts.baudRate,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(new TransportError('SCANNER_OPEN_FAILED', `cannot open ${this.#opts.path}: ${err.message}`, err)) : resolve()));
    });
    this.#port = port;
    this.#startPresenceCheck(port);
    const reader = this.#ttyReader();
    if (reader) {
      this.#reader = reader;
      reader.on('data', (chunk: Buffer) => this.#splitter.push(chunk));
      reader.on('error', (err: Error) => this.#lost(port, err.message, err));
      reader.on('end', () => this.#lost(port, 'hang-up'));
    } else port.on('data', (chunk: Buffer) => this.#splitter.push(chunk));
    port.on('error', (err: Error) => this.#log.warn({ err: err.message }, 'serial port error'));
    port.on('close', (err: Error | null) => this.#lost(port, err?.message ?? 'port closed', err));
  }

  // serialport reads a Unix port by waiting for readability, then an fs.read on libuv's threadpool
  // (shared with sqlite3 and DNS): two hops and a queue, which put the read's p99 at 2-4 ms. A tty
  // device (ttyACM, ttyUSB, a PTY) can be read by a libuv tty handle on the event loop itself, as
  // `process.stdin` is. serialport keeps its own descriptor, which set the line discipline (raw,
  // baud rate: those belong to the device, not the descriptor); this second descriptor only reads.
  // Anything else (Windows COM ports, an injected test binding) reads through serialport as before.
  #ttyReader(): ReadStream | null {
    if (this.#opts.binding || process.platform === 'win32' || !isAbsolute(this.#opts.path)) return null;
    let fd = -1;
    try {
      fd = openSync(this.#opts.path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
      if (!isatty(fd)) {
        closeSync(fd);
        return null;
      }
      const reader = new ReadStream(fd);
      // libuv reopens a tty by its name and reads from the new descriptor, leaving ours (dup2'd onto
      // the same device) to us: close it now, or every open leaks one. If libuv kept ours, it owns it.
      const handleFd = (reader as unknown as { _handle?: { fd?: number } })._handle?.fd;
      if (handleFd !== undefined && handleFd !== fd) closeSync(fd);
      return reader;
    } catch (err) {
      if (fd >= 0) closeSync(fd);
      this.#log.warn({ err: (err as Error).message }, 'tty reader unavailable; reading through serialport');
      return null;
    }
  }

  #closeReader(): void {
    const r = this.#reader;
    this.#reader = null;
    r?.removeAllListeners('data');
    r?.destroy();
  }

  /** The device went away (not closed by us): forget the port and any partial read, say so once. */
  #lost(port: SerialPortStream, reason: string, cause?: unknown): void {
    if (this.#port !== port) return; // closed by us, or already reported
    this.#port = null;
    this.#stopPresenceCheck();
    this.#closeReader();
    const dropped = this.#splitter.reset();
    if (port.isOpen) port.close(() => undefined);
    this.emit(
      'disconnect',
      new TransportError('SCANNER_DISCONNECTED', `${this.#opts.path}: ${reason}${dropped ? ` (${dropped} bytes of a partial read dropped)` : ''}`, cause),
    );
  }

  // serialport learns of a hang-up only through a read in flight; a device node that vanishes before
  // the first byte (seen with PTYs) would otherwise leave the port "open" forever. Unix device nodes
  // disappear on unplug, so their presence is a cheap, reliable signal. (Windows COM names are not
  // files: there serialport's own read errors are the only signal.)
  #startPresenceCheck(port: SerialPortStream): void {
    const every = this.#opts.presenceCheckMs ?? 500;
    if (every <= 0 || !isAbsolute(this.#opts.path) || process.platform === 'win32') return;
    this.#presence = setInterval(() => {
      if (!existsSync(this.#opts.path)) this.#lost(port, 'device node disappeared');
    }, every);
    this.#presence.unref();
  }

  #stopPresenceCheck(): void {
    if (this.#presence) clearInterval(this.#presence);
    this.#presence = null;
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    this.#stopPresenceCheck();
    this.#closeReader();
    this.#splitter.reset();
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
