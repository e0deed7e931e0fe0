// The daemon's health (GET /api/health, socket.io `health`): what is simulated, storage, the data
// folder, discovery, the hub push, refused requests. Recomputed when devices or storage change and
// pushed to the pages whenever it differs from what they last received.

import type { DataDirStatus, DeviceView, DiskSpaceStatus, EligibilityHealth, HealthReport, StorageStatus } from '../api/contract.ts';
import type { DiscoveryStatus } from '../devices/discovery-loop.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { StatusSignal } from '../vocabulary/status-signal.ts';

/** The parts health reads, themselves (not callbacks): the composition root can only hand over parts
 *  it has already made, so health is made after every part it reports on, and the compiler checks it. */
export interface HealthSources {
  readonly bus: EventBus;
  /** Parts whose state health shows say when it changed (the hub push, the reminder, retention). */
  readonly status: StatusSignal;
  readonly devices: { snapshot(): DeviceView[] };
  readonly storage: { readonly status: StorageStatus };
  readonly disk: { readonly status: DiskSpaceStatus };
  readonly files: { files(): DataDirStatus };
  readonly discovery: { readonly status: DiscoveryStatus };
  readonly hub: { readonly status: HealthReport['hub'] };
  readonly simulated: HealthReport['simulated'];
  readonly gatewayUrl: string;
  /** How the LAN reaches the daemon (http/served-urls.ts). */
  readonly http: { readonly status: HealthReport['http'] };
  /** The lookup account (restricted / refused credentials raise the alarm) and the call figures. */
  readonly eligibility: { health(): EligibilityHealth };
  /** A closed reporting period still to submit (reports/report-reminder.ts). */
  readonly reminder: { current(): HealthReport['reportDue'] };
  /** The XML0 check-in: signer, certificate expiry, queue. */
  readonly checkin: { health(): HealthReport['checkin'] };
}

export class HealthMonitor implements Feature {
  readonly name = 'health';
  readonly #rejected = new Map<string, number>();
  #lastPushed = '';
  #off: (() => void) | null = null;

  constructor(private readonly s: HealthSources) {}

  /** Counts a refused or malformed request by its stable code. */
  readonly countRejected = (code: string): void => void this.#rejected.set(code, (this.#rejected.get(code) ?? 0) + 1);

  report(): HealthReport {
    const storage = this.s.storage.status;
    const disk = this.s.disk.status;
    const files = this.s.files.files();
    const eligibility = this.s.eligibility.health();
    const checkin = this.s.checkin.health();
    const expired = (checkin.certificate?.daysLeft ?? 0) < 0;
    const degraded =
      this.s.devices.snapshot().some((d) => d.power === 'offline' || d.health.level === 'error') ||
      !storage.ok ||
      storage.lost > 0 ||
      !disk.ok ||
      !files.ok ||
      eligibility.state !== 'ok' ||
      expired;
    return {
      status: degraded ? 'degraded' : 'ok',
      storage,
      disk,
      files,
      simulated: this.s.simulated,
      gateway: { url: this.s.gatewayUrl },
      http: this.s.http.status,
      hid: this.s.discovery.status.hid,
      serialDiscovery: this.s.discovery.status.serial,
      hub: this.s.hub.status,
      rejectedRequests: Object.fromEntries(this.#rejected),
      eligibility,
      reportDue: this.s.reminder.current(),
      checkin,
    };
  }

  /** Pushes the report when anything but the refusal counts changed (those ride along with the next push). */
  changed(): void {
    const r = this.report();
    // Call counts and the token's expiry ride along with the next push too.
    const key = JSON.stringify({
      ...r,
      rejectedRequests: null,
      eligibility: { ...r.eligibility, calls: null, cacheHits: null, tokenExpiresAt: null, pending: null },
    });
    if (key === this.#lastPushed) return;
    this.#lastPushed = key;
    this.s.bus.emit('health', r);
  }

  start(): void {
    const offs = [this.s.bus.on('devices', () => this.changed()), this.s.bus.on('account', () => this.changed()), this.s.status.on(() => this.changed())];
    this.#off = () => offs.forEach((off) => off());
    this.changed();
  }

  stop(): void {
    this.#off?.();
  }
}
