// The check-in capability as one lifecycle part: the sending service (when enabled), its health
// (certificate expiry 30 days ahead, queue counts) and what the routes need.

import type { CheckinHealth, Registration } from '../api/contract.ts';
import type { CheckinServiceConfig } from './checkin-service.ts';
import type { Eligibility, GatewayPort } from '../eligibility/eligibility.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import type { CheckinRepo, CheckinState } from './checkin-repo.ts';
import type { EventsRepo } from '../storage/events-repo.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { Feature } from '../vocabulary/feature.ts';
import { CheckinService } from './checkin-service.ts';
import { certificateInfo } from './certificate-info.ts';
import type { Xml0Signer } from './signer.ts';
import { CHECKIN_TEXT } from './checkin-messages.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import type { KeepWrite } from '../storage/storage-health.ts';

const WARN_DAYS = 30;

export interface CheckinDeps {
  readonly config: CheckinServiceConfig;
  readonly gateway: GatewayPort;
  /** The card check's caps, account hold and circuit breaker, shared. */
  readonly eligibility: Pick<Eligibility, 'gatewayCall'>;
  readonly repo: CheckinRepo;
  readonly registration: (id: number) => Promise<Registration | undefined>;
  readonly events: Pick<EventsRepo, 'stored'>;
  readonly signer: Xml0Signer | null;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly now: () => Date;
  readonly keep: KeepWrite;
}

export class Checkin implements Feature {
  readonly name = 'checkin';
  /** Null when check-in is off (or the gateway cannot check in). */
  readonly service: CheckinService | null;
  #counts: Record<CheckinState, number> = { queued: 0, accepted: 0, rejected: 0, skipped: 0 };
  #refresh: Repeating | null = null;
  readonly #pem: string | null;

  constructor(private readonly d: CheckinDeps) {
    const checkIn = d.gateway.checkIn?.bind(d.gateway);
    this.#pem = d.signer?.certificatePem() ?? null;
    this.service =
      d.config.checkin.enabled && checkIn
        ? new CheckinService({
            config: d.config,
            repo: d.repo,
            registration: d.registration,
            event: (id) => d.events.stored(id),
            signer: d.signer,
            send: (req) =>
              d.eligibility.gatewayCall(
                () => checkIn(req),
                (a) => a.status === 'unavailable',
              ),
            bus: d.bus,
            log: d.log.child({ module: 'checkin' }),
            now: d.now,
            keep: d.keep,
          })
        : null;
  }

  get repo(): CheckinRepo {
    return this.d.repo;
  }

  /** The queue counts are refreshed with the worker; the certificate is read once. */
  start(): void {
    const c = this.d.config.checkin;
    this.service?.start();
    if (!c.enabled) return;
    this.#refresh = repeat(
      async () => void (this.#counts = await this.d.repo.counts()),
      () => c.pollMs,
      (err) => this.d.log.error({ err: err.message }, 'check-in counts failed'),
    );
  }

  async stop(): Promise<void> {
    await this.#refresh?.stop();
    await this.service?.stop();
  }

  health(): CheckinHealth {
    const c = this.d.config.checkin;
    const cert = this.#pem ? certificateInfo(this.#pem, this.d.now()) : null;
    const warning = cert && cert.daysLeft <= WARN_DAYS ? CHECKIN_TEXT.certificateExpiry(cert.daysLeft, vietnamDay(new Date(cert.validTo))) : null;
    return { enabled: c.enabled, resource: c.enabled ? c.resource : null, signer: this.d.signer?.kind ?? null, certificate: cert, warning, ...this.#counts };
  }
}
