// Pushes this site's absolute daily counters and inventory to the district hub every `hub.intervalMs`
// (when `hub.url` is set), and remembers how the last push went for /api/health. Without a hub URL
// it is present and does nothing (health shows no hub).

import type { HealthReport } from '../api/contract.ts';
import type { Logger } from '../log.ts';
import type { LocalSource } from '../reports/local-source.ts';
import type { CountersRepo } from '../storage/counters-repo.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { StatusSignal } from '../vocabulary/status-signal.ts';
import type { HubClientConfig } from './hub-client-config.ts';
import type { PushStateRepo } from './push-state-repo.ts';
import { hubPost } from './hub-post.ts';
import { SitePusher } from './site-pusher.ts';

export interface HubPushDeps {
  readonly config: HubClientConfig;
  readonly counters: CountersRepo;
  readonly source: LocalSource;
  readonly state: PushStateRepo;
  readonly now: () => Date;
  readonly log: Logger;
  readonly status: StatusSignal;
  /** Phụ lục 2's account and exchanges (site-pusher.ts); absent: not pushed. */
  readonly gateway?: ConstructorParameters<typeof SitePusher>[0]['gateway'];
}

export class HubPush implements Feature {
  readonly name = 'hub-push';
  /** Null when no hub is configured. */
  readonly pusher: SitePusher | null;
  #status: HealthReport['hub'];
  #loop: Repeating | null = null;

  constructor(private readonly deps: HubPushDeps) {
    const url = deps.config.url;
    this.pusher = url
      ? new SitePusher({
          config: { ...deps.config, url },
          counters: deps.counters,
          source: deps.source,
          state: deps.state,
          log: deps.log.child({ module: 'hub-push' }),
          now: deps.now,
          post: hubPost({ caFile: deps.config.ca, timeoutMs: 30_000 }),
          ...(deps.gateway && { gateway: deps.gateway }),
        })
      : null;
    this.#status = url ? { url, ok: null, lastAttempt: null, error: null } : null;
  }

  /** How the last push went (null: no hub configured). */
  get status(): HealthReport['hub'] {
    return this.#status;
  }

  start(): void {
    const { pusher } = this;
    const url = this.deps.config.url;
    if (!pusher || !url) return;
    this.#loop = repeat(
      async () => {
        const r = await pusher.pushOnce();
        this.#status = { url, ok: r.ok, lastAttempt: this.deps.now().toISOString(), error: r.error ?? null };
        this.deps.status.changed(this.name);
      },
      () => this.deps.config.intervalMs,
      (err) => this.deps.log.error({ err: err.message }, 'hub push crashed'),
    );
  }

  async stop(): Promise<void> {
    await this.#loop?.stop();
  }
}
