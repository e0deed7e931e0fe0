// The inventory feature: every device snapshot refreshes the scanner inventory (the report's working /
// not-working columns), and a scanner that stays online without changing is refreshed every 10 minutes
// (the report calls a scanner not working after days offline, not minutes).

import type { DeviceManager } from './device-manager.ts';
import type { InventoryTracker } from './inventory-tracker.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { Feature } from '../vocabulary/feature.ts';

export const INVENTORY_REFRESH_MS = 10 * 60_000;

export interface InventoryRefreshDeps {
  readonly bus: EventBus;
  readonly devices: Pick<DeviceManager, 'snapshot'>;
  readonly tracker: InventoryTracker;
  readonly log: Logger;
  /** Keeps today's inventory as history (LocalSource.facility): a past period's report reads it. */
  readonly snapshot?: () => Promise<unknown>;
}

export class InventoryRefresh implements Feature {
  readonly name = 'inventory';
  #unsubscribe: (() => void) | null = null;
  #refresh: Repeating | null = null;

  constructor(private readonly deps: InventoryRefreshDeps) {}

  start(): void {
    const d = this.deps;
    this.#unsubscribe = d.bus.on('devices', (list) => d.tracker.observe(list));
    const failed = (err: Error): void => d.log.error({ err: err.message }, 'inventory refresh failed');
    // Today's snapshot at start too: a restart does not leave the day without history for 10 minutes.
    void this.#observeAndKeep().catch(failed);
    this.#refresh = repeat(
      () => this.#observeAndKeep(),
      () => INVENTORY_REFRESH_MS,
      failed,
    );
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#refresh?.stop();
    await this.deps.tracker.settle();
  }

  async #observeAndKeep(): Promise<void> {
    this.deps.tracker.observe(this.deps.devices.snapshot());
    await this.deps.tracker.settle();
    await this.deps.snapshot?.();
  }
}
