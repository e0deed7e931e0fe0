// The inventory feature: every device snapshot refreshes the scanner inventory (the report's working /
// not-working columns), and a scanner that stays online without changing is refreshed every 10 minutes
// (the report calls a scanner not working after days offline, not minutes).

import type { DeviceManager } from '../devices/device-manager.ts';
import type { InventoryTracker } from '../devices/inventory-tracker.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { Feature } from '../vocabulary/feature.ts';

export const INVENTORY_REFRESH_MS = 10 * 60_000;

export function inventoryFeature(deps: {
  readonly bus: EventBus;
  readonly devices: DeviceManager;
  readonly tracker: InventoryTracker;
  readonly log: Logger;
  /** Keeps today's inventory as history (LocalSource.facility): a past period's report reads it. */
  readonly snapshot?: () => Promise<unknown>;
}): Feature {
  let unsubscribe: (() => void) | null = null;
  let refresh: Repeating | null = null;
  return {
    name: 'inventory',
    start() {
      unsubscribe = deps.bus.on('devices', (d) => deps.tracker.observe(d));
      const observeAndKeep = async (): Promise<void> => {
        deps.tracker.observe(deps.devices.snapshot());
        await deps.tracker.settle();
        await deps.snapshot?.();
      };
      // Today's snapshot at start too: a restart does not leave the day without history for 10 minutes.
      void observeAndKeep().catch((err: Error) => deps.log.error({ err: err.message }, 'inventory refresh failed'));
      refresh = repeat(
        observeAndKeep,
        () => INVENTORY_REFRESH_MS,
        (err) => deps.log.error({ err: err.message }, 'inventory refresh failed'),
      );
    },
    async stop() {
      unsubscribe?.();
      await refresh?.stop();
      await deps.tracker.settle();
    },
  };
}
