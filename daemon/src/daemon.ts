// Composition root: createDaemon(deps) wires storage, devices, pipeline, eligibility and HTTP from
// injected parts. Nothing here knows whether a scanner or the gateway is simulated: `wiring.ts`
// decides that and passes plain transports and a plain gateway client.

import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ScannerTransport } from '../../drivers/src/transport.ts';
import type { EligibilityMessage, IdentityView, ScanMessage } from './api/contract.ts';
import type { Config, SerialScannerConfig } from './config/schema.ts';
import { DeviceManager } from './devices/device-manager.ts';
import { DiscoveryLoop, type DiscoveryDeps } from './devices/discovery-loop.ts';
import type { HidLoader, SerialLister } from './devices/discovery.ts';
import { EligibilityService, type EligibilityChecker } from './eligibility/eligibility-service.ts';
import { EventBus } from './events/event-bus.ts';
import { buildApp, type HealthReport, type SimulatorControl } from './http/app.ts';
import type { Logger } from './log.ts';
import { ScanPipeline } from './pipeline/scan-pipeline.ts';
import { Db } from './storage/db.ts';
import { EligibilityRepo } from './storage/eligibility-repo.ts';
import { EventsRepo } from './storage/events-repo.ts';
import { loadIdHasher } from './storage/id-hash.ts';
import { checkDataDir, prepareDataDir, type DataDirStatus } from './storage/data-dir.ts';
import { loadOrCreateKey } from './storage/key-file.ts';
import { nameKey } from './parse/name-key.ts';
import { migrate } from './storage/migrations.ts';
import { CountersRepo } from './storage/counters-repo.ts';
import { InventoryRepo } from './storage/inventory-repo.ts';
import { InventoryTracker } from './devices/inventory-tracker.ts';
import { registerCounterRoutes } from './http/counter-routes.ts';
import { registerReportRoutes } from './http/report-routes.ts';
import { localReportSource } from './reports/local-source.ts';
import { buildPhuLuc03, type PhuLuc03 } from './reports/phu-luc-03.ts';
import { placeResolver } from './reports/place.ts';
import { repeat } from './util/repeat.ts';
import { registerDeskRoutes } from './http/desk-routes.ts';
import { Access, type AuditView } from './http/access.ts';
import { registerAuditRoutes } from './http/audit-routes.ts';
import { PrivacyRepo } from './storage/privacy-repo.ts';
import { StorageHealth } from './storage/storage-health.ts';
import { PatientIndex } from './patients/patient-index.ts';
import { Registrations, type Registration } from './patients/registrations.ts';
import { sightingOfEligibility, sightingOfIdentity } from './patients/sightings.ts';
import { WebhookWorker } from './patients/webhook-worker.ts';
import { registerRegistrationRoutes } from './http/registration-routes.ts';
import { registrationBundle } from './eligibility/fhir.ts';
import { RecentReads } from './pipeline/recent-reads.ts';
import { SearchService } from './search/search-service.ts';
import { IdentityLookup } from './storage/identity-lookup.ts';
import { parseSearchInput, todayInVietnam } from './parse/index.ts';
import { SitePusher } from './hub/site-pusher.ts';
import { PushStateRepo } from './storage/push-state-repo.ts';

// A scanner that stays online without changing state still needs "last online" refreshed now and then:
// the report calls a scanner not working after days offline, not minutes.
const INVENTORY_REFRESH_MS = 10 * 60_000;
const PURGE_INTERVAL_MS = 3600_000;

export interface DaemonDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly gateway: { readonly client: EligibilityChecker; readonly url: string; readonly simulated: boolean };
  readonly simulatedScanners: ReadonlyArray<{ readonly id: string; readonly desk: string; readonly transport: ScannerTransport }>;
  /** null when no simulator runs (its HTTP routes then do not exist). */
  readonly simulators: SimulatorControl | null;
  readonly serialLister: SerialLister;
  readonly hidLoader: HidLoader;
  readonly openSerial: (spec: Omit<SerialScannerConfig, 'id' | 'desk'>, identity?: Record<string, string | undefined>) => ScannerTransport;
  readonly openHid: DiscoveryDeps['openHid'];
  readonly now?: () => Date;
}

export interface Daemon {
  readonly app: FastifyInstance;
  readonly devices: DeviceManager;
  readonly repo: EventsRepo;
  readonly eligibility: EligibilityService;
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
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  stop(): Promise<void>;
}

export async function createDaemon(deps: DaemonDeps): Promise<Daemon> {
  const { config, log } = deps;
  const now = deps.now ?? (() => new Date());
  const dataDir = resolve(config.dataDir);
  const { dbExisted } = await prepareDataDir(dataDir, 'tiepnhan.sqlite');
  // Keys first: a missing key beside an existing database stops the start before anything is written.
  const hashId = await loadIdHasher(dataDir, { mayCreate: !dbExisted });
  const sessionKey = await loadOrCreateKey(join(dataDir, 'session.key'), { mayCreate: true, what: { vi: 'phiên đăng nhập trang', en: 'page session' } });
  const dbFile = join(dataDir, 'tiepnhan.sqlite');
  const db = await Db.open(dbFile, { busyTimeoutMs: config.storage.busyTimeoutMs, synchronous: config.storage.synchronous });
  await migrate(db);
  let files: DataDirStatus = await checkDataDir(dataDir);
  if (!files.ok) log.warn({ loose: files.loose }, files.en!);
  const repo = new EventsRepo(db);
  const hashName = (name: string): string => hashId(`name:${nameKey(name)}`);
  await repo.backfillNameHashes(hashName);
  const placeOf = placeResolver(config.facility);
  const counters = new CountersRepo(db);
  await counters.placeUnplaced(config.facility.id, (desk) => placeOf(desk).stationId);
  const inventoryRepo = new InventoryRepo(db);
  const privacy = new PrivacyRepo(db);
  const patients = new PatientIndex({ db, hashId, now });
  const registrations = new Registrations({ db, events: repo, index: patients, config, now });
  const webhookUrl = config.his.webhookUrl;
  const webhook = webhookUrl ? new WebhookWorker({ db, config: { ...config.his, webhookUrl }, log: log.child({ module: 'his-webhook' }), now }) : null;
  const eventOf = (eventId: number) => repo.stored(eventId);
  const webhookBody = (reg: Registration, identity: IdentityView): string | null =>
    webhookUrl ? JSON.stringify({ type: 'registration', facility: { id: config.facility.id, name: config.facility.name }, registration: reg, patient: identity, fhir: registrationBundle(reg.patientId, identity, null) }) : null;
  const inventory = new InventoryTracker({ repo: inventoryRepo, log: log.child({ module: 'inventory' }), now, refreshMs: INVENTORY_REFRESH_MS });
  const source = localReportSource({ config, counters, inventory: inventoryRepo, now });
  const hubUrl = config.hub.url;
  const hubPusher = hubUrl
    ? new SitePusher({ config: { ...config.hub, url: hubUrl }, counters, source, state: new PushStateRepo(db), log: log.child({ module: 'hub-push' }), now })
    : null;
  let hubStatus: HealthReport['hub'] = hubUrl ? { url: hubUrl, ok: null, lastAttempt: null, error: null } : null;
  const report = (from: string, to: string): Promise<PhuLuc03> => buildPhuLuc03(source, { from, to, cumulativeSince: config.reports.cumulativeSince, now: now() });
  const bus = new EventBus(log);
  const { retryBaseMs, retryMaxMs, pollMs } = config.eligibility;
  const eligibility = new EligibilityService({
    client: deps.gateway.client,
    simulated: deps.gateway.simulated,
    events: repo,
    store: new EligibilityRepo(db),
    hashId,
    bus,
    log: log.child({ module: 'eligibility' }),
    now,
    retry: { baseMs: retryBaseMs, maxMs: retryMaxMs, pollMs },
  });

  let pipeline: ScanPipeline | null = null;
  const devices = new DeviceManager({
    bus,
    log: log.child({ module: 'devices' }),
    initialCounters: await repo.totalsByDevice(),
    readsPerSecond: config.limits.readsPerSecondPerDevice,
    onRead: (device, read) => pipeline!.onRead(device, read),
  });
  const recentReads = new RecentReads();
  const storage = new StorageHealth({ log: log.child({ module: 'storage' }), now, retryForMs: config.storage.retryForMs, onChange: () => bus.emit('devices', devices.snapshot()) });
  const scanPipeline = new ScanPipeline({ repo, hashName, devices, bus, hashId, eligibility, log: log.child({ module: 'pipeline' }), now, placeOf, recent: recentReads, storage });
  pipeline = scanPipeline;
  const search = new SearchService({ pipeline: scanPipeline, lookup: new IdentityLookup(db), hashId, hashName, today: () => todayInVietnam(now().getTime()) });
  bus.on('devices', (d) => inventory.observe(d));
  // The patient index learns from every identified read and every card code the gateway returns,
  // after the kiosk has been told, in batches (it never delays a scan's commit).
  const indexLog = log.child({ module: 'patients' });
  const indexFailed = (err: Error): void => indexLog.error({ err: err.message }, 'patient index update failed');
  bus.on('scan', (m) => m.identity && patients.enqueue(sightingOfIdentity(m.identity), indexFailed));
  bus.on('eligibility', (m) =>
    void eventOf(m.eventId)
      .then((ev) => {
        const sighting = ev?.identity ? sightingOfEligibility(m, ev.identity) : null;
        if (sighting) patients.enqueue(sighting, indexFailed);
      })
      .catch(indexFailed),
  );

  const recent: { scan: ScanMessage | null; eligibility: EligibilityMessage | null } = { scan: null, eligibility: null };
  bus.on('scan', (m) => {
    recent.scan = m;
  });
  bus.on('eligibility', (m) => {
    recent.eligibility = m;
  });

  const discovery = new DiscoveryLoop({ config, devices, log: log.child({ module: 'discovery' }), serialLister: deps.serialLister, hidLoader: deps.hidLoader, openSerial: deps.openSerial, openHid: deps.openHid });
  const rejected = new Map<string, number>();
  const countRejected = (code: string): void => void rejected.set(code, (rejected.get(code) ?? 0) + 1);
  const health = (): HealthReport => ({
    status: devices.snapshot().some((d) => d.power === 'offline' || d.health.level === 'error') || !storage.status.ok || !files.ok ? 'degraded' : 'ok',
    storage: storage.status,
    files,
    simulated: { scanners: deps.simulatedScanners.map((s) => s.id), gateway: deps.gateway.simulated },
    gateway: { url: deps.gateway.url },
    hid: discovery.status.hid,
    serialDiscovery: discovery.status.serial,
    hub: hubStatus,
    rejectedRequests: Object.fromEntries(rejected),
  });

  const audit: AuditView = (caller, e) => {
    void privacy
      .audit({ at: now(), actor: caller?.id ?? 'local', desk: e.desk, action: e.action, eventId: e.eventId, idHash: e.idHash, outcome: 'shown', subject: e.subject ?? null })
      .catch((err: Error) => log.error({ err: err.message }, 'audit write failed'));
  };
  const beyondLoopback = !['127.0.0.1', '::1', 'localhost'].includes(config.host);
  const { app } = await buildApp({
    bus,
    log,
    host: config.host,
    http: { ...config.http, maxConnections: beyondLoopback ? config.http.maxConnections : null },
    devices: () => devices.snapshot(),
    health,
    recent: () => recent,
    simulators: deps.simulators,
    pendingVerifications: () => eligibility.pending(),
    eventOf,
    access: new Access({ tokens: config.auth.tokens, sessionKey, sessionHours: config.auth.sessionHours, now: () => now().getTime() }),
    audit,
    countRejected,
    routes: [
      (a) =>
        registerDeskRoutes(a, {
          search: (req) => search.search(req),
          check: (query) => parseSearchInput(query, todayInVietnam(now().getTime())),
          camera: (desk, bytes, actor) => scanPipeline.onCamera(desk, bytes, actor),
          recent: recentReads,
          setTestMode: (id, on) => devices.setTestMode(id, on),
          searchesPerMinute: config.limits.searchesPerMinute,
          cameraPerMinute: config.limits.cameraPerMinute,
          desks: new Set(config.facility.stations.flatMap((st) => st.desks)),
          countRejected,
        }),
      (a) => registerReportRoutes(a, { build: report, now }),
      (a) => registerAuditRoutes(a, { privacy, now }),
      (a) => registerRegistrationRoutes(a, { config, registrations, index: patients, eventOf, webhookBody, audit }),
      (a) =>
        registerCounterRoutes(a, {
          counters,
          inventory: inventoryRepo,
          source,
          cumulativeSince: config.reports.cumulativeSince,
          now,
          onInventoryChange: () => bus.emit('devices', devices.snapshot()),
        }),
    ],
  });

  for (const s of deps.simulatedScanners) await devices.add({ id: s.id, desk: s.desk, simulated: true, transport: s.transport });
  for (const s of config.scanners) {
    const { id, desk, ...spec } = s;
    await devices.add({ id, desk, simulated: false, transport: deps.openSerial(spec) });
  }

  await discovery.runOnce();
  discovery.start();
  eligibility.start();
  inventory.observe(devices.snapshot());
  const inventoryRefresh = repeat(
    async () => inventory.observe(devices.snapshot()),
    () => INVENTORY_REFRESH_MS,
    (err) => log.error({ err: err.message }, 'inventory refresh failed'),
  );
  // Patient details are erased after the retention period; events, counters and the audit log stay.
  // secure_delete zeroes the erased cells; the checkpoint then rewrites the pages and truncates the WAL,
  // where the old values would otherwise linger until the next checkpoint.
  const purge = async (): Promise<void> => {
    const cutoff = new Date(now().getTime() - config.privacy.retentionDays * 86_400_000);
    const r = { ...(await privacy.purgeBefore(cutoff, now())), patients: await patients.purgeBefore(cutoff) };
    await db.checkpoint();
    files = await checkDataDir(dataDir);
    if (r.events + r.cacheEntries + r.pendingChecks + r.patients + r.undeliveredWebhooks > 0) log.info({ ...r, retentionDays: config.privacy.retentionDays }, 'patient details past retention erased');
  };
  await purge();
  webhook?.start();
  const purgeLoop = repeat(purge, () => PURGE_INTERVAL_MS, (err) => log.error({ err: err.message }, 'retention purge failed'));
  const hubPush = hubPusher
    ? repeat(
        async () => {
          const r = await hubPusher.pushOnce();
          hubStatus = { url: hubUrl!, ok: r.ok, lastAttempt: now().toISOString(), error: r.error ?? null };
        },
        () => config.hub.intervalMs,
        (err) => log.error({ err: err.message }, 'hub push crashed'),
      )
    : null;

  return {
    app,
    devices,
    repo,
    eligibility,
    counters,
    inventory,
    report,
    hubPusher,
    privacy,
    purge,
    patients,
    registrations,
    webhook,
    dbFile,
    async listen() {
      return app.listen({ host: config.host, port: config.port });
    },
    async stop() {
      discovery.stop();
      eligibility.stop();
      await Promise.all([inventoryRefresh.stop(), hubPush?.stop(), purgeLoop.stop(), webhook?.stop()]);
      await devices.close();
      await app.close();
      await eligibility.settle();
      await inventory.settle();
      await patients.settle();
      await db.close();
    },
  };
}
