// Owns every scanner transport: opens it, reconnects it with backoff after an unplug, keeps its
// status (UnifiedPOS-style state and power through the reader-status state machine), statistics and
// counters, and hands complete reads to whoever subscribed with onRead (the pipeline; this module
// does not know it). It never looks inside a read. Apart: the flood guard (flood-guard.ts), the
// device list's view and health words (device-view.ts, device-messages.ts). One clock (`now`) for
// everything it times.

import type { TransportError } from '../../../drivers/src/errors.ts';
import type { ScannerTransport, ScanRead } from '../../../drivers/src/transport.ts';
import type { ChipCard, ChipFailure, ChipReaderTransport } from '../../../drivers/src/chip/chip-transport.ts';
import { chipReaderFace, chipRepeatKey } from './chip-reader-device.ts';
import type { DeskSource, DeviceStatistics, DeviceView, TransportKind as WireTransportKind } from '../api/contract.ts';
import type { TransportKind } from '../../../drivers/src/transport.ts';
import type { EventBus } from '../events/event-bus.ts';
import { INITIAL_STATUS, transition, type ReaderEvent, type ReaderStatus } from './reader-status.ts';
import { deviceView, type StorageProblem } from './device-view.ts';
import { FloodGuard } from './flood-guard.ts';
import { RepeatFilter } from './repeat-filter.ts';
import type { Logger } from '../log.ts';
import type { Counters, DeviceCounters } from '../api/contract.ts';
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

export interface ChipDeviceSpec {
  readonly id: string;
  readonly desk: string;
  readonly simulated: boolean;
  readonly reader: ChipReaderTransport;
}

/** A chip reader's card read to the end, or a card that failed (the service said so, or it never finished). */
export type ChipRead = { readonly type: 'card'; readonly card: ChipCard } | { readonly type: 'failure'; readonly failure: ChipFailure };
export type ChipHandler = (device: { id: string; desk: string; simulated: boolean }, read: ChipRead) => Promise<void>;

/** Counts are announced at most this often (see #countsChanged). */
const COUNTS_EVERY_MS = 250;

interface Managed {
  readonly spec: DeviceSpec;
  /** The desk and transport may change: a technician assigns a desk, a replug brings a new path. */
  desk: string;
  deskSource: DeskSource;
  transport: ScannerTransport;
  detach: () => void;
  status: ReaderStatus;
  lastReadAt: string | null;
  counters: DeviceCounters;
  stats: DeviceStatistics;
  retryMs: number;
  retryTimer: NodeJS.Timeout | null;
  onlineMs: number;
  onlineSince: number | null;
  readonly flood: FloodGuard;
  readonly repeats: RepeatFilter;
}

// Re-opening a known path is one cheap system call, so the cap is short: a replugged scanner must be
// back within 2 s. (Enumerating devices is the expensive part; discovery polls that separately.)
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 1_000;

export class DeviceManager {
  readonly #devices = new Map<string, Managed>();
  readonly #testMode = new Set<string>();
  readonly #readHandlers = new Set<ReadHandler>();
  readonly #chipHandlers = new Set<ChipHandler>();
  #countsTimer: NodeJS.Timeout | null = null;
  #closed = false;

  readonly #now: () => number;

  constructor(
    private readonly deps: {
      bus: EventBus;
      log: Logger;
      /** Each device's counters so far (from storage), so a restart does not reset /api/devices. */
      initialCounters: Map<string, Counters | DeviceCounters>;
      /** The flood guard's limit; undefined: no limit. */
      readsPerSecond?: number;
      /** A device's repeat window (ms; 0: off); none: every read is an access. */
      repeatWindowMs?: (deviceId: string) => number;
      /** The one clock (ms): read times, time powered, flood windows. */
      now?: () => number;
      /** What keeps reads from being stored (a full disk, a locked database), or null: every
       *  scanner's health says its reads are waiting for it. */
      storageProblem?: () => StorageProblem | null;
    },
  ) {
    this.#now = deps.now ?? Date.now;
  }

  /** Subscribes to every complete read of every device; returns the unsubscribe. */
  onRead(handler: ReadHandler): () => void {
    this.#readHandlers.add(handler);
    return () => void this.#readHandlers.delete(handler);
  }

  /** Subscribes to every chip reader's cards and card failures; returns the unsubscribe. */
  onChip(handler: ChipHandler): () => void {
    this.#chipHandlers.add(handler);
    return () => void this.#chipHandlers.delete(handler);
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
    const d = this.#managed(spec);
    this.#devices.set(spec.id, d);
    const log = this.deps.log.child({ device: spec.id });
    d.detach = this.#listen(d, spec.transport, log);
    // A scanner the OS keeps (keyboard mode outside Linux) is listed with what to do, never opened.
    if (spec.transport.unreadable) return this.#changed();
    await this.#open(d, log, false);
  }

  #managed(spec: DeviceSpec): Managed {
    return {
      spec,
      desk: spec.desk,
      deskSource: spec.deskSource ?? 'config',
      transport: spec.transport,
      detach: () => undefined,
      status: INITIAL_STATUS,
      lastReadAt: null,
      counters: { lostReads: 0, ...(this.deps.initialCounters.get(spec.id) ?? emptyCounters()) },
      stats: { goodReads: 0, failedReads: 0, garbledReads: 0, truncatedReads: 0, communicationErrors: 0, reconnects: 0, throttledReads: 0, repeats: 0 },
      retryMs: RETRY_MIN_MS,
      retryTimer: null,
      onlineMs: 0,
      onlineSince: null,
      flood: new FloodGuard(this.deps.readsPerSecond),
      repeats: new RepeatFilter(this.deps.repeatWindowMs?.(spec.id) ?? 0),
    };
  }

  /** A chip reader: listed and counted as a device; it connects (and reconnects) by itself. */
  async addChipReader(spec: ChipDeviceSpec): Promise<void> {
    if (this.#devices.has(spec.id)) throw new Error(`duplicate device id "${spec.id}"`);
    const d = this.#managed({ id: spec.id, desk: spec.desk, simulated: spec.simulated, transport: chipReaderFace(spec.reader) });
    const log = this.deps.log.child({ device: spec.id });
    const reader = spec.reader;
    let seen = false;
    const onConnected = (): void => {
      if (seen) d.stats.reconnects++;
      seen = true;
      log.info({ url: d.transport.identity.path }, 'chip reader service connected');
      this.#apply(d, { type: 'opened' });
    };
    const onDisconnect = (err: TransportError): void => {
      d.stats.communicationErrors++;
      log.warn({ code: err.code }, 'chip reader service unreachable; reconnecting');
      this.#apply(d, { type: 'disconnected', error: err.message });
    };
    const onCard = (card: ChipCard): void => this.#onChip(d, { type: 'card', card }, chipRepeatKey(card.fields), log);
    const onFailure = (failure: ChipFailure): void => this.#onChip(d, { type: 'failure', failure }, null, log);
    reader.on('connected', onConnected).on('disconnect', onDisconnect).on('card', onCard).on('failure', onFailure);
    d.detach = () => void reader.off('connected', onConnected).off('disconnect', onDisconnect).off('card', onCard).off('failure', onFailure);
    this.#devices.set(spec.id, d);
    // Not connected yet: "not open" until the service answers (a service started later is waited for).
    await reader.open();
    this.#changed();
  }

  #onChip(d: Managed, read: ChipRead, repeatKey: Buffer | null, log: Logger): void {
    this.#deliver(d, repeatKey, log, (device) => [...this.#chipHandlers].map((h) => h(device, read)));
  }

  #onRead(d: Managed, read: ScanRead, log: Logger): void {
    this.#deliver(d, read.bytes, log, (device) => [...this.#readHandlers].map((h) => h(device, read)));
  }

  /** A read of either kind past the flood guard and the repeat window, to its handlers; the device is
   *  busy until they have all finished. `repeatKey` null: no repeat check (a card that failed). */
  #deliver(
    d: Managed,
    repeatKey: Buffer | null,
    log: Logger,
    handle: (device: { id: string; desk: string; simulated: boolean }) => Array<Promise<void>>,
  ): void {
    if (!this.#admit(d, log)) return;
    if (repeatKey && d.repeats.isRepeat(repeatKey, this.#now())) {
      d.stats.repeats++;
      return this.#countsChanged();
    }
    d.lastReadAt = new Date(this.#now()).toISOString();
    this.#apply(d, { type: 'readStarted' }, false);
    const device = { id: d.spec.id, desk: d.desk, simulated: d.spec.simulated };
    const handled = handle(device).map((p) => p.catch((err: Error) => log.error({ err: err.message }, 'read handling failed')));
    void Promise.all(handled).then(() => this.#apply(d, { type: 'readHandled' }, false));
  }

  #admit(d: Managed, log: Logger): boolean {
    const admission = d.flood.admit(this.#now());
    if (admission === 'admitted') return true;
    d.stats.throttledReads++;
    if (admission === 'flood-started') {
      log.warn({ limit: this.deps.readsPerSecond }, 'scanner flooding: reads over the limit are dropped');
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

  /** A read of this device given up while the disk was full, now kept as a loss (ScanPipeline): an
   *  access the reader read well and the site could not store. */
  countLost(deviceId: string, source: EventSource): void {
    const d = this.#devices.get(deviceId);
    if (!d) return;
    if (source === 'search') d.counters.searches++;
    else d.counters.scans++;
    d.counters.lostReads++;
    this.#countsChanged();
  }

  snapshot(): DeviceView[] {
    return [...this.#devices.values()].map((d) => this.#view(d));
  }

  #view(d: Managed): DeviceView {
    const now = this.#now();
    return deviceView(
      {
        ...d,
        id: d.spec.id,
        simulated: d.spec.simulated,
        flooding: d.flood.flooding(now),
        testMode: this.#testMode.has(d.spec.id),
        storage: this.deps.storageProblem?.() ?? null,
      },
      now,
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#countsTimer) clearTimeout(this.#countsTimer);
    for (const d of this.#devices.values()) {
      if (d.retryTimer) clearTimeout(d.retryTimer);
      if (d.transport.kind === 'chip') d.detach(); // a chip reader's events are its own, not the face's
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
      d.onlineMs += this.#now() - d.onlineSince;
      d.onlineSince = null;
    }
    if (d.status.power === 'online' && before.power !== 'online') d.onlineSince = this.#now();
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
