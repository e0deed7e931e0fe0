// The latest scan and eligibility answer, replayed to a page that connects (a reception page opened
// after the patient's card was read still shows them).

import type { EligibilityMessage, ScanMessage } from '../api/contract.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Feature } from '../vocabulary/feature.ts';

export class LatestMessages implements Feature {
  readonly name = 'latest-messages';
  readonly current: { scan: ScanMessage | null; eligibility: EligibilityMessage | null } = { scan: null, eligibility: null };
  #off: Array<() => void> = [];

  constructor(private readonly bus: EventBus) {}

  start(): void {
    this.#off = [this.bus.on('scan', (m) => void (this.current.scan = m)), this.bus.on('eligibility', (m) => void (this.current.eligibility = m))];
  }

  stop(): void {
    this.#off.forEach((u) => u());
  }
}
