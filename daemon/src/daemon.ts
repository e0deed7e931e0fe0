// Composition root: createDaemon(deps) makes every part from the injected ones (storage already open,
// transports, the gateway client), each with a constructor that only stores what it is given, in the
// order they depend on each other: a part can only be handed parts declared above it, which the
// compiler checks. Nothing starts until start(), which starts the lifecycle parts in the order of
// LIFECYCLE and stops them in reverse. Nothing here knows whether a scanner or the gateway is
// simulated: `wiring.ts` decides that.
//
// Where things happen: a byte enters in drivers/ (a transport's `read`); the DeviceManager hands the
// whole read to the ScanPipeline (it subscribed at start); the pipeline parses it into a patient
// (parse/) and stores the event with its count (counting/count-delta.ts, one transaction in
// storage/events-repo.ts); the bus announces it to the pages (http/socket-plugin.ts) and the parts
// that learn from it.

import type { ScannerTransport } from '../../drivers/src/transport.ts';
import { AuditLog, auditView } from './audit/audit-log.ts';
import { auditRoutes } from './audit/audit-routes.ts';
import { Checkin } from './checkin/checkin.ts';
import { CheckinRepo } from './checkin/checkin-repo.ts';
import { checkinRoutes } from './checkin/checkin-routes.ts';
import type { Xml0Signer } from './checkin/signer.ts';
import type { Config, SerialScannerConfig } from './config/schema.ts';
import { DeviceManager } from './devices/device-manager.ts';
import { deviceDeskRoutes } from './devices/device-desk-routes.ts';
import { lostReadsRoutes } from './health/lost-reads-routes.ts';
import { repeatWindowOf } from './devices/devices-config.ts';
import { DiscoveryLoop, type DiscoveryDeps } from './devices/discovery-loop.ts';
import type { HidLoader, SerialLister } from './devices/discovery.ts';
import { INVENTORY_REFRESH_MS, InventoryRefresh } from './devices/inventory-refresh.ts';
import { InventoryTracker } from './devices/inventory-tracker.ts';
import { ScannerRegistry } from './devices/scanner-registry.ts';
import { Scanners } from './devices/scanners.ts';
import { Eligibility, type GatewayPort } from './eligibility/eligibility.ts';
import { GATEWAY_TALLY_FLUSH_MS, GatewayTally } from './eligibility/gateway-tally.ts';
import { eligibilityRoutes } from './eligibility/eligibility-routes.ts';
import { EventBus } from './events/event-bus.ts';
import { HealthMonitor } from './health/health-monitor.ts';
import { DiskSpaceWatch } from './health/disk-space.ts';
import { Access } from './http/access.ts';
import { removeOldRevocations, SessionStore } from './http/session-store.ts';
import { sessionAdminRoutes } from './http/session-admin-routes.ts';
import { dirname, join } from 'node:path';
import { buildApp, type RoutePlugin } from './http/app.ts';
import { counterRoutes } from './http/counter-routes.ts';
import { deskRoutes } from './http/desk-routes.ts';
import { LatestMessages } from './http/latest-messages.ts';
import type { SimulatorControl } from './http/simulator-routes.ts';
import { HubPush } from './hub-push/hub-push.ts';
import { PushStateRepo } from './hub-push/push-state-repo.ts';
import type { Logger } from './log.ts';
import { parseSearchInput } from './parse/index.ts';
import { duplicateRoutes } from './patients/duplicate-routes.ts';
import { Duplicates } from './patients/duplicates.ts';
import { PatientIndex } from './patients/patient-index.ts';
import { PatientLearning } from './patients/patient-learning.ts';
import { registrationRoutes } from './patients/registration-routes.ts';
import { Registrations } from './patients/registrations.ts';
import { RecentReads } from './pipeline/recent-reads.ts';
import { ScanPipeline } from './pipeline/scan-pipeline.ts';
import { localReportSource } from './reports/local-source.ts';
import { buildPhuLuc03, type PhuLuc03 } from './reports/phu-luc-03.ts';
import { ReportReminder } from './reports/report-reminder.ts';
import { reportRoutes } from './reports/report-routes.ts';
import { gatewayAccountConfigured, localPhuLuc02, type PhuLuc02 } from './reports/phu-luc-02.ts';
import { phuLuc02Routes } from './reports/phu-luc-02-routes.ts';
import { Queue } from './queue/queue.ts';
import { queueRoutes } from './queue/queue-routes.ts';
import { SubmissionStore } from './reports/submissions.ts';
import { Retention } from './retention/retention.ts';
import { SearchService } from './search/search-service.ts';
import { CountersRepo } from './storage/counters-repo.ts';
import { GatewayDailyRepo } from './storage/gateway-daily-repo.ts';
import { EligibilityRepo } from './storage/eligibility-repo.ts';
import { EventsRepo } from './storage/events-repo.ts';
import { IdentityLookup } from './storage/identity-lookup.ts';
import { InventoryHistoryRepo } from './storage/inventory-history-repo.ts';
import { EquipmentRepo } from './storage/equipment-repo.ts';
import { PRINTER_DETECT_EVERY_MS, PrinterDetector } from './devices/printer-detect.ts';
import { InventoryRepo } from './storage/inventory-repo.ts';
import type { Storage } from './storage/open-storage.ts';
import { sqlClientOf } from './storage/sql-client.ts';
import { StorageHealth } from './storage/storage-health.ts';
import { LostReads } from './storage/lost-reads.ts';
import { TlsReload, type TlsOptions } from './http/tls.ts';
import { httpTransport, servedUrls } from './http/served-urls.ts';
import type { HttpTransport } from './api/contract.ts';
import type { Server as HttpsServer } from 'node:https';
import { todayInVietnam } from './util/vietnam-time.ts';
import type { ChipReaderTransport } from '../../drivers/src/chip/chip-transport.ts';
import type { CscaStore } from './chip/csca-store.ts';
import { ChipVisits, type ChipVisit } from './chip/chip-visits.ts';
import { ChipReads } from './pipeline/chip-reads.ts';
import { requestFor } from './eligibility/eligibility-service.ts';
import { chipRoutes } from './pipeline/chip-routes.ts';
import { startAll, stopAll, type Feature } from './vocabulary/feature.ts';
import { placeResolver } from './vocabulary/place.ts';
import { StatusSignal } from './vocabulary/status-signal.ts';
import { HisWebhook } from './webhook/his-webhook.ts';
import { WebhookQueue } from './webhook/webhook-queue.ts';
import type { WebhookWorker } from './webhook/webhook-worker.ts';

/** What the composition root is given: configuration, the logger, storage already open, and the
 *  concrete parts wiring.ts chose (transports, the gateway client, simulators or not). */
export interface DaemonDeps {
  readonly config: Config;
  readonly log: Logger;
  /** Opened by the caller (wiring.ts: openStorage); closed by the daemon's stop(). */
  readonly storage: Storage;
  /** The gateway client itself: Eligibility puts the limiter, the account guard and the breaker in front. */
  readonly gateway: { readonly client: GatewayPort; readonly url: string; readonly simulated: boolean };
  readonly simulatedScanners: ReadonlyArray<{ readonly id: string; readonly desk: string; readonly transport: ScannerTransport }>;
  /** Chip readers (config chipReaders, and a simulated one in the embedded defaults), their transports made. */
  readonly chipReaders?: ReadonlyArray<{ readonly id: string; readonly desk: string; readonly simulated: boolean; readonly reader: ChipReaderTransport }>;
  /** The facility's CSCA bundle (chip.cscaFile), read and checked by wiring.ts; null: none installed. */
  readonly cscas?: CscaStore | null;
  /** null when no simulator runs (its HTTP routes then do not exist). */
  readonly simulators: SimulatorControl | null;
  readonly serialLister: SerialLister;
  readonly hidLoader: HidLoader;
  readonly openSerial: (spec: Omit<SerialScannerConfig, 'id' | 'desk'>, identity?: Record<string, string | undefined>) => ScannerTransport;
  readonly openHid: DiscoveryDeps['openHid'];
  /** The OS discovery acts for (keyboard-mode scanners are readable on Linux only); process.platform by default. */
  readonly platform?: NodeJS.Platform;
  /** The one clock every part is given; the system clock by default. */
  readonly now?: () => Date;
  /** Signs check-ins (XML0); null when check-in is off or sent unsigned. */
  readonly checkinSigner?: Xml0Signer | null;
  /** The server's certificate, read from config `tls` (wiring.ts); absent or null: plain HTTP. */
  readonly https?: TlsOptions | null;
}

export interface Daemon {
  readonly app: Awaited<ReturnType<typeof buildApp>>['app'];
  readonly devices: DeviceManager;
  readonly repo: EventsRepo;
  readonly eligibility: Eligibility['service'];
  /** The limiter, account guard and token keeper in front of the gateway (tests, benches, health). */
  readonly eligibilityParts: Eligibility;
  readonly bus: EventBus;
  readonly counters: CountersRepo;
  readonly inventory: InventoryTracker;
  readonly report: (from: string, to: string) => Promise<PhuLuc03>;
  readonly patients: PatientIndex;
  readonly registrations: Registrations;
  /** Present when his.webhookUrl is set. */
  readonly webhook: WebhookWorker | null;
  /** Runs the retention purge now (it also runs at start and hourly). */
  readonly purge: () => Promise<void>;
  /** Present when config.hub.url is set. */
  readonly hubPusher: HubPush['pusher'];
  readonly dbFile: string;
  /** The XML0 check-in (its worker, queue and health). */
  readonly checkin: Checkin;
  /** The lifecycle parts in start order (stop runs them in reverse). */
  readonly features: readonly Feature[];
  /** Starts every part and listens; resolves with the base URL. */
  start(): Promise<string>;
  /** Same as start() (kept for scripts written against earlier versions). */
  listen(): Promise<string>;
  stop(): Promise<void>;
}

/** The tables' readers and writers: plain objects over the open database, no lifecycle. */
function createStores(deps: DaemonDeps) {
  const { db } = deps.storage;
  return {
    events: new EventsRepo(db, deps.config.reports.outcomes),
    counters: new CountersRepo(db),
    gatewayDaily: new GatewayDailyRepo(db),
    eligibility: new EligibilityRepo(db),
    inventory: new InventoryRepo(db),
    equipment: new EquipmentRepo(db),
    inventoryHistory: new InventoryHistoryRepo(db),
    checkins: new CheckinRepo(db),
    webhook: new WebhookQueue(db),
    pushState: new PushStateRepo(db),
    submissions: new SubmissionStore(sqlClientOf(db)),
    audit: new AuditLog(db),
    scannerRegistry: new ScannerRegistry({ db, now: deps.now ?? (() => new Date()) }),
    identities: new IdentityLookup(db),
  };
}
type Stores = ReturnType<typeof createStores>;

/** Every part, each given only parts made above it, in three stages read top to bottom: the read
 *  path (devices to stored events and lookups), the patient's side (index, registrations, webhook,
 *  check-in), the site's upkeep (inventory, retention, hub, reminder, health, scanners). */
async function createParts(deps: DaemonDeps, stores: Stores) {
  const read = await readPath(deps, stores);
  const patient = patientSide(deps, stores, read);
  const phuLuc02 = phuLuc02Parts(deps.config, stores, read);
  return { ...read, ...patient, ...upkeep(deps, stores, read, patient, phuLuc02.push), reportPhuLuc02: phuLuc02.report };
}
type Parts = Awaited<ReturnType<typeof createParts>>;

async function readPath(deps: DaemonDeps, stores: Stores) {
  const { config, storage } = deps;
  const now = deps.now ?? ((): Date => new Date());
  const log = deps.log;
  const bus = new EventBus(log);
  const status = new StatusSignal();
  // Set just below: the device list asks it whether reads are being stored, and it tells the device
  // list when that changes.
  let storageHealth: StorageHealth | null = null;
  const devices = new DeviceManager({
    bus,
    log: log.child({ module: 'devices' }),
    initialCounters: await stores.events.totalsByDevice(),
    readsPerSecond: config.limits.readsPerSecondPerDevice,
    repeatWindowMs: (id) => repeatWindowOf(config.repeats, id),
    now: () => now().getTime(),
    storageProblem: () => (storageHealth && !storageHealth.status.ok ? storageHealth.status : null),
  });
  // A storage problem is shown on the device list and in health (both recomputed from the snapshot).
  const storageChanged = (): void => bus.emit('devices', devices.snapshot());
  const lost = new LostReads({ db: storage.db, onChange: storageChanged });
  await lost.load();
  storageHealth = new StorageHealth({
    log: log.child({ module: 'storage' }),
    now,
    retryForMs: config.storage.retryForMs,
    onChange: storageChanged,
    driver: storage.db.driver,
    lost: () => lost.status.count,
  });
  const latest = new LatestMessages(bus);
  // Every exchange with the gateway is counted here, below the limiter, guard and breaker (Phụ lục 2).
  const gatewayTally = new GatewayTally({
    facilityId: config.facility.id,
    simulated: deps.gateway.simulated,
    now,
    flushEveryMs: GATEWAY_TALLY_FLUSH_MS,
    write: (rows) => stores.gatewayDaily.add(rows),
    keep: storageHealth.keep,
    log,
  });
  const gateway = gatewayTally.wrap(deps.gateway.client);
  const eligibility = new Eligibility({
    gateway,
    simulated: deps.gateway.simulated,
    config,
    bus,
    log,
    now,
    events: stores.events,
    store: stores.eligibility,
    keep: storageHealth.keep,
    hashId: storage.hashId,
  });
  const recent = new RecentReads();
  const chipVisits = new ChipVisits({ keepMs: config.chip.portraitKeepMs, now: () => now().getTime() });
  const pipeline = new ScanPipeline({
    chipVisits,
    repo: stores.events,
    hashName: storage.hashName,
    devices,
    reads: devices,
    bus,
    hashId: storage.hashId,
    eligibility: eligibility.service,
    log: log.child({ module: 'pipeline' }),
    now,
    placeOf: placeResolver(config.facility),
    recent,
    storage: storageHealth,
    lost,
    shutdownGraceMs: config.storage.shutdownGraceMs,
  });
  const chipReads = new ChipReads({ devices, pipeline, visits: chipVisits, cscas: () => deps.cscas ?? null, requireConsent: config.chip.requireConsent });
  const parts = { now, bus, status, devices, storageHealth, lost, latest, gatewayTally, gateway, eligibility, recent, pipeline, chipVisits, chipReads };
  return { ...parts, ...searchParts(stores, storage, pipeline, now) };
}

/** The search box (typed identifiers), counted and stored through the pipeline like a scan, and the
 *  keyed hashes it finds patients by. */
function searchParts(stores: Stores, storage: Storage, pipeline: ScanPipeline, now: () => Date) {
  const { hashId, hashName } = storage;
  const today = (): string => todayInVietnam(now().getTime());
  const search = new SearchService({ pipeline, lookup: stores.identities, hashId, hashName, today });
  const check = (query: string): unknown => parseSearchInput(query, today());
  return { search, check, hashId, hashName };
}

function patientSide(deps: DaemonDeps, stores: Stores, read: Awaited<ReturnType<typeof readPath>>) {
  const { config, storage, log } = deps;
  const { now, bus, eligibility } = read;
  const index = new PatientIndex({ db: storage.db, hashId: storage.hashId, now, keep: read.storageHealth.keep });
  const registrations = new Registrations({ db: storage.db, events: stores.events, index, config, checkins: stores.checkins, webhook: stores.webhook, now });
  const webhook = new HisWebhook({ config, queue: stores.webhook, log, now, keep: read.storageHealth.keep });
  const duplicates = new Duplicates({
    db: storage.db,
    now,
    facilityId: config.facility.id,
    index,
    registrations,
    webhook: webhook.enabled ? stores.webhook : null,
  });
  const learning = new PatientLearning({
    bus,
    patients: index,
    eventOf: (id) => stores.events.stored(id),
    registrations,
    log: log.child({ module: 'patients' }),
    keep: read.storageHealth.keep,
  });
  const checkin = new Checkin({
    config,
    gateway: read.gateway,
    eligibility,
    repo: stores.checkins,
    registration: (id) => registrations.get(id),
    events: stores.events,
    signer: deps.checkinSigner ?? null,
    bus,
    log,
    now,
    keep: read.storageHealth.keep,
  });
  const queue = new Queue({
    db: storage.db,
    config: config.queue,
    departments: config.registration.departments,
    nameOf: async (eventId) => (await stores.events.stored(eventId))?.identity?.name ?? null,
    publish: (board) => bus.emit('queue', board),
    onError: (err) => log.warn({ module: 'queue', err: String(err) }, 'queue board not sent'),
    now,
  });
  return { index, registrations, webhook, duplicates, learning, checkin, queue };
}

/** Phụ lục 2: the site's report (what was counted in memory is written first, so it includes the last
 *  lookups) and what the hub push carries of it. */
function phuLuc02Parts(config: Config, stores: Stores, read: Awaited<ReturnType<typeof readPath>>) {
  return {
    report: async (periods: readonly { from: string; to: string }[]): Promise<PhuLuc02> => {
      await read.gatewayTally.flush();
      return localPhuLuc02(config, (from, to) => stores.gatewayDaily.totals(from, to), periods, read.now());
    },
    push: {
      account: gatewayAccountConfigured(config.gateway),
      kind: config.facility.kind ?? 'hospital',
      days: (from: string, to: string) => stores.gatewayDaily.dayTotals(from, to),
    },
  } as const;
}

/** The site's inventory and counters as its reports read them, with the desk equipment (#29): the
 *  spooler is asked rarely, in the background; the internet link is what the gateway showed. */
function siteSource(deps: DaemonDeps, stores: Stores, read: Awaited<ReturnType<typeof readPath>>) {
  const { now } = read;
  const printers = new PrinterDetector({ platform: deps.platform ?? process.platform, now, everyMs: PRINTER_DETECT_EVERY_MS });
  return localReportSource({
    config: deps.config,
    counters: stores.counters,
    inventory: stores.inventory,
    history: stores.inventoryHistory,
    equipment: stores.equipment,
    sensed: { internet: () => read.gatewayTally.internet(), printers: () => printers.current() },
    now,
  });
}

/** Simulated chip readers are simulated devices too: the banner and health name them with the scanners. */
function simulatedDeviceIds(deps: DaemonDeps): string[] {
  return [...deps.simulatedScanners.map((s) => s.id), ...(deps.chipReaders ?? []).filter((c) => c.simulated).map((c) => c.id)];
}

function upkeep(
  deps: DaemonDeps,
  stores: Stores,
  read: Awaited<ReturnType<typeof readPath>>,
  patient: ReturnType<typeof patientSide>,
  gateway: ReturnType<typeof phuLuc02Parts>['push'],
) {
  // How the LAN reaches the daemon; its URLs are set again once it listens (port 0: the port it got).
  const transport = { status: transportOf(deps, deps.config.port) };
  const { config, storage, log } = deps;
  const { now, bus, status, devices, storageHealth, eligibility } = read;
  const { index, checkin } = patient;
  const tracker = new InventoryTracker({ repo: stores.inventory, log: log.child({ module: 'inventory' }), now, refreshMs: INVENTORY_REFRESH_MS });
  const source = siteSource(deps, stores, read);
  const inventory = new InventoryRefresh({ bus, devices, tracker, log, snapshot: () => source.snapshot() });
  const retention = new Retention({
    config,
    db: storage.db,
    events: stores.events,
    eligibility: stores.eligibility,
    webhook: stores.webhook,
    patients: index,
    now,
    log,
    afterPurge: () => storage.recheckFiles(),
    status,
  });
  const hubPush = new HubPush({ config: config.hub, counters: stores.counters, source, state: stores.pushState, now, log, status, gateway });
  const reminder = new ReportReminder({
    submissions: stores.submissions,
    firstDay: () => stores.counters.firstDay(),
    periods: config.reports,
    enabled: !config.hub.url,
    now,
    log,
    status,
  });
  const { discovery, scanners } = readers(deps, stores, devices);
  const disk = new DiskSpaceWatch({
    dataDir: config.dataDir,
    warnFreeMb: config.storage.warnFreeMb,
    everyMs: config.storage.diskCheckMs,
    onChange: () => status.changed('disk'),
  });
  const health = new HealthMonitor({
    bus,
    status,
    devices,
    storage: storageHealth,
    disk,
    files: storage,
    discovery,
    hub: hubPush,
    simulated: { scanners: simulatedDeviceIds(deps), gateway: deps.gateway.simulated },
    gatewayUrl: deps.gateway.url,
    http: transport,
    eligibility,
    reminder,
    checkin,
  });
  const report = async (from: string, to: string): Promise<PhuLuc03> => ({
    ...(await buildPhuLuc03(source, { from, to, cumulativeSince: config.reports.cumulativeSince, periodConfig: config.reports, now: now() })),
    waitingTimes: await patient.queue.waitingTimes(from, to),
    priorityVisits: await patient.queue.priorityVisits(from, to),
  });
  const audit = auditView(stores.audit, now, log, storageHealth.keep);
  return { tracker, source, inventory, retention, hubPush, reminder, discovery, health, scanners, report, audit, disk, transport };
}

/** The readers: discovery of scanners, and the feature attaching the configured, simulated and found
 *  scanners and the chip readers. */
function readers(deps: DaemonDeps, stores: Stores, devices: DeviceManager) {
  const { config, log } = deps;
  const discovery = new DiscoveryLoop({
    config,
    devices,
    log: log.child({ module: 'discovery' }),
    serialLister: deps.serialLister,
    hidLoader: deps.hidLoader,
    openSerial: deps.openSerial,
    openHid: deps.openHid,
    registry: stores.scannerRegistry,
    ...(deps.platform ? { platform: deps.platform } : {}),
  });
  const chipReaders = deps.chipReaders ?? [];
  const scanners = new Scanners({
    devices,
    discovery,
    simulated: deps.simulatedScanners,
    configured: config.scanners,
    openSerial: deps.openSerial,
    chipReaders,
  });
  return { discovery, scanners };
}

function transportOf(deps: DaemonDeps, port: number): HttpTransport {
  const tls = Boolean(deps.https);
  const { host, http } = deps.config;
  return httpTransport({ host, tls, plainLan: http.plainLan, urls: servedUrls(host, port, tls) });
}

/** What starts, in this order (what listens to the bus before what produces reads; HTTP last); stop
 *  runs it in reverse. */
function lifecycle(p: Parts, http: Feature, tls: readonly Feature[]): Feature[] {
  return [
    p.gatewayTally,
    p.latest,
    p.learning,
    p.inventory,
    p.eligibility,
    p.checkin,
    p.retention,
    p.webhook,
    p.hubPush,
    p.reminder,
    p.health,
    p.disk,
    p.pipeline,
    p.chipReads,
    p.scanners,
    ...tls,
    http,
  ];
}

export async function createDaemon(deps: DaemonDeps): Promise<Daemon> {
  const { config, log, storage } = deps;
  const stores = createStores(deps);
  const p = await createParts(deps, stores);
  const sessionLog = log.child({ module: 'sessions' });
  const sessions = new SessionStore({
    db: storage.db,
    keep: p.storageHealth.keep,
    now: () => p.now().getTime(),
    idleMs: config.auth.sessionIdleMinutes * 60_000,
    log: sessionLog,
  });
  const access = await Access.create(
    {
      tokens: config.auth.tokens,
      sessionKey: storage.sessionKey,
      sessionHours: config.auth.sessionHours,
      now: () => p.now().getTime(),
      sessions,
      secureCookies: Boolean(deps.https),
    },
    sessionLog,
  );
  await removeOldRevocations(join(dirname(storage.dbFile), 'revoked-sessions.json'), sessionLog);
  const { app } = await buildApp({
    bus: p.bus,
    log,
    host: config.host,
    http: { ...config.http, maxConnections: ['127.0.0.1', '::1', 'localhost'].includes(config.host) ? null : config.http.maxConnections },
    access,
    devices: () => p.devices.snapshot(),
    health: () => p.health.report(),
    pendingVerifications: () => p.eligibility.service.pending(),
    latest: p.latest.current,
    queueBoard: (department) => p.queue.board(department),
    simulators: deps.simulators,
    countRejected: p.health.countRejected,
    routes: [...siteRoutes(config, stores, p), (app) => sessionAdminRoutes(app, { access, audit: p.audit })],
    https: deps.https ?? null,
  });
  const http: Feature = { name: 'http', stop: async () => void (await app.close()) };
  // A renewed certificate is served without a restart (http/tls.ts).
  const reload = config.tls && deps.https ? [new TlsReload({ config: config.tls, server: () => app.server as unknown as HttpsServer, log })] : [];
  const features = lifecycle(p, http, reload);
  let url: Promise<string> | null = null;
  const start = (): Promise<string> =>
    (url ??= startAll(features, log)
      .then(() => app.listen({ host: config.host, port: config.port }))
      .then((listening) => {
        p.transport.status = transportOf(deps, Number(new URL(listening).port));
        return listening;
      }));
  return {
    app,
    devices: p.devices,
    repo: stores.events,
    eligibility: p.eligibility.service,
    eligibilityParts: p.eligibility,
    bus: p.bus,
    counters: stores.counters,
    inventory: p.tracker,
    report: p.report,
    patients: p.index,
    registrations: p.registrations,
    webhook: p.webhook.worker,
    purge: async () => void (await p.retention.purge()),
    hubPusher: p.hubPush.pusher,
    dbFile: storage.dbFile,
    checkin: p.checkin,
    features,
    start,
    listen: start,
    async stop() {
      await stopAll(features, log);
      await storage.db.close();
    },
  };
}

/** The site's routes, each a Fastify plugin of its capability closing over what it needs. */
/** A chip read the patient consented to: its identity stored, its lookup written ahead and started,
 *  and the read announced again to the desk, now with the identity. */
async function releaseConsented(p: Parts, stores: Stores, visit: Readonly<ChipVisit>): Promise<void> {
  const { identity, message } = visit;
  const ref = { eventId: message.eventId, deviceId: visit.deviceId, desk: visit.desk };
  const idHash = identity.id ? p.hashId(identity.id) : null;
  await p.storageHealth.keep('consented read', () => stores.events.setIdentity(ref.eventId, JSON.stringify(identity), idHash, p.hashName(identity.name)));
  await p.storageHealth.keep('consented lookup', () => stores.eligibility.writeAheadOne(ref, requestFor(identity), p.now()));
  p.eligibility.service.checkInBackground(ref, identity);
  p.bus.emit('scan', { ...message, ...(message.chip ? { chip: { ...message.chip, consent: 'given' as const } } : {}) });
}

function siteRoutes(config: Config, stores: Stores, p: Parts): RoutePlugin[] {
  const desks = new Set(config.facility.stations.flatMap((st) => st.desks));
  const eventOf = (id: number): ReturnType<EventsRepo['stored']> => stores.events.stored(id);
  const countRejected = p.health.countRejected;
  return [
    (app) =>
      deskRoutes(app, {
        search: (req) => p.search.search(req),
        check: p.check,
        camera: (desk, bytes, actor) => p.pipeline.onCamera(desk, bytes, actor),
        recent: p.recent,
        setTestMode: (id, on) => p.devices.setTestMode(id, on),
        searchesPerMinute: config.limits.searchesPerMinute,
        cameraPerMinute: config.limits.cameraPerMinute,
        desks,
        countRejected,
      }),
    (app) =>
      eligibilityRoutes(app, {
        eventOf,
        historyOf: (id) => stores.eligibility.historyGet(id),
        unanswered: (limit) => stores.events.unanswered(limit),
        resume: () => p.eligibility.service.resume(),
        audit: p.audit,
        fhirSystems: config.fhir.systems,
      }),
    (app) =>
      registrationRoutes(app, {
        config,
        registrations: p.registrations,
        index: p.index,
        eventOf,
        webhookBody: (reg, identity) => p.webhook.body(reg, identity),
        audit: p.audit,
      }),
    (app) => duplicateRoutes(app, { duplicates: p.duplicates, audit: p.audit }),
    (app) =>
      chipRoutes(app, {
        visits: p.chipVisits,
        audit: p.audit,
        hashId: p.hashId,
        consented: (visit) => releaseConsented(p, stores, visit),
      }),
    (app) => deviceDeskRoutes(app, { registry: stores.scannerRegistry, devices: p.devices, desks, audit: p.audit }),
    (app) => lostReadsRoutes(app, { lost: p.lost, now: p.now, audit: p.audit }),
    (app) =>
      reportRoutes(app, {
        build: p.report,
        now: p.now,
        periods: config.reports,
        submissions: stores.submissions,
        callerId: (req) => req.caller?.id ?? 'local',
        firstDay: () => stores.counters.firstDay(),
        onSubmitted: () => p.reminder.refresh(),
      }),
    (app) => phuLuc02Routes(app, { build: p.reportPhuLuc02, now: p.now, periods: config.reports }),
    (app) => auditRoutes(app, { audit: stores.audit, now: p.now }),
    (app) => queueRoutes(app, { queue: p.queue, now: p.now }),
    (app) => checkinRoutes(app, { rejected: (n) => stores.checkins.rejected(n), resend: p.checkin.service?.resend.bind(p.checkin.service) ?? null }),
    (app) =>
      counterRoutes(app, {
        counters: stores.counters,
        inventory: stores.inventory,
        equipment: stores.equipment,
        stations: config.facility.stations.map((s) => s.id),
        audit: p.audit,
        source: p.source,
        cumulativeSince: config.reports.cumulativeSince,
        now: p.now,
        onInventoryChange: () => p.bus.emit('devices', p.devices.snapshot()),
      }),
  ];
}
