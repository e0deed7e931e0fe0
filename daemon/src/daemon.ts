// Composition root: createDaemon(deps) creates every part from injected ones (storage already open,
// transports, the gateway client) and lists the features; nothing starts until start(). Nothing here
// knows whether a scanner or the gateway is simulated: `wiring.ts` decides that.
//
// Where things happen: a byte enters in drivers/ (a transport's `read`); the DeviceManager hands the
// whole read to the ScanPipeline (devices.onRead); the pipeline parses it into a patient (parse/) and
// stores the event with its count (counting/count-delta.ts, one transaction in storage/events-repo.ts);
// the bus announces it to the pages (http/socket-plugin.ts) and the features that learn from it.

import type { CountersRepo } from './storage/counters-repo.ts';
import type { DeviceManager } from './devices/device-manager.ts';
import { DiscoveryLoop } from './devices/discovery-loop.ts';
import type { InventoryTracker } from './devices/inventory-tracker.ts';
import type { EligibilityParts } from './eligibility/eligibility-parts.ts';
import type { EventBus } from './events/event-bus.ts';
import type { EligibilityService } from './eligibility/eligibility-service.ts';
import { startAll, stopAll, type Feature } from './vocabulary/feature.ts';
import type { CheckinParts } from './checkin/checkin-parts.ts';
import { inventoryFeature } from './features/inventory.ts';
import { patientLearning } from './features/patient-learning.ts';
import { scannersFeature } from './features/scanners.ts';
import type { SitePusher } from './hub-push/site-pusher.ts';
import { Access } from './http/access.ts';
import { buildApp } from './http/app.ts';
import { siteRoutes } from './site-routes.ts';
import {
  createCore,
  createOperations,
  createPatientParts,
  createReadPath,
  createSiteParts,
  type Core,
  type Operations,
  type PatientParts,
  type SiteParts,
} from './parts.ts';
import type { PatientIndex } from './patients/patient-index.ts';
import type { Registrations } from './patients/registrations.ts';
import type { WebhookWorker } from './patients/webhook-worker.ts';
import type { PhuLuc03 } from './reports/phu-luc-03.ts';
import { placeResolver } from './vocabulary/place.ts';
import type { EventsRepo } from './storage/events-repo.ts';
import type { PrivacyRepo } from './storage/privacy-repo.ts';
import type { DaemonDeps } from './daemon-deps.ts';
import { ScannerRegistry } from './storage/scanner-registry.ts';

export type { DaemonDeps };

export interface Daemon {
  readonly app: Awaited<ReturnType<typeof buildApp>>['app'];
  readonly devices: DeviceManager;
  readonly repo: EventsRepo;
  readonly eligibility: EligibilityService;
  /** The limiter, account guard and token keeper in front of the gateway (tests, benches, health). */
  readonly eligibilityParts: EligibilityParts;
  readonly bus: EventBus;
  readonly counters: CountersRepo;
  readonly inventory: InventoryTracker;
  readonly report: (from: string, to: string) => Promise<PhuLuc03>;
  readonly privacy: PrivacyRepo;
  readonly patients: PatientIndex;
  readonly registrations: Registrations;
  /** Present when his.webhookUrl is set. */
  readonly webhook: WebhookWorker | null;
  /** Runs the retention purge now (it also runs at start and hourly). */
  readonly purge: () => Promise<void>;
  /** Present when config.hub.url is set. */
  readonly hubPusher: SitePusher | null;
  readonly dbFile: string;
  /** The XML0 check-in (its worker, queue and health). */
  readonly checkin: CheckinParts;
  /** The features in start order (stop runs them in reverse). */
  readonly features: readonly Feature[];
  /** Starts every feature and listens; resolves with the base URL. */
  start(): Promise<string>;
  /** Same as start() (kept for scripts written against earlier versions). */
  listen(): Promise<string>;
  stop(): Promise<void>;
}

export async function createDaemon(deps: DaemonDeps): Promise<Daemon> {
  const { config, log, storage } = deps;
  const now = deps.now ?? (() => new Date());
  const core = await createCore({ ...deps, now });
  const { bus, repo, devices, eligibility } = core;
  const read = createReadPath({ ...core, config, storage, log, now, placeOf: placeResolver(config.facility) });
  const patients = createPatientParts({ config, db: storage.db, storage, repo, log, now });
  const site = createSiteParts({ ...core, config, db: storage.db, log, now });
  const scannerRegistry = new ScannerRegistry({ db: storage.db, now });
  const discovery = new DiscoveryLoop({
    config,
    devices,
    log: log.child({ module: 'discovery' }),
    serialLister: deps.serialLister,
    hidLoader: deps.hidLoader,
    openSerial: deps.openSerial,
    openHid: deps.openHid,
    registry: scannerRegistry,
    ...(deps.platform ? { platform: deps.platform } : {}),
  });
  const ops = createOperations({ deps, core, site, patients, discovery, now });
  const { app } = await buildApp({
    bus,
    log,
    host: config.host,
    http: { ...config.http, maxConnections: ['127.0.0.1', '::1', 'localhost'].includes(config.host) ? null : config.http.maxConnections },
    access: new Access({ tokens: config.auth.tokens, sessionKey: storage.sessionKey, sessionHours: config.auth.sessionHours, now: () => now().getTime() }),
    devices: () => devices.snapshot(),
    health: () => ops.health.report(),
    pendingVerifications: () => eligibility.pending(),
    latest: ops.latest.current,
    simulators: deps.simulators,
    countRejected: ops.health.countRejected,
    routes: siteRoutes({
      ...site,
      ...core,
      config,
      read,
      patients,
      eventOf: (id) => repo.stored(id),
      audit: ops.audit,
      now,
      countRejected: ops.health.countRejected,
      reportSubmitted: () => ops.reminder.refresh(),
      checkin: ops.checkin,
      scannerRegistry,
    }),
  });
  const features = daemonFeatures({ deps, core, site, ops, patients, discovery, app });
  let url: Promise<string> | null = null;
  const start = (): Promise<string> => (url ??= startAll(features, log).then(() => app.listen({ host: config.host, port: config.port })));
  return {
    ...core,
    app,
    inventory: ops.inventory,
    report: site.report,
    checkin: ops.checkin,
    hubPusher: site.hubPusher,
    purge: () => ops.retention.purge(),
    patients: patients.index,
    registrations: patients.registrations,
    webhook: site.webhook.worker,
    dbFile: storage.dbFile,
    features,
    start,
    listen: start,
    async stop() {
      await stopAll(features, log);
      await storage.db.close();
    },
  };
}

/** Start order: what listens to the bus before what produces reads; HTTP last. Stop: the reverse. */
function daemonFeatures(x: {
  deps: DaemonDeps;
  core: Core;
  site: SiteParts;
  ops: Operations;
  patients: PatientParts;
  discovery: DiscoveryLoop;
  app: { close(): Promise<unknown> };
}): Feature[] {
  const { deps, core, site, ops, patients } = x;
  const { bus, devices, repo } = core;
  const log = deps.log;
  return [
    ops.latest,
    patientLearning({ bus, patients: patients.index, eventOf: (id) => repo.stored(id), log: log.child({ module: 'patients' }) }),
    inventoryFeature({ bus, devices, tracker: ops.inventory, log, snapshot: () => site.source.snapshot() }),
    core.eligibilityParts.feature,
    ops.checkin.feature,
    ops.retention,
    site.webhook,
    ...(ops.hubPush ? [ops.hubPush] : []),
    ops.reminder,
    ops.health,
    scannersFeature({ devices, discovery: x.discovery, simulated: deps.simulatedScanners, configured: deps.config.scanners, openSerial: deps.openSerial }),
    { name: 'http', stop: async () => void (await x.app.close()) },
  ];
}
