// Owns every scanner transport: opens it, reconnects it with backoff after an unplug, keeps its
// health record (UnifiedPOS-style state, power and statistics) and its counters, and hands complete
// reads to the pipeline. It never looks inside a read.

import { KEYBOARD_MODE_WARNING } from '../../../drivers/src/hid-keyboard/keyboard-transport.ts';
import type { ScannerTransport, ScanRead } from '../../../drivers/src/transport.ts';
import type { DeviceStatistics, DeviceView } from '../api/contract.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import { emptyCounters, type Counters, type EventSource, type Outcome } from '../storage/events-repo.ts';

export interface DeviceSpec {
  readonly id: string;
  readonly desk: string;
  readonly simulated: boolean;
  readonly transport: ScannerTransport;
}

export type ReadHandler = (device: { id: string; desk: string; simulated: boolean }, read: ScanRead) => Promise<void>;

/** How long a flood keeps the scanner's health at "error" after its last dropped read. */
const FLOOD_HEALTH_MS = 60_000;

interface Managed {
  readonly spec: DeviceSpec;
  state: DeviceView['state'];
  power: DeviceView['power'];
  lastReadAt: string | null;
  lastError: string | null;
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
  #closed = false;

  constructor(
    private readonly deps: { bus: EventBus; log: Logger; onRead: ReadHandler; initialCounters: Map<string, Counters>; readsPerSecond?: number; now?: () => number },
  ) {}

  has(id: string): boolean {
    return this.#devices.has(id);
  }

  hasPath(path: string): boolean {
    return [...this.#devices.values()].some((d) => d.spec.transport.identity.path === path);
  }

  async add(spec: DeviceSpec): Promise<void> {
    if (this.#devices.has(spec.id)) throw new Error(`duplicate device id "${spec.id}"`);
    const d: Managed = {
      spec,
      state: 'closed',
      power: 'unknown',
      lastReadAt: null,
      lastError: null,
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
    spec.transport.on('read', (read) => {
      if (!this.#admit(d, log)) return;
      d.lastReadAt = new Date().toISOString();
      d.state = 'busy';
      this.deps
        .onRead({ id: spec.id, desk: spec.desk, simulated: spec.simulated }, read)
        .catch((err: Error) => log.error({ err: err.message }, 'read handling failed'))
        .finally(() => {
          if (d.state === 'busy') d.state = 'idle';
        });
    });
    spec.transport.on('warning', (err) => {
      d.stats.communicationErrors++;
      log.warn({ code: err.code, err: err.message }, 'scanner warning');
    });
    spec.transport.on('disconnect', (err) => {
      d.stats.communicationErrors++;
      this.#setPower(d, 'offline');
      d.state = 'error';
      d.lastError = err.message;
      log.warn({ code: err.code, err: err.message }, 'scanner disconnected');
      this.#changed();
      this.#scheduleReconnect(d, log);
    });
    await this.#open(d, log, false);
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
    if (source === 'search') d.counters.searches++;
    else d.counters.scans++;
    if (outcome === 'success') {
      d.counters.successes++;
      d.stats.goodReads++;
    } else {
      d.counters.errors++;
      d.stats.failedReads++;
      if (errorCode === 'encoding') d.stats.garbledReads++;
      if (errorCode === 'truncated') d.stats.truncatedReads++;
    }
    this.#changed();
  }

  snapshot(): DeviceView[] {
    return [...this.#devices.values()].map((d) => {
      const t = d.spec.transport;
      const flooding = d.floodedAt !== null && (this.deps.now ?? Date.now)() - d.floodedAt <= FLOOD_HEALTH_MS;
      const health: DeviceView['health'] =
        d.power === 'offline'
          ? { level: 'error', vi: 'Mất kết nối máy quét, đang thử kết nối lại.', en: 'Scanner disconnected; reconnecting.' }
          : flooding
            ? { level: 'error', code: 'SCANNER_FLOOD', vi: 'Máy quét gửi quá nhiều lượt đọc liên tục (kẹt nút quét hoặc lỗi cáp); các lượt vượt giới hạn bị bỏ qua. Kiểm tra máy quét.', en: 'The scanner sends far too many reads (a stuck trigger or a faulty cable); reads over the limit are dropped. Check the scanner.' }
          : t.kind === 'hidKeyboard'
            ? { level: 'warning', ...KEYBOARD_MODE_WARNING }
            : d.state === 'closed'
              ? { level: 'warning', vi: 'Máy quét chưa mở.', en: 'Scanner not open.' }
              : { level: 'ok', vi: 'Hoạt động bình thường.', en: 'Working.' };
      const onlineMs = d.onlineMs + (d.onlineSince !== null ? Date.now() - d.onlineSince : 0);
      return {
        id: d.spec.id,
        desk: d.spec.desk,
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
        state: d.state,
        power: d.power,
        lastReadAt: d.lastReadAt,
        lastError: d.lastError,
        counters: { ...d.counters },
        statistics: { ...d.stats },
        health,
        errorRate: d.counters.scans + d.counters.searches === 0 ? 0 : d.counters.errors / (d.counters.scans + d.counters.searches),
        testMode: this.#testMode.has(d.spec.id),
      };
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const d of this.#devices.values()) {
      if (d.retryTimer) clearTimeout(d.retryTimer);
      await d.spec.transport.close().catch(() => undefined);
      this.#setPower(d, 'off');
      d.state = 'closed';
    }
  }

  async #open(d: Managed, log: Logger, isReconnect: boolean): Promise<void> {
    try {
      await d.spec.transport.open();
      d.state = 'idle';
      this.#setPower(d, 'online');
      d.retryMs = RETRY_MIN_MS;
      if (isReconnect) d.stats.reconnects++;
      log.info({ path: d.spec.transport.identity.path, reconnect: isReconnect }, 'scanner open');
      this.#changed();
    } catch (err) {
      d.state = 'error';
      this.#setPower(d, 'offline');
      d.lastError = (err as Error).message;
      if (!isReconnect) log.warn({ err: (err as Error).message }, 'scanner could not be opened; will retry');
      this.#changed();
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

  #setPower(d: Managed, power: DeviceView['power']): void {
    if (d.power === 'online' && power !== 'online' && d.onlineSince !== null) {
      d.onlineMs += Date.now() - d.onlineSince;
      d.onlineSince = null;
    }
    if (power === 'online' && d.power !== 'online') d.onlineSince = Date.now();
    d.power = power;
  }

  #changed(): void {
    this.deps.bus.emit('devices', this.snapshot());
  }
}
