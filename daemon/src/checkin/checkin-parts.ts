// The check-in's parts for the composition root: the sending service (when enabled), its health
// (certificate expiry 30 days ahead, queue counts), and what the routes need.

import type { CheckinHealth } from '../api/contract.ts';
import type { CheckinServiceConfig } from './checkin-service.ts';
import type { EligibilityParts, GatewayPort } from '../eligibility/eligibility-parts.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import type { Registrations } from '../patients/registrations.ts';
import type { CheckinRepo, CheckinState } from '../storage/checkin-repo.ts';
import type { EventsRepo } from '../storage/events-repo.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { Feature } from '../vocabulary/feature.ts';
import { CheckinService } from './checkin-service.ts';
import { certificateInfo } from './certificate-info.ts';
import type { Xml0Signer } from './signer.ts';

const WARN_DAYS = 30;

export interface CheckinParts {
  readonly service: CheckinService | null;
  readonly repo: CheckinRepo;
  /** The queue counts are refreshed with the worker; the certificate is read once. */
  readonly feature: Feature;
  health(): CheckinHealth;
}

export function createCheckinParts(d: {
  config: CheckinServiceConfig;
  gateway: GatewayPort;
  eligibilityParts: Pick<EligibilityParts, 'gatewayCall'>;
  repo: CheckinRepo;
  registrations: Pick<Registrations, 'get'>;
  events: Pick<EventsRepo, 'stored'>;
  signer: Xml0Signer | null;
  bus: EventBus;
  log: Logger;
  now: () => Date;
}): CheckinParts {
  const c = d.config.checkin;
  const checkIn = d.gateway.checkIn?.bind(d.gateway);
  const log = d.log.child({ module: 'checkin' });
  const service =
    c.enabled && checkIn
      ? new CheckinService({
          config: d.config,
          repo: d.repo,
          registration: (id) => d.registrations.get(id),
          event: (id) => d.events.stored(id),
          signer: d.signer,
          send: (req) =>
            d.eligibilityParts.gatewayCall(
              () => checkIn(req),
              (a) => a.status === 'unavailable',
            ),
          bus: d.bus,
          log,
          now: d.now,
        })
      : null;
  let counts: Record<CheckinState, number> = { queued: 0, accepted: 0, rejected: 0, skipped: 0 };
  let refresh: Repeating | null = null;
  const pem = d.signer?.certificatePem() ?? null;
  const feature: Feature = {
    name: 'checkin',
    start: () => {
      service?.start();
      if (c.enabled)
        refresh = repeat(
          async () => void (counts = await d.repo.counts()),
          () => c.pollMs,
          (err) => log.error({ err: err.message }, 'check-in counts failed'),
        );
    },
    stop: async () => (await refresh?.stop(), await service?.stop()),
  };
  const health = (): CheckinHealth => {
    const cert = pem ? certificateInfo(pem, d.now()) : null;
    const warning =
      cert && cert.daysLeft <= WARN_DAYS
        ? {
            vi: `Chứng thư số ký check-in ${cert.daysLeft < 0 ? 'đã hết hạn' : `hết hạn sau ${cert.daysLeft} ngày`} (${cert.validTo.slice(0, 10)}): gia hạn và đăng ký lại trên Cổng BHXH`,
            en: `The check-in signing certificate ${cert.daysLeft < 0 ? 'has expired' : `expires in ${cert.daysLeft} days`} (${cert.validTo.slice(0, 10)}): renew it and register it on the BHXH portal`,
          }
        : null;
    return { enabled: c.enabled, resource: c.enabled ? c.resource : null, signer: d.signer?.kind ?? null, certificate: cert, warning, ...counts };
  };
  return { service, repo: d.repo, feature, health };
}
