// Keeps the scanner inventory's "last online" fresh from the device snapshots the device manager
// publishes, without a database write per read: a write when a scanner's power or desk changes, and
// at most every `refreshMs` while it stays online. Simulated scanners are never written.

import type { DeviceView } from '../api/contract.ts';
import type { Logger } from '../log.ts';
import type { InventoryRepo } from '../storage/inventory-repo.ts';

interface Written {
  power: string;
  desk: string;
  at: number;
}

export class InventoryTracker {
  readonly #written = new Map<string, Written>();
  #chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { repo: InventoryRepo; log: Logger; now: () => Date; refreshMs: number }) {}

  observe(devices: readonly DeviceView[]): void {
    const now = this.deps.now();
    for (const d of devices) {
      if (d.simulated) continue; // simulators never count as equipment
      // A chip reader is not one of Phụ lục 03's "máy quét" (QR scanners): its reads count, it does not.
      if (d.transport === 'chip') continue;
      const prev = this.#written.get(d.id);
      const online = d.power === 'online';
      const stale = online && (!prev || now.getTime() - prev.at >= this.deps.refreshMs);
      if (prev && prev.power === d.power && prev.desk === d.desk && !stale) continue;
      const written = { power: d.power, desk: d.desk, at: now.getTime() };
      this.#written.set(d.id, written);
      this.#chain = this.#chain
        .then(() => this.deps.repo.seen(d.id, d.desk, d.mode, now, online))
        .catch((err: Error) => {
          // Not written: forget it, so the next snapshot writes it again instead of waiting for a
          // change or the refresh (a scanner's new desk would otherwise stay unknown to the report).
          if (this.#written.get(d.id) === written) this.#written.delete(d.id);
          this.deps.log.error({ err: err.message, device: d.id }, 'inventory update failed');
        });
    }
  }

  /** Resolves when every write so far has finished (tests, shutdown). */
  settle(): Promise<void> {
    return this.#chain;
  }
}
