// A database locked by another program: the scan waits (not lost, not crashed), health says why in
// Vietnamese and English, and the scan is stored and shown once the lock is gone.

import sqlite3 from 'sqlite3';
import t from 'tap';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import type { StorageStatus } from '../../daemon/src/storage/storage-health.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('a locked database delays a scan, shows in health, and loses nothing', async (t) => {
  const d = await startTestDaemon(t, { config: { storage: { busyTimeoutMs: 50 } } });
  const socket = await d.connect();
  const other = new sqlite3.Database(d.daemon.dbFile);
  t.teardown(() => new Promise<void>((r) => other.close(() => r())));
  const exec = (sql: string) => new Promise<void>((resolve, reject) => other.exec(sql, (err) => (err ? reject(err) : resolve())));
  await exec('BEGIN EXCLUSIVE');
  const health = async () => (await (await fetch(`${d.url}/api/health`)).json()) as { status: string; storage: StorageStatus };

  const shown = next<ScanMessage>(socket, 'scan', () => true, 15_000);
  let arrived = false;
  void shown.then(() => (arrived = true));
  await d.wiring.simScanners[0]!.scan(AN);
  await until(async () => !(await health()).storage.ok, 5000);
  const h = await health();
  t.match(h, { status: 'degraded', storage: { ok: false, code: 'SQLITE_BUSY', vi: /đang bị khóa/, en: /locked by another program/ } });
  t.equal(arrived, false, 'the kiosk is not told about a scan that is not stored yet');
  t.equal(d.daemon.app.server.listening, true, 'the daemon is still running');

  await exec('COMMIT');
  const scan = await shown;
  t.match(scan, { ok: true, identity: { name: 'Nguyễn Văn An' } }, 'the scan is stored and shown once the lock is gone');
  await until(async () => (await health()).storage.ok, 5000);
  t.match(await health(), { storage: { ok: true, lost: 0 } });
  t.equal(await d.daemon.repo.countEvents(), 1, 'stored exactly once');
  t.notOk(
    d.logs.some((l) => l.includes('Nguyễn Văn An')),
    'the retries log no patient data',
  );
});
