// A database locked by another program: the scan waits (not lost, not crashed), health says why in
// Vietnamese and English, and the scan is stored and shown once the lock is gone. The lock is held by
// another process, as it would be: SQLite's file locks are per process, so two SQLite libraries in
// one process (sqlite3 beside node:sqlite) would not even see each other's.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import type { StorageStatus } from '../../daemon/src/storage/storage-health.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Another program holding the write lock (BEGIN EXCLUSIVE) until it is told to commit. */
function lockInAnotherProcess(file: string) {
  const script = `const d = new (require('sqlite3').Database)(process.argv[1]);
d.exec('BEGIN EXCLUSIVE', (e) => { if (e) throw e; console.log('locked'); });
process.stdin.once('data', () => d.exec('COMMIT', () => d.close(() => console.log('released'))));`;
  const proc = spawn(process.execPath, ['-e', script, file], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (b: Buffer) => (out += b.toString()));
  return {
    proc,
    said: async (word: string): Promise<void> => {
      while (!out.includes(word))
        await Promise.race([once(proc.stdout, 'data'), once(proc, 'exit').then(() => Promise.reject(new Error(`locker exited: ${out}`)))]);
    },
  };
}

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('a locked database delays a scan, shows in health, and loses nothing', async (t) => {
  const d = await startTestDaemon(t, { config: { storage: { busyTimeoutMs: 50 } } });
  const socket = await d.connect();
  const locker = lockInAnotherProcess(d.daemon.dbFile);
  t.teardown(() => locker.proc.kill());
  await locker.said('locked');
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

  locker.proc.stdin.end('COMMIT\n');
  await locker.said('released');
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
