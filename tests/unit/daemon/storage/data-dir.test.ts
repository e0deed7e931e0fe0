// The data folder holds patients' details and the keys: a new install makes it 0700 with the database
// 0600; whether a database already existed decides whether a missing key may be made again; and an
// older install with looser modes keeps running while /api/health tells hospital IT, in Vietnamese and
// English, which files are exposed and the command that fixes them.

import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { checkDataDir, prepareDataDir, PRIVATE_FILES } from '../../../../daemon/src/storage/data-dir.ts';

const posix = process.platform !== 'win32';

async function parent(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-dd-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('a new install: the folder (nested too) is 0700, the empty database 0600', { skip: posix ? false : 'no permission bits on Windows' }, async (t) => {
  const dir = join(await parent(t), 'var', 'tiepnhan');
  t.same(await prepareDataDir(dir, 'tiepnhan.sqlite'), { dbExisted: false });
  t.equal((await stat(dir)).mode & 0o777, 0o700);
  const db = await stat(join(dir, 'tiepnhan.sqlite'));
  t.equal(db.mode & 0o777, 0o600);
  t.equal(db.size, 0, 'an empty file: SQLite fills it');
  t.same(await checkDataDir(dir), { ok: true }, 'nothing to report');
});

t.test('the database existed only when it holds data: an empty file left by a crash is a new install', async (t) => {
  const dir = await parent(t);
  t.same(await prepareDataDir(dir, 'tiepnhan.sqlite'), { dbExisted: false });
  t.same(await prepareDataDir(dir, 'tiepnhan.sqlite'), { dbExisted: false }, 'still empty at the next start');
  await writeFile(join(dir, 'tiepnhan.sqlite'), 'SQLite format 3\0');
  t.same(await prepareDataDir(dir, 'tiepnhan.sqlite'), { dbExisted: true });
});

t.test('a data folder path that is a file is an error', async (t) => {
  const dir = await parent(t);
  await writeFile(join(dir, 'taken'), 'x');
  await t.rejects(prepareDataDir(join(dir, 'taken'), 'tiepnhan.sqlite'), { code: /EEXIST|ENOTDIR/ });
});

t.test('loose modes are reported by name, with the fixing command, in both languages', { skip: posix ? false : 'no permission bits on Windows' }, async (t) => {
  const dir = await parent(t);
  await prepareDataDir(dir, 'tiepnhan.sqlite');
  await writeFile(join(dir, 'id-hash.key'), 'k', { mode: 0o600 });
  await writeFile(join(dir, 'session.key'), 'k', { mode: 0o600 });
  t.same(await checkDataDir(dir), { ok: true });
  await chmod(dir, 0o755);
  await chmod(join(dir, 'id-hash.key'), 0o644);
  await chmod(join(dir, 'tiepnhan.sqlite'), 0o660);
  const s = await checkDataDir(dir);
  t.equal(s.ok, false);
  t.equal(s.code, 'DATA_PERMISSIONS');
  t.same(s.loose, ['.', 'tiepnhan.sqlite', 'id-hash.key'], 'the folder and each exposed file, names only');
  t.equal(s.vi, `Thư mục dữ liệu cho phép người dùng khác đọc (., tiepnhan.sqlite, id-hash.key). Chạy: chmod 700 "${dir}" && chmod 600 "${dir}"/*`);
  t.match(s.en, `The data folder is readable by other users (., tiepnhan.sqlite, id-hash.key). Run: chmod 700 "${dir}" && chmod 600 "${dir}"/*`);
});

t.test('only group and other bits count; files not made yet are not reported', { skip: posix ? false : 'no permission bits on Windows' }, async (t) => {
  const dir = await parent(t);
  await prepareDataDir(dir, 'tiepnhan.sqlite');
  await chmod(join(dir, 'tiepnhan.sqlite'), 0o700);
  t.same(await checkDataDir(dir), { ok: true }, "the owner's own execute bit is no exposure; the WAL and keys do not exist yet");
  t.ok(PRIVATE_FILES.includes('tiepnhan.sqlite-wal') && PRIVATE_FILES.includes('session.key'), 'the WAL and the keys are among the files checked');
  await writeFile(join(dir, 'tiepnhan.sqlite-wal'), '', { mode: 0o604 });
  await chmod(join(dir, 'tiepnhan.sqlite-wal'), 0o604);
  t.same((await checkDataDir(dir)).loose, ['tiepnhan.sqlite-wal'], 'a world-readable WAL');
  await writeFile(join(dir, 'notes.txt'), '', { mode: 0o644 });
  t.same((await checkDataDir(dir)).loose, ['tiepnhan.sqlite-wal'], 'files that are not private are not checked');
});
