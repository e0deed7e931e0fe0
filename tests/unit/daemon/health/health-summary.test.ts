// The short health answer (GET /api/health for anyone who is not a technician or an admin): the status,
// one sentence in Vietnamese and English (the storage alarm first, then a nearly full disk), and the
// storage and disk lines and the simulation banner the pages read, without a URL, the lookup account, the hub or a
// file or folder name.

import t from 'tap';
import type { HealthReport } from '../../../../daemon/src/api/contract.ts';
import { HEALTH_TEXT, healthSummary, healthText } from '../../../../daemon/src/health/health-summary.ts';

const report = (over: Partial<HealthReport> = {}): HealthReport => ({
  status: 'ok',
  simulated: { scanners: ['sim-1'], gateway: true },
  gateway: { url: 'http://127.0.0.1:7399' },
  hid: { available: true, vi: 'HID sẵn sàng.', en: 'HID ready.' },
  serialDiscovery: { available: true, vi: 'Tìm cổng COM.', en: 'Serial discovery on.' },
  hub: { url: 'http://10.0.0.5:7310', ok: false, lastAttempt: '2026-12-01T01:00:00.000Z', error: 'connect ECONNREFUSED 10.0.0.5:7310' },
  http: { ok: false, tls: false, plainLan: true, urls: ['http://127.0.0.1:7300', 'http://10.0.0.7:7300'], vi: 'HTTP thường', en: 'Plain HTTP' },
  storage: { ok: true, code: null, vi: 'Cơ sở dữ liệu hoạt động bình thường.', en: 'The database is working.', since: null, lost: 0, driver: 'sqlite3' },
  disk: { ok: true, folder: '/srv/tiepnhan/data', freeMb: 20000, totalMb: 100000, warnBelowMb: 500, vi: 'Còn 20000 MB trống.', en: '20000 MB free.' },
  files: { ok: false, code: 'DATA_PERMISSIONS', vi: 'x', en: 'x', loose: ['tiepnhan.sqlite', 'session.key'] },
  rejectedRequests: { AUTH_REQUIRED: 3 },
  eligibility: {
    state: 'restricted',
    since: '2026-12-01T01:00:00.000Z',
    vi: 'Tài khoản bị hạn chế.',
    en: 'The account is restricted.',
    action: null,
    pending: 2,
    unanswered: 0,
    calls: 10,
    cacheHits: 1,
    tokenExpiresAt: '2026-12-01T02:00:00.000Z',
  },
  reportDue: null,
  checkin: { enabled: false, resource: null, signer: null, certificate: null, warning: null, queued: 0, accepted: 0, rejected: 0, skipped: 0 },
  ...over,
});

t.test('all well: the status, that tiepnhan works, the storage and disk lines, what is simulated', async (t) => {
  t.same(healthSummary(report()), {
    status: 'ok',
    vi: 'tiepnhan hoạt động bình thường.',
    en: 'tiepnhan is working normally.',
    storage: { ok: true, code: null, vi: 'Cơ sở dữ liệu hoạt động bình thường.', en: 'The database is working.', since: null },
    disk: { ok: true, vi: 'Đủ dung lượng trống.', en: 'Enough free space.' },
    simulated: { scanners: ['sim-1'], gateway: true },
  });
});

t.test('nothing of the details: no URL, account, hub error, file or folder, count', async (t) => {
  const text = JSON.stringify(healthSummary(report({ status: 'degraded' })));
  for (const leak of [
    'http',
    '10.0.0.5',
    '10.0.0.7',
    'plainLan',
    'ECONNREFUSED',
    'restricted',
    'tokenExpiresAt',
    'tiepnhan.sqlite',
    'session.key',
    '/srv/tiepnhan',
    'AUTH_REQUIRED',
    'sqlite3',
  ])
    t.notOk(text.includes(leak), `not "${leak}"`);
});

t.test('the sentence: the storage alarm first, then the disk, else where to look', async (t) => {
  const locked = {
    ok: false,
    code: 'SQLITE_BUSY',
    vi: 'Cơ sở dữ liệu đang bị khóa.',
    en: 'The database is locked.',
    since: '2026-12-01T01:00:00.000Z',
    lost: 0,
  };
  const low = {
    ...report().disk,
    ok: false,
    freeMb: 120,
    vi: 'Ổ đĩa sắp đầy: thư mục dữ liệu /srv/tiepnhan/data …',
    en: 'The data folder /srv/tiepnhan/data …',
  };
  t.match(healthText(report({ status: 'degraded', storage: locked, disk: low })), { vi: locked.vi, en: locked.en }, 'reads waiting come first');
  t.same(healthText(report({ status: 'degraded', disk: low })), HEALTH_TEXT.diskLow(120));
  t.same(healthText(report({ status: 'degraded' })), HEALTH_TEXT.degraded, 'anything else: a technician looks on /tech');
  const summary = healthSummary(report({ status: 'degraded', storage: locked, disk: low }));
  t.same(summary.storage, { ok: false, code: 'SQLITE_BUSY', vi: locked.vi, en: locked.en, since: locked.since }, 'the banner reads the storage line');
  t.same(summary.disk, {
    ok: false,
    vi: 'Ổ đĩa sắp đầy (còn 120 MB trống). Giải phóng dung lượng trước khi không lưu được lượt quét.',
    en: 'The disk is nearly full (120 MB free). Free some space before reads can no longer be stored.',
  });
  t.notMatch(JSON.stringify(summary), /srv/, 'the disk warning without the folder');
  t.match(HEALTH_TEXT.diskLow(null), { vi: /^Ổ đĩa sắp đầy\. /, en: /^The disk is nearly full\. / }, 'unmeasured free space: no figure');
});
