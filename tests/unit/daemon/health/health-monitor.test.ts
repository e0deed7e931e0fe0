// The daemon's health as the technician's page and the hospital's monitoring see it (GET /api/health,
// socket.io `health`): "degraded" whenever a reader is offline or failing, storage or the data folder
// is in trouble, the lookup account is blocked or the check-in certificate has expired; each part's
// own text in Vietnamese and English; refused requests counted by code. It is pushed to the pages
// when something they show changes, not for every call counted, and no more once stopped.

import t from 'tap';
import type { CheckinHealth, DataDirStatus, DeviceView, EligibilityHealth, HealthReport, StorageStatus } from '../../../../daemon/src/api/contract.ts';
import { DEVICE_TEXT } from '../../../../daemon/src/devices/device-messages.ts';
import type { DiscoveryStatus } from '../../../../daemon/src/devices/discovery-loop.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { diskSpaceStatus } from '../../../../daemon/src/health/disk-space.ts';
import { HealthMonitor } from '../../../../daemon/src/health/health-monitor.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { STORAGE_TEXT } from '../../../../daemon/src/storage/storage-messages.ts';
import { StatusSignal } from '../../../../daemon/src/vocabulary/status-signal.ts';

/** The monitor reads a device's power and health level only. */
const device = (id: string, power: DeviceView['power'], level: DeviceView['health']['level']): DeviceView =>
  ({ id, power, health: { level, vi: `${id} vi`, en: `${id} en` } }) as DeviceView;

const OK_STORAGE: StorageStatus = { ok: true, code: null, ...STORAGE_TEXT.databaseOk, since: null, lost: 0 };
const OK_ACCOUNT: EligibilityHealth = {
  state: 'ok',
  since: null,
  vi: 'Tài khoản tra cứu hoạt động.',
  en: 'The lookup account works.',
  action: null,
  pending: 0,
  unanswered: 0,
  calls: 0,
  cacheHits: 0,
  tokenExpiresAt: null,
};
const CHECKIN: CheckinHealth = {
  enabled: true,
  resource: '/api/qd130/checkInKcbQd4750',
  signer: 'file',
  certificate: { subject: 'CN=bv-01001', validTo: '2026-12-31T00:00:00.000Z', daysLeft: 200 },
  warning: null,
  queued: 0,
  accepted: 0,
  rejected: 0,
  skipped: 0,
};

const HTTPS: HealthReport['http'] = {
  ok: true,
  tls: true,
  plainLan: false,
  urls: ['https://127.0.0.1:7300', 'https://10.0.0.5:7300'],
  vi: 'HTTPS',
  en: 'HTTPS',
};

function rig() {
  const bus = new EventBus(createLogger('silent'));
  const status = new StatusSignal();
  const s = {
    devices: [device('s-1', 'online', 'ok')],
    storage: OK_STORAGE,
    disk: diskSpaceStatus('/srv/tiepnhan/data', 20_000 * 1024 ** 2, 100_000 * 1024 ** 2, 500),
    files: { ok: true } as DataDirStatus,
    discovery: { hid: { available: true, ...DEVICE_TEXT.hidWorks }, serial: { available: true, ...DEVICE_TEXT.serialWorks } } as DiscoveryStatus,
    hub: null as HealthReport['hub'],
    eligibility: OK_ACCOUNT,
    reportDue: null as HealthReport['reportDue'],
    checkin: CHECKIN,
  };
  const monitor = new HealthMonitor({
    bus,
    status,
    devices: { snapshot: () => s.devices },
    storage: {
      get status() {
        return s.storage;
      },
    },
    disk: {
      get status() {
        return s.disk;
      },
    },
    files: { files: () => s.files },
    discovery: {
      get status() {
        return s.discovery;
      },
    },
    hub: {
      get status() {
        return s.hub;
      },
    },
    simulated: { scanners: ['sim-1'], gateway: true },
    gatewayUrl: 'http://127.0.0.1:7301',
    http: { status: HTTPS },
    eligibility: { health: () => s.eligibility },
    reminder: { current: () => s.reportDue },
    checkin: { health: () => s.checkin },
  });
  const pushed: HealthReport[] = [];
  bus.on('health', (h) => void pushed.push(h));
  return { bus, status, s, monitor, pushed };
}

t.test('the report gathers every part, each with its own words in Vietnamese and English', async (t) => {
  const r = rig();
  r.s.hub = { url: 'https://hub.binhson.vn', ok: false, lastAttempt: '2026-03-02T01:30:00.000Z', error: 'HTTP 503: hub down' };
  r.s.reportDue = { from: '2026-02-10', to: '2026-03-09', submitBy: '2026-03-12', overdue: false };
  t.same(r.monitor.report(), {
    status: 'ok',
    storage: OK_STORAGE,
    disk: { ok: true, folder: '/srv/tiepnhan/data', freeMb: 20000, totalMb: 100000, warnBelowMb: 500, vi: 'Còn 20000 MB trống.', en: '20000 MB free.' },
    files: { ok: true },
    simulated: { scanners: ['sim-1'], gateway: true },
    gateway: { url: 'http://127.0.0.1:7301' },
    http: HTTPS,
    hid: { available: true, vi: 'Đọc HID hoạt động.', en: 'HID access works.' },
    serialDiscovery: { available: true, vi: 'Dò cổng COM hoạt động.', en: 'Serial discovery works.' },
    hub: r.s.hub,
    rejectedRequests: {},
    eligibility: OK_ACCOUNT,
    reportDue: r.s.reportDue,
    checkin: CHECKIN,
  });
  t.equal(r.monitor.report().status, 'ok', 'a failing hub push or a report due does not make the site degraded');
});

t.test('what makes the site degraded, and what does not', async (t) => {
  const cases: Array<[string, (s: ReturnType<typeof rig>['s']) => void, 'ok' | 'degraded']> = [
    ['a reader offline', (s) => (s.devices = [device('s-1', 'online', 'ok'), device('s-2', 'offline', 'ok')]), 'degraded'],
    ['a reader in error', (s) => (s.devices = [device('s-1', 'online', 'error')]), 'degraded'],
    ['a reader with a warning', (s) => (s.devices = [device('s-1', 'online', 'warning')]), 'ok'],
    ['a reader switched off at shutdown', (s) => (s.devices = [device('s-1', 'off', 'ok')]), 'ok'],
    ['no reader at all', (s) => (s.devices = []), 'ok'],
    [
      'the disk is full',
      (s) => (s.storage = { ...OK_STORAGE, ok: false, code: 'SQLITE_FULL', ...STORAGE_TEXT.diskFull, since: '2026-03-02T01:30:00.000Z' }),
      'degraded',
    ],
    ['reads lost while the disk was full, not acknowledged yet', (s) => (s.storage = { ...OK_STORAGE, ...STORAGE_TEXT.readsLost(2), lost: 2 }), 'degraded'],
    [
      'the data folder readable by others',
      (s) =>
        (s.files = { ok: false, code: 'DATA_PERMISSIONS', ...STORAGE_TEXT.dataDirLoose(['tiepnhan.sqlite'], '/var/lib/tiepnhan'), loose: ['tiepnhan.sqlite'] }),
      'degraded',
    ],
    ['the data folder’s disk nearly full', (s) => (s.disk = diskSpaceStatus('/srv/tiepnhan/data', 300 * 1024 ** 2, 100_000 * 1024 ** 2, 500)), 'degraded'],
    ['the lookup account on the restricted list', (s) => (s.eligibility = { ...OK_ACCOUNT, state: 'restricted' }), 'degraded'],
    ['the lookup account refused', (s) => (s.eligibility = { ...OK_ACCOUNT, state: 'credentials' }), 'degraded'],
    ['lookups waiting and given up', (s) => (s.eligibility = { ...OK_ACCOUNT, pending: 12, unanswered: 3 }), 'ok'],
    ['the check-in certificate expired yesterday', (s) => (s.checkin = { ...CHECKIN, certificate: { ...CHECKIN.certificate!, daysLeft: -1 } }), 'degraded'],
    ['the check-in certificate expires today', (s) => (s.checkin = { ...CHECKIN, certificate: { ...CHECKIN.certificate!, daysLeft: 0 } }), 'ok'],
    ['check-in without a certificate', (s) => (s.checkin = { ...CHECKIN, signer: null, certificate: null }), 'ok'],
  ];
  for (const [what, change, want] of cases) {
    const r = rig();
    change(r.s);
    t.equal(r.monitor.report().status, want, what);
  }
});

t.test('the disk-full text reaches the report as storage wrote it', async (t) => {
  const r = rig();
  r.s.storage = { ...OK_STORAGE, ok: false, code: 'SQLITE_FULL', ...STORAGE_TEXT.diskFull, since: '2026-03-02T01:30:00.000Z' };
  t.match(r.monitor.report().storage, {
    code: 'SQLITE_FULL',
    vi: /^Ổ đĩa đầy: không ghi được lượt quét/,
    en: /^Disk full: scans cannot be stored/,
  });
});

t.test('refused requests are counted by code; the count alone is not pushed but rides along with the next push', async (t) => {
  const r = rig();
  r.monitor.start();
  t.equal(r.pushed.length, 1);
  for (const code of ['UNAUTHORIZED', 'BAD_REQUEST', 'UNAUTHORIZED']) r.monitor.countRejected(code);
  t.same(r.monitor.report().rejectedRequests, { UNAUTHORIZED: 2, BAD_REQUEST: 1 });
  r.monitor.changed();
  t.equal(r.pushed.length, 1, 'not pushed for a count');
  r.s.devices = [device('s-1', 'offline', 'error')];
  r.bus.emit('devices', r.s.devices);
  t.equal(r.pushed.length, 2);
  t.same(r.pushed[1]!.rejectedRequests, { UNAUTHORIZED: 2, BAD_REQUEST: 1 }, 'the counts come with the next push');
  r.monitor.stop();
});

t.test('pushed at start and on each change a page would show; not for call counts or the token’s expiry', async (t) => {
  const r = rig();
  r.monitor.start();
  t.equal(r.pushed.length, 1, 'the pages get the state at start');
  t.equal(r.pushed[0]!.status, 'ok');

  r.s.eligibility = { ...OK_ACCOUNT, calls: 40, cacheHits: 7, pending: 2, tokenExpiresAt: '2026-03-02T02:30:00.000Z' };
  r.bus.emit('account', 'ok');
  t.equal(r.pushed.length, 1, 'call figures and the token ride along');

  r.s.devices = [device('s-1', 'offline', 'error')];
  r.bus.emit('devices', r.s.devices);
  t.equal(r.pushed.length, 2, 'a reader unplugged: pushed');
  t.equal(r.pushed[1]!.status, 'degraded');
  r.bus.emit('devices', r.s.devices);
  t.equal(r.pushed.length, 2, 'the device list again, health unchanged: not pushed');
  r.s.devices = [device('s-1', 'online', 'ok')];
  r.bus.emit('devices', r.s.devices);
  t.equal(r.pushed.length, 3, 'plugged back: pushed');
  t.equal(r.pushed[2]!.status, 'ok');

  r.s.eligibility = { ...OK_ACCOUNT, state: 'restricted', vi: 'Tài khoản bị hạn chế.', en: 'The account is restricted.' };
  r.bus.emit('account', 'restricted');
  t.equal(r.pushed.length, 4, 'the account blocked: pushed');
  t.match(r.pushed[3], { status: 'degraded', eligibility: { state: 'restricted', vi: 'Tài khoản bị hạn chế.', en: 'The account is restricted.' } });

  r.s.hub = { url: 'https://hub.binhson.vn', ok: true, lastAttempt: '2026-03-02T01:30:00.000Z', error: null };
  r.status.changed('hub-push');
  t.equal(r.pushed.length, 5, 'a part told the status signal: pushed');
  t.match(r.pushed[4], { hub: { ok: true } });
  r.status.changed('retention');
  t.equal(r.pushed.length, 5, 'told again with nothing different: not pushed');

  r.monitor.stop();
  r.s.devices = [device('s-1', 'offline', 'error')];
  r.bus.emit('devices', r.s.devices);
  r.status.changed('hub-push');
  r.bus.emit('account', 'ok');
  t.equal(r.pushed.length, 5, 'stopped: nothing more');
  t.equal(r.monitor.name, 'health');
});
