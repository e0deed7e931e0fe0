// A start that fails ends the process: before, a `tiepnhan start` that could not open its database or
// its port kept running without listening (its simulated gateway and scanner held it open), so a
// service manager saw it "running". Now it exits non-zero within seconds with the reason in
// Vietnamese and English on stderr: a taken port, and a data folder on a full disk (a 2 MiB tmpfs,
// filled to the last byte; it needs root to mount, which CI has).

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { fill, mountTmpfs, tmpfsRequirement } from '../helpers/tmpfs.ts';

const BIN = new URL('../../bin/tiepnhan.mjs', import.meta.url).pathname;

/** `tiepnhan start` with these options: its exit code, stderr and how long it ran. */
function start(args: string[]): Promise<{ code: number | null; stderr: string; ms: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [BIN, 'start', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, ms: Date.now() - t0 });
    }),
  );
}

t.test('a port another program holds: exits non-zero with the reason', async (t) => {
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => holder.close(() => r())));
  const port = (holder.address() as { port: number }).port;
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-failed-start-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const r = await start(['--port', String(port), '--data-dir', join(dir, 'data')]);
  t.equal(r.code, 1, `exit code 1 after ${r.ms} ms (killed after 30 s otherwise)`);
  t.match(r.stderr, `tiepnhan start: Cổng ${port} đang được chương trình khác dùng`);
  t.match(r.stderr, `Port ${port} is in use by another program`);
});

t.test('a data folder on a full disk: exits non-zero naming the folder and the space', tmpfsRequirement('the full-disk start test'), async (t) => {
  const mnt = await mountTmpfs(t, '2m');
  await fill(mnt); // to the last byte
  const r = await start(['--port', '0', '--data-dir', join(mnt, 'data')]);
  t.equal(r.code, 1, `exit code 1 after ${r.ms} ms`);
  t.match(r.stderr, `Ổ đĩa đầy: không mở được cơ sở dữ liệu trong ${join(mnt, 'data')}`);
  t.match(r.stderr, /\(0\.0 MB free, at least 100 MB needed\)/);
});
