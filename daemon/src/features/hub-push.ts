// Pushes this site's absolute daily counters and inventory to the district hub every `hub.intervalMs`
// (when `hub.url` is set), and remembers how the last push went for /api/health.

import type { HealthReport } from '../api/contract.ts';
import type { SitePusher } from '../hub-push/site-pusher.ts';
import type { Logger } from '../log.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { Feature } from '../vocabulary/feature.ts';

export class HubPush implements Feature {
  readonly name = 'hub-push';
  status: HealthReport['hub'];
  #loop: Repeating | null = null;

  constructor(
    private readonly deps: {
      readonly pusher: SitePusher;
      readonly url: string;
      readonly intervalMs: number;
      readonly now: () => Date;
      readonly log: Logger;
      readonly onStatus: () => void;
    },
  ) {
    this.status = { url: deps.url, ok: null, lastAttempt: null, error: null };
  }

  start(): void {
    this.#loop = repeat(
      async () => {
        const r = await this.deps.pusher.pushOnce();
        this.status = { url: this.deps.url, ok: r.ok, lastAttempt: this.deps.now().toISOString(), error: r.error ?? null };
        this.deps.onStatus();
      },
      () => this.deps.intervalMs,
      (err) => this.deps.log.error({ err: err.message }, 'hub push crashed'),
    );
  }

  async stop(): Promise<void> {
    await this.#loop?.stop();
  }
}
