// The site daemon's feature routes, each a fastify plugin closing over what it needs: desk work
// (search, webcam, raw reads, test mode), eligibility answers, registrations and patients, reports,
// counters and inventory, the audit log.

import type { Config } from './config/schema.ts';
import type { CountersRepo } from './storage/counters-repo.ts';
import type { DeviceManager } from './devices/device-manager.ts';
import type { EventBus } from './events/event-bus.ts';
import type { HisWebhook } from './features/his-webhook.ts';
import type { PatientParts, ReadPath } from './parts.ts';
import type { PhuLuc03 } from './reports/phu-luc-03.ts';
import type { LocalSource } from './reports/local-source.ts';
import type { SubmissionStore } from './reports/submissions.ts';
import type { EligibilityService } from './eligibility/eligibility-service.ts';
import type { EligibilityRepo } from './storage/eligibility-repo.ts';
import type { EventsRepo, StoredEvent } from './storage/events-repo.ts';
import type { InventoryRepo } from './storage/inventory-repo.ts';
import type { PrivacyRepo } from './storage/privacy-repo.ts';
import type { AuditView } from './http/access.ts';
import type { RoutePlugin } from './http/app.ts';
import { auditRoutes } from './http/audit-routes.ts';
import { counterRoutes } from './http/counter-routes.ts';
import { deskRoutes } from './http/desk-routes.ts';
import { eligibilityRoutes } from './http/eligibility-routes.ts';
import { registrationRoutes } from './http/registration-routes.ts';
import { duplicateRoutes } from './http/duplicate-routes.ts';
import { deviceDeskRoutes } from './http/device-desk-routes.ts';
import type { ScannerRegistry } from './storage/scanner-registry.ts';
import { reportRoutes } from './reports/report-routes.ts';
import { checkinRoutes } from './http/checkin-routes.ts';
import type { CheckinParts } from './checkin/checkin-parts.ts';

export interface SiteRouteDeps {
  readonly config: Config;
  readonly read: ReadPath;
  readonly patients: PatientParts;
  readonly webhook: HisWebhook;
  readonly privacy: PrivacyRepo;
  readonly counters: CountersRepo;
  readonly inventoryRepo: InventoryRepo;
  readonly source: LocalSource;
  readonly report: (from: string, to: string) => Promise<PhuLuc03>;
  readonly submissions: SubmissionStore;
  readonly reportSubmitted: () => Promise<void>;
  readonly checkin: CheckinParts;
  /** A stored event (identity, eligibility answer, desk). */
  readonly eventOf: (eventId: number) => Promise<StoredEvent | undefined>;
  readonly repo: Pick<EventsRepo, 'unanswered'>;
  readonly eligibility: Pick<EligibilityService, 'resume'>;
  readonly eligibilityStore: Pick<EligibilityRepo, 'historyGet'>;
  readonly devices: DeviceManager;
  readonly scannerRegistry: ScannerRegistry;
  readonly bus: EventBus;
  readonly audit: AuditView;
  readonly now: () => Date;
  readonly countRejected: (code: string) => void;
}

export function siteRoutes(d: SiteRouteDeps): RoutePlugin[] {
  const { config, read, now } = d;
  const { eventOf } = d;
  return [
    (app) =>
      deskRoutes(app, {
        search: (req) => read.search.search(req),
        check: (query) => read.check(query),
        camera: (desk, bytes, actor) => read.pipeline.onCamera(desk, bytes, actor),
        recent: read.recent,
        setTestMode: (id, on) => d.devices.setTestMode(id, on),
        searchesPerMinute: config.limits.searchesPerMinute,
        cameraPerMinute: config.limits.cameraPerMinute,
        desks: new Set(config.facility.stations.flatMap((st) => st.desks)),
        countRejected: d.countRejected,
      }),
    (app) =>
      eligibilityRoutes(app, {
        eventOf,
        historyOf: (id) => d.eligibilityStore.historyGet(id),
        unanswered: (limit) => d.repo.unanswered(limit),
        resume: () => d.eligibility.resume(),
        audit: d.audit,
        fhirSystems: config.fhir.systems,
      }),
    (app) =>
      registrationRoutes(app, {
        config,
        registrations: d.patients.registrations,
        index: d.patients.index,
        eventOf,
        webhookBody: (reg, identity) => d.webhook.body(reg, identity),
        audit: d.audit,
      }),
    (app) => duplicateRoutes(app, { duplicates: d.patients.duplicates, audit: d.audit }),
    (app) =>
      deviceDeskRoutes(app, {
        registry: d.scannerRegistry,
        devices: d.devices,
        desks: new Set(config.facility.stations.flatMap((st) => st.desks)),
        audit: d.audit,
      }),
    (app) =>
      reportRoutes(app, {
        build: d.report,
        now,
        periods: config.reports,
        submissions: d.submissions,
        callerId: (req) => req.caller?.id ?? 'local',
        firstDay: () => d.counters.firstDay(),
        onSubmitted: d.reportSubmitted,
      }),
    (app) => auditRoutes(app, { privacy: d.privacy, now }),
    (app) => checkinRoutes(app, { rejected: (n) => d.checkin.repo.rejected(n), resend: d.checkin.service?.resend.bind(d.checkin.service) ?? null }),
    (app) =>
      counterRoutes(app, {
        counters: d.counters,
        inventory: d.inventoryRepo,
        source: d.source,
        cumulativeSince: config.reports.cumulativeSince,
        now,
        onInventoryChange: () => d.bus.emit('devices', d.devices.snapshot()),
      }),
  ];
}
