// Parts the composition root (daemon.ts) creates, in groups: the core (bus, repositories, eligibility,
// devices), the read path (device -> pipeline -> search), the patient parts, what the site reports and
// sends, and the daemon's upkeep. Creating them starts nothing: the features start them.

import type { Config } from './config/schema.ts';
import { CountersRepo } from './storage/counters-repo.ts';
import type { DaemonDeps } from './daemon-deps.ts';
import { DeviceManager } from './devices/device-manager.ts';
import type { DiscoveryLoop } from './devices/discovery-loop.ts';
import { InventoryTracker } from './devices/inventory-tracker.ts';
import { createEligibilityParts, type EligibilityParts } from './eligibility/eligibility-parts.ts';
import type { EligibilityService } from './eligibility/eligibility-service.ts';
import { EventBus } from './events/event-bus.ts';
import { HealthMonitor } from './features/health.ts';
import { hisWebhook, type HisWebhook } from './features/his-webhook.ts';
import { HubPush } from './features/hub-push.ts';
import { INVENTORY_REFRESH_MS } from './features/inventory.ts';
import { LatestMessages } from './features/latest-messages.ts';
import { Retention } from './features/retention.ts';
import type { AuditView } from './http/access.ts';
import { SitePusher } from './hub-push/site-pusher.ts';
import { localReportSource, type LocalSource } from './reports/local-source.ts';
import { InventoryHistoryRepo } from './storage/inventory-history-repo.ts';
import { CheckinRepo } from './storage/checkin-repo.ts';
import { reportReminder, type ReportReminder } from './features/report-reminder.ts';
import { createCheckinParts, type CheckinParts } from './checkin/checkin-parts.ts';
import { SubmissionStore } from './reports/submissions.ts';
import { sqlClientOf } from './storage/sql-client.ts';
import { buildPhuLuc03, type PhuLuc03 } from './reports/phu-luc-03.ts';
import { EligibilityRepo } from './storage/eligibility-repo.ts';
import { EventsRepo } from './storage/events-repo.ts';
import { InventoryRepo } from './storage/inventory-repo.ts';
import { PrivacyRepo } from './storage/privacy-repo.ts';
import { PushStateRepo } from './storage/push-state-repo.ts';
import { StorageHealth } from './storage/storage-health.ts';
import type { Logger } from './log.ts';
import { parseSearchInput } from './parse/index.ts';
import { PatientIndex } from './patients/patient-index.ts';
import { Registrations } from './patients/registrations.ts';
import { RecentReads } from './pipeline/recent-reads.ts';
import { ScanPipeline } from './pipeline/scan-pipeline.ts';
import type { Place } from './vocabulary/place.ts';
import { SearchService } from './search/search-service.ts';
import type { Db } from './storage/db.ts';
import { IdentityLookup } from './storage/identity-lookup.ts';
import type { Storage } from './storage/open-storage.ts';
import { todayInVietnam } from './util/vietnam-time.ts';
import { Duplicates } from './patients/duplicates.ts';

export interface ReadPath {
  readonly pipeline: ScanPipeline;
  readonly search: SearchService;
  readonly recent: RecentReads;
  /** What the typed text is, without searching or counting (the search box's live hint). */
  check(query: string): unknown;
}

/** Scanner reads reach the pipeline by subscription: the device manager does not know the pipeline. */
export function createReadPath(deps: {
  config: Config;
  storage: Storage;
  repo: EventsRepo;
  devices: DeviceManager;
  bus: EventBus;
  eligibility: EligibilityService;
  storageHealth: StorageHealth;
  log: Logger;
  now: () => Date;
  placeOf: (desk: string) => Place;
}): ReadPath {
  const { storage, now } = deps;
  const recent = new RecentReads();
  const pipeline = new ScanPipeline({
    repo: deps.repo,
    hashName: storage.hashName,
    devices: deps.devices,
    bus: deps.bus,
    hashId: storage.hashId,
    eligibility: deps.eligibility,
    log: deps.log.child({ module: 'pipeline' }),
    now,
    placeOf: deps.placeOf,
    recent,
    storage: deps.storageHealth,
  });
  deps.devices.onRead((device, read) => pipeline.onRead(device, read));
  const today = (): string => todayInVietnam(now().getTime());
  const search = new SearchService({ pipeline, lookup: new IdentityLookup(storage.db), hashId: storage.hashId, hashName: storage.hashName, today });
  return { pipeline, search, recent, check: (query) => parseSearchInput(query, today()) };
}

export interface PatientParts {
  readonly index: PatientIndex;
  readonly registrations: Registrations;
  readonly checkins: CheckinRepo;
  readonly duplicates: Duplicates;
}

export function createPatientParts(deps: { config: Config; db: Db; storage: Storage; repo: EventsRepo; log: Logger; now: () => Date }): PatientParts {
  const index = new PatientIndex({ db: deps.db, hashId: deps.storage.hashId, now: deps.now });
  const checkins = new CheckinRepo(deps.db);
  const duplicates = new Duplicates({ db: deps.db, now: deps.now, facilityId: deps.config.facility.id, webhook: deps.config.his.webhookUrl !== null });
  return {
    index,
    checkins,
    duplicates,
    registrations: new Registrations({ db: deps.db, events: deps.repo, index, config: deps.config, checkins, now: deps.now }),
  };
}

export interface Core {
  readonly bus: EventBus;
  readonly repo: EventsRepo;
  readonly counters: CountersRepo;
  readonly inventoryRepo: InventoryRepo;
  readonly privacy: PrivacyRepo;
  readonly storageHealth: StorageHealth;
  readonly eligibility: EligibilityService;
  readonly eligibilityParts: EligibilityParts;
  readonly eligibilityStore: EligibilityRepo;
  readonly devices: DeviceManager;
}

/** The bus, the repositories, the eligibility service and the device manager. */
export async function createCore(deps: DaemonDeps & { now: () => Date }): Promise<Core> {
  const { config, log, storage, now } = deps;
  const { db } = storage;
  const bus = new EventBus(log);
  const repo = new EventsRepo(db, config.reports.outcomes);
  const devices = new DeviceManager({
    bus,
    log: log.child({ module: 'devices' }),
    initialCounters: await repo.totalsByDevice(),
    readsPerSecond: config.limits.readsPerSecondPerDevice,
  });
  const eligibilityStore = new EligibilityRepo(db);
  const eligibilityParts = createEligibilityParts({
    gateway: deps.gateway.client,
    simulated: deps.gateway.simulated,
    config,
    bus,
    log,
    now,
    events: repo,
    store: eligibilityStore,
    hashId: storage.hashId,
  });
  const eligibility = eligibilityParts.service;
  // A storage problem is shown on the device list and in health (both recomputed from the snapshot).
  const storageHealth = new StorageHealth({
    log: log.child({ module: 'storage' }),
    now,
    retryForMs: config.storage.retryForMs,
    onChange: () => bus.emit('devices', devices.snapshot()),
  });
  return {
    bus,
    repo,
    counters: new CountersRepo(db),
    inventoryRepo: new InventoryRepo(db),
    privacy: new PrivacyRepo(db),
    storageHealth,
    eligibility,
    eligibilityParts,
    eligibilityStore,
    devices,
  };
}

export interface SiteParts {
  readonly webhook: HisWebhook;
  readonly source: LocalSource;
  readonly report: (from: string, to: string) => Promise<PhuLuc03>;
  readonly submissions: SubmissionStore;
  readonly hubPusher: SitePusher | null;
}

/** What this site reports and sends: the district report's source, the hub push, the HIS webhook. */
export function createSiteParts(deps: {
  config: Config;
  db: Db;
  log: Logger;
  now: () => Date;
  counters: CountersRepo;
  inventoryRepo: InventoryRepo;
}): SiteParts {
  const { config, log, now } = deps;
  const source = localReportSource({ config, counters: deps.counters, inventory: deps.inventoryRepo, history: new InventoryHistoryRepo(deps.db), now });
  const hubUrl = config.hub.url;
  return {
    webhook: hisWebhook({ config, db: deps.db, log: log.child({ module: 'his-webhook' }), now }),
    source,
    report: (from, to) => buildPhuLuc03(source, { from, to, cumulativeSince: config.reports.cumulativeSince, periodConfig: config.reports, now: now() }),
    submissions: new SubmissionStore(sqlClientOf(deps.db)),
    hubPusher: hubUrl
      ? new SitePusher({
          config: { ...config.hub, url: hubUrl },
          counters: deps.counters,
          source,
          state: new PushStateRepo(deps.db),
          log: log.child({ module: 'hub-push' }),
          now,
        })
      : null,
  };
}

export interface Operations {
  readonly checkin: CheckinParts;
  readonly health: HealthMonitor;
  readonly reminder: ReportReminder;
  readonly hubPush: HubPush | null;
  readonly retention: Retention;
  readonly inventory: InventoryTracker;
  readonly latest: LatestMessages;
  readonly audit: AuditView;
}

/** The daemon's upkeep: health, the hub push loop, retention, the inventory, the audit writer. */
export function createOperations(x: {
  deps: DaemonDeps;
  core: Core;
  site: SiteParts;
  patients: PatientParts;
  discovery: DiscoveryLoop;
  now: () => Date;
}): Operations {
  const { deps, core, now } = x;
  const { config, log, storage } = deps;
  let hubPush: HubPush | null = null;
  const health = new HealthMonitor({
    bus: core.bus,
    devices: () => core.devices.snapshot(),
    storage: () => ({ ...core.storageHealth.status, driver: storage.db.driver }),
    files: () => storage.files(),
    discovery: x.discovery.status,
    hub: () => hubPush?.status ?? null,
    simulated: { scanners: deps.simulatedScanners.map((s) => s.id), gateway: deps.gateway.simulated },
    gatewayUrl: deps.gateway.url,
    eligibility: () => core.eligibilityParts.health(core.eligibility.lastPending),
    reportDue: () => reminder.current(),
    checkin: () => checkin.health(),
  });
  const checkin = createCheckinParts({
    config,
    gateway: deps.gateway.client,
    eligibilityParts: core.eligibilityParts,
    repo: x.patients.checkins,
    registrations: x.patients.registrations,
    events: core.repo,
    signer: deps.checkinSigner ?? null,
    bus: core.bus,
    log,
    now,
  });
  const reminder = reportReminder({
    submissions: x.site.submissions,
    firstDay: () => core.counters.firstDay(),
    periods: config.reports,
    enabled: !config.hub.url,
    now,
    log,
    onChange: () => health.changed(),
  });
  if (x.site.hubPusher && config.hub.url)
    hubPush = new HubPush({ pusher: x.site.hubPusher, url: config.hub.url, intervalMs: config.hub.intervalMs, now, log, onStatus: () => health.changed() });
  const retention = new Retention({
    config,
    db: storage.db,
    privacy: core.privacy,
    patients: x.patients.index,
    now,
    log,
    afterPurge: async () => (await storage.recheckFiles(), health.changed()),
  });
  const audit: AuditView = (caller, e) => {
    void core.privacy
      .audit({
        at: now(),
        actor: caller?.id ?? 'local',
        desk: e.desk,
        action: e.action,
        eventId: e.eventId,
        idHash: e.idHash,
        outcome: 'shown',
        subject: e.subject ?? null,
      })
      .catch((err: Error) => log.error({ err: err.message }, 'audit write failed'));
  };
  const inventory = new InventoryTracker({ repo: core.inventoryRepo, log: log.child({ module: 'inventory' }), now, refreshMs: INVENTORY_REFRESH_MS });
  return { checkin, health, hubPush, retention, inventory, latest: new LatestMessages(core.bus), audit, reminder };
}
