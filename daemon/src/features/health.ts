// The daemon's health (GET /api/health, socket.io `health`): what is simulated, storage, the data
// folder, discovery, the hub push, refused requests. Recomputed when devices or storage change and
// pushed to the pages whenever it differs from what they last received.

import type { DataDirStatus, DeviceView, EligibilityHealth, HealthReport, StorageStatus } from '../api/contract.ts';
import type { DiscoveryStatus } from '../devices/discovery-loop.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Feature } from '../vocabulary/feature.ts';

export interface HealthSources {
  readonly bus: EventBus;
  readonly devices: () => DeviceView[];
  readonly storage: () => StorageStatus;
  readonly files: () => DataDirStatus;
  readonly discovery: DiscoveryStatus;
  readonly hub: () => HealthReport['hub'];
  readonly simulated: HealthReport['simulated'];
  readonly gatewayUrl: string;
  /** The lookup account (restricted / refused credentials raise the alarm) and the call figures. */
  readonly eligibility: () => EligibilityHealth;
  /** A closed reporting period still to submit (features/report-reminder.ts). */
  readonly reportDue: () => HealthReport['reportDue'];
  /** The XML0 check-in: signer, certificate expiry, queue. */
  readonly checkin: () => HealthReport['checkin'];
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
    const storage = this.s.storage();
    const files = this.s.files();
    const eligibility = this.s.eligibility();
    const checkin = this.s.checkin();
    const expired = (checkin.certificate?.daysLeft ?? 0) < 0;
    const degraded =
      this.s.devices().some((d) => d.power === 'offline' || d.health.level === 'error') || !storage.ok || !files.ok || eligibility.state !== 'ok' || expired;
    return {
      status: degraded ? 'degraded' : 'ok',
      storage,
      files,
      simulated: this.s.simulated,
      gateway: { url: this.s.gatewayUrl },
      hid: this.s.discovery.hid,
      serialDiscovery: this.s.discovery.serial,
      hub: this.s.hub(),
      rejectedRequests: Object.fromEntries(this.#rejected),
      eligibility,
      reportDue: this.s.reportDue(),
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
    const offs = [this.s.bus.on('devices', () => this.changed()), this.s.bus.on('account', () => this.changed())];
    this.#off = () => offs.forEach((off) => off());
    this.changed();
  }

  stop(): void {
    this.#off?.();
  }
}
