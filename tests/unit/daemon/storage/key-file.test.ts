// The secret key files beside the database (ID hash key, page-session key): made once on a fresh
// install, private to the service's user, and never silently replaced. A lost or damaged key next to
// an existing database stops the start with a message in Vietnamese and English that tells hospital
// IT to restore it, because a new key would make every stored hash and session stop matching.

import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { KeyFileError, loadOrCreateKey, writeFileAtomic } from '../../../../daemon/src/storage/key-file.ts';

const WHAT = { vi: 'mã hoá số định danh', en: 'ID hash' };

async function dataDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-key-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('a fresh install makes a 256-bit key, stored as hex, readable only by the service', async (t) => {
  const dir = await dataDir(t);
  const file = join(dir, 'id-hash.key');
  const key = await loadOrCreateKey(file, { mayCreate: true, what: WHAT });
  t.equal(key.length, 32);
  t.equal(await readFile(file, 'utf8'), key.toString('hex') + '\n');
  if (process.platform !== 'win32') t.equal((await stat(file)).mode & 0o777, 0o600, 'mode 0600');
  t.same(await readdir(dir), ['id-hash.key'], 'no temporary file left behind');
});

t.test('the key is read back as it is, on every start', async (t) => {
  const dir = await dataDir(t);
  const file = join(dir, 'session.key');
  const first = await loadOrCreateKey(file, { mayCreate: true, what: WHAT });
  t.same(await loadOrCreateKey(file, { mayCreate: true, what: WHAT }), first, 'not replaced while it exists');
  t.same(await loadOrCreateKey(file, { mayCreate: false, what: WHAT }), first, 'read when creating is not allowed');
  const upper = 'AB'.repeat(32);
  await writeFile(join(dir, 'restored.key'), `  ${upper}\r\n`);
  t.equal(
    (await loadOrCreateKey(join(dir, 'restored.key'), { mayCreate: false, what: WHAT })).toString('hex'),
    upper.toLowerCase(),
    'a restored key in upper case, with spaces and CRLF',
  );
});

t.test('a missing key beside an existing database stops the start, in both languages', async (t) => {
  const dir = await dataDir(t);
  const file = join(dir, 'id-hash.key');
  const err = await loadOrCreateKey(file, { mayCreate: false, what: WHAT }).catch((e: unknown) => e);
  t.ok(err instanceof KeyFileError);
  t.match(err, {
    name: 'KeyFileError',
    code: 'KEY_MISSING',
    vi: /Thiếu tệp khoá mã hoá số định danh.*Khôi phục tệp từ bản sao lưu/,
    en: /ID hash key file .* is missing.*Restore it from a backup/,
  });
  t.match((err as Error).message, file, 'the message names the file');
  t.same(await readdir(dir), [], 'no new key was made');
});

t.test('an empty or damaged key file is refused and left as it is', async (t) => {
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['only a newline', '\n'],
    ['too short', 'ab'.repeat(31)],
    ['too long', 'ab'.repeat(33)],
    ['not hex', 'zz'.repeat(32)],
  ];
  for (const [what, text] of cases) {
    const dir = await dataDir(t);
    const file = join(dir, 'id-hash.key');
    await writeFile(file, text);
    for (const mayCreate of [true, false]) {
      await t.rejects(
        loadOrCreateKey(file, { mayCreate, what: WHAT }),
        { code: 'KEY_EMPTY', vi: /rỗng hoặc hỏng/, en: /empty or damaged/ },
        `${what} (mayCreate ${mayCreate})`,
      );
    }
    t.equal(await readFile(file, 'utf8'), text, `${what}: the file is not overwritten`);
  }
});

t.test('an unreadable key path is an error of its own, not a reason to make a new key', async (t) => {
  const dir = await dataDir(t);
  await t.rejects(loadOrCreateKey(dir, { mayCreate: true, what: WHAT }), { code: 'EISDIR' }, 'a folder where the key should be');
});

t.test('writeFileAtomic replaces a file whole, with the mode asked for', async (t) => {
  const dir = await dataDir(t);
  const file = join(dir, 'x.json');
  await writeFileAtomic(file, 'first');
  await writeFileAtomic(file, 'second, longer than the first', 0o640);
  t.equal(await readFile(file, 'utf8'), 'second, longer than the first');
  if (process.platform !== 'win32') t.equal((await stat(file)).mode & 0o777, 0o640 & ~process.umask(), 'the mode of the new file');
  t.same(await readdir(dir), ['x.json'], 'no temporary file left behind');
  await t.rejects(writeFileAtomic(join(dir, 'no-such-folder', 'y'), 'z'), { code: 'ENOENT' });
  t.same(await readdir(dir), ['x.json']);
});
