// Owns every scanner transport: opens it, reconnects it with backoff after an unplug, keeps its
// health record (UnifiedPOS-style state and power through the reader-status state machine, and
// statistics) and its counters, and hands complete reads to whoever subscribed with onRead (the
// pipeline; this module does not know it). It never looks inside a read.

import { KEYBOARD_MODE_WARNING } from '../../../drivers/src/hid-keyboard/keyboard-transport.ts';
import type { TransportError } from '../../../drivers/src/errors.ts';
import type { ScannerTransport, ScanRead } from '../../../drivers/src/transport.ts';
import type { DeskSource, DeviceStatistics, DeviceView, TransportKind as WireTransportKind } from '../api/contract.ts';
import type { TransportKind } from '../../../drivers/src/transport.ts';
import type { EventBus } from '../events/event-bus.ts';
import { INITIAL_STATUS, transition, type ReaderEvent, type ReaderStatus } from './reader-status.ts';
import type { Logger } from '../log.ts';
import type { Counters } from '../api/contract.ts';
import { addCounts, countDelta, emptyCounters, type AccessOutcome as Outcome, type AccessSource as EventSource } from '../counting/count-delta.ts';

// The wire contract names the drivers' transport kinds itself (the pages may not import drivers/): the same set.
null as unknown as TransportKind satisfies WireTransportKind;
null as unknown as WireTransportKind satisfies TransportKind;

/** Where a scanner's desk came from: its config entry, a desk rule, a technician on /tech, or the default. */
export type { DeskSource };

export interface DeviceSpec {
  readonly id: string;
  readonly desk: string;
  readonly deskSource?: DeskSource;
  readonly simulated: boolean;
  readonly transport: ScannerTransport;
}

export type ReadHandler = (device: { id: string; desk: string; simulated: boolean }, read: ScanRead) => Promise<void>;

/** Counts are announced at most this often (see #countsChanged). */
const COUNTS_EVERY_MS = 250;

/** How long a flood keeps the scanner's health at "error" after its last dropped read. */
const FLOOD_HEALTH_MS = 60_000;

interface Managed {
  readonly spec: DeviceSpec;
  /** The desk and transport may change: a technician assigns a desk, a replug brings a new path. */
  desk: string;
  deskSource: DeskSource;
  transport: ScannerTransport;
  detach: () => void;
  status: ReaderStatus;
  lastReadAt: string | null;
  counters: Counters;
  stats: DeviceStatistics;
  retryMs: number;
  retryTimer: NodeJS.Timeout | null;
  onlineMs: number;
  onlineSince: number | null;
  /** Reads in the current one-second window, and when the last one was dropped for flooding. */
  window: { start: number; reads: number };
  floodedAt: number | null;
}

// Re-opening a known path is one cheap system call, so the cap is short: a replugged scanner must be
// back within 2 s. (Enumerating devices is the expensive part; discovery polls that separately.)
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 1_000;

export class DeviceManager {
  readonly #devices = new Map<string, Managed>();
  readonly #testMode = new Set<string>();
  readonly #readHandlers = new Set<ReadHandler>();
  #countsTimer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(private readonly deps: { bus: EventBus; log: Logger; initialCounters: Map<string, Counters>; readsPerSecond?: number; now?: () => number }) {}

  /** Subscribes to every complete read of every device; returns the unsubscribe. */
  onRead(handler: ReadHandler): () => void {
    this.#readHandlers.add(handler);
    return () => void this.#readHandlers.delete(handler);
  }

  has(id: string): boolean {
    return this.#devices.has(id);
  }

  hasPath(path: string): boolean {
    return [...this.#devices.values()].some((d) => d.transport.identity.path === path);
  }

  pathOf(id: string): string | null {
    return this.#devices.get(id)?.transport.identity.path ?? null;
  }

  /** False when there is no such device. */
  setDesk(id: string, desk: string, source: DeskSource): boolean {
    const d = this.#devices.get(id);
    if (!d) return false;
    d.desk = desk;
    d.deskSource = source;
    this.#changed();
    return true;
  }

  /** The same scanner found on another path (replugged into another port): the device, its counters
   *  and statistics stay; the old transport is closed and the new one opened in its place. */
  async retarget(id: string, transport: ScannerTransport): Promise<void> {
    const d = this.#devices.get(id);
    if (!d) return;
    const log = this.deps.log.child({ device: id });
    if (d.retryTimer) clearTimeout(d.retryTimer);
    d.retryTimer = null;
    d.detach();
    await d.transport.close().catch(() => undefined);
    d.transport = transport;
    d.detach = this.#listen(d, transport, log);
    log.info({ path: transport.identity.path }, 'scanner found on a new path');
    await this.#open(d, log, true);
  }

  #listen(d: Managed, transport: ScannerTransport, log: Logger): () => void {
    const onRead = (read: ScanRead): void => this.#onRead(d, read, log);
    const onWarning = (err: TransportError): void => {
      d.stats.communicationErrors++;
      log.warn({ code: err.code, err: err.message }, 'scanner warning');
    };
    const onDisconnect = (err: TransportError): void => {
      d.stats.communicationErrors++;
      this.#apply(d, { type: 'disconnected', error: err.message });
      log.warn({ code: err.code, err: err.message }, 'scanner disconnected');
      this.#scheduleReconnect(d, log);
    };
    transport.on('read', onRead).on('warning', onWarning).on('disconnect', onDisconnect);
    return () => void transport.off('read', onRead).off('warning', onWarning).off('disconnect', onDisconnect);
  }

  async add(spec: DeviceSpec): Promise<void> {
    if (this.#devices.has(spec.id)) throw new Error(`duplicate device id "${spec.id}"`);
    const d: Managed = {
      spec,
      desk: spec.desk,
      deskSource: spec.deskSource ?? 'config',
      transport: spec.transport,
      detach: () => undefined,
      status: INITIAL_STATUS,
      lastReadAt: null,
      counters: this.deps.initialCounters.get(spec.id) ?? emptyCounters(),
      stats: { goodReads: 0, failedReads: 0, garbledReads: 0, truncatedReads: 0, communicationErrors: 0, reconnects: 0, throttledReads: 0 },
      retryMs: RETRY_MIN_MS,
      retryTimer: null,
      onlineMs: 0,
      onlineSince: null,
      window: { start: 0, reads: 0 },
      floodedAt: null,
    };
    this.#devices.set(spec.id, d);
    const log = this.deps.log.child({ device: spec.id });
    d.detach = this.#listen(d, spec.transport, log);
    // A scanner the OS keeps (keyboard mode outside Linux) is listed with what to do, never opened.
    if (spec.transport.unreadable) return this.#changed();
    await this.#open(d, log, false);
  }

  #onRead(d: Managed, read: ScanRead, log: Logger): void {
    if (!this.#admit(d, log)) return;
    d.lastReadAt = new Date().toISOString();
    this.#apply(d, { type: 'readStarted' }, false);
    const device = { id: d.spec.id, desk: d.desk, simulated: d.spec.simulated };
    const handled = [...this.#readHandlers].map((h) => h(device, read).catch((err: Error) => log.error({ err: err.message }, 'read handling failed')));
    void Promise.all(handled).then(() => this.#apply(d, { type: 'readHandled' }, false));
  }

  /** Per-device flood guard: a stuck trigger or a shorted cable can send thousands of "reads" a
   *  second. Reads over the limit are dropped before the pipeline (so never acknowledged), counted,
   *  and turn the scanner's health to error; reads already accepted are untouched. */
  #admit(d: Managed, log: Logger): boolean {
    const limit = this.deps.readsPerSecond;
    if (limit === undefined) return true;
    const now = (this.deps.now ?? Date.now)();
    if (now - d.window.start >= 1000) d.window = { start: now, reads: 0 };
    if (++d.window.reads <= limit) return true;
    d.stats.throttledReads++;
    const first = d.floodedAt === null || now - d.floodedAt > FLOOD_HEALTH_MS;
    d.floodedAt = now;
    if (first) {
      log.warn({ limit }, 'scanner flooding: reads over the limit are dropped');
      this.#changed();
    }
    return false;
  }

  isTestMode(id: string): boolean {
    return this.#testMode.has(id);
  }

  /** False when there is no such device. */
  setTestMode(id: string, on: boolean): boolean {
    if (!this.#devices.has(id)) return false;
    if (on) this.#testMode.add(id);
    else this.#testMode.delete(id);
    this.#changed();
    return true;
  }

  /** Applies a stored event's result to the device's counters and statistics. */
  count(deviceId: string, source: EventSource, outcome: Outcome, errorCode: string | null): void {
    const d = this.#devices.get(deviceId);
    if (!d) return;
    addCounts(d.counters, countDelta({ source, outcome }));
    if (outcome === 'success') {
      d.stats.goodReads++;
    } else {
      d.stats.failedReads++;
      if (errorCode === 'encoding') d.stats.garbledReads++;
      if (errorCode === 'truncated') d.stats.truncatedReads++;
    }
    this.#countsChanged();
  }

  snapshot(): DeviceView[] {
    return [...this.#devices.values()].map((d) => this.#view(d));
  }

  #view(d: Managed): DeviceView {
    const t = d.transport;
    const onlineMs = d.onlineMs + (d.onlineSince !== null ? Date.now() - d.onlineSince : 0);
    return {
      id: d.spec.id,
      desk: d.desk,
      deskSource: d.deskSource,
      transport: t.kind,
      simulated: d.spec.simulated,
      path: t.identity.path,
      vendorId: t.identity.vendorId ?? null,
      productId: t.identity.productId ?? null,
      manufacturer: t.identity.manufacturer ?? null,
      product: t.identity.product ?? null,
      serialNumber: t.identity.serialNumber ?? null,
      mode: t.kind,
      hoursPowered: Math.round((onlineMs / 3_600_000) * 1000) / 1000,
      state: d.status.state,
      power: d.status.power,
      lastReadAt: d.lastReadAt,
      lastError: d.status.lastError,
      counters: { ...d.counters },
      statistics: { ...d.stats },
      health: this.#health(d),
      errorRate: d.counters.scans + d.counters.searches === 0 ? 0 : d.counters.errors / (d.counters.scans + d.counters.searches),
      testMode: this.#testMode.has(d.spec.id),
    };
  }

  #health(d: Managed): DeviceView['health'] {
    const flooding = d.floodedAt !== null && (this.deps.now ?? Date.now)() - d.floodedAt <= FLOOD_HEALTH_MS;
    if (d.transport.unreadable) return { level: 'error', code: 'SCANNER_KEYBOARD_MODE', ...KEYBOARD_MODE_WARNING };
    if (d.status.power === 'offline') return { level: 'error', vi: 'Mất kết nối máy quét, đang thử kết nối lại.', en: 'Scanner disconnected; reconnecting.' };
    if (flooding) {
      return {
        level: 'error',
        code: 'SCANNER_FLOOD',
        vi: 'Máy quét gửi quá nhiều lượt đọc liên tục (kẹt nút quét hoặc lỗi cáp); các lượt vượt giới hạn bị bỏ qua. Kiểm tra máy quét.',
        en: 'The scanner sends far too many reads (a stuck trigger or a faulty cable); reads over the limit are dropped. Check the scanner.',
      };
    }
    if (d.transport.kind === 'hidKeyboard') return { level: 'warning', ...KEYBOARD_MODE_WARNING };
    if (d.status.state === 'closed') return { level: 'warning', vi: 'Máy quét chưa mở.', en: 'Scanner not open.' };
    return { level: 'ok', vi: 'Hoạt động bình thường.', en: 'Working.' };
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#countsTimer) clearTimeout(this.#countsTimer);
    for (const d of this.#devices.values()) {
      if (d.retryTimer) clearTimeout(d.retryTimer);
      await d.transport.close().catch(() => undefined);
      this.#apply(d, { type: 'closed' }, false);
    }
  }

  async #open(d: Managed, log: Logger, isReconnect: boolean): Promise<void> {
    try {
      await d.transport.open();
      d.retryMs = RETRY_MIN_MS;
      if (isReconnect) d.stats.reconnects++;
      log.info({ path: d.transport.identity.path, reconnect: isReconnect }, 'scanner open');
      this.#apply(d, { type: 'opened' });
    } catch (err) {
      if (!isReconnect) log.warn({ err: (err as Error).message }, 'scanner could not be opened; will retry');
      this.#apply(d, { type: 'openFailed', error: (err as Error).message });
      this.#scheduleReconnect(d, log);
    }
  }

  #scheduleReconnect(d: Managed, log: Logger): void {
    if (this.#closed || d.retryTimer) return;
    const jitter = 1 + Math.random() * 0.1;
    d.retryTimer = setTimeout(() => {
      d.retryTimer = null;
      d.retryMs = Math.min(RETRY_MAX_MS, d.retryMs * 2);
      if (!this.#closed) void this.#open(d, log, true);
    }, d.retryMs * jitter);
  }

  /** The one place a reader's status changes: the state machine, time powered, and the announcement
   *  (busy/idle around each read is not announced: the count that follows is). */
  #apply(d: Managed, event: ReaderEvent, announce = true): void {
    const before = d.status;
    d.status = transition(before, event);
    if (before.power === 'online' && d.status.power !== 'online' && d.onlineSince !== null) {
      d.onlineMs += Date.now() - d.onlineSince;
      d.onlineSince = null;
    }
    if (d.status.power === 'online' && before.power !== 'online') d.onlineSince = Date.now();
    if (announce && d.status !== before) this.#changed();
  }

  #changed(): void {
    if (this.#countsTimer) clearTimeout(this.#countsTimer);
    this.#countsTimer = null;
    this.deps.bus.emit('devices', this.snapshot());
  }

  /** New counts are announced at most every COUNTS_EVERY_MS: a busy fleet (64 scanners) made a snapshot
   *  of every device, a health check and a broadcast to every page for each read. A state or power
   *  change is announced at once (and carries the counts with it). */
  #countsChanged(): void {
    this.#countsTimer ??= setTimeout(() => this.#changed(), COUNTS_EVERY_MS);
  }
}
