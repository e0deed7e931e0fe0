// Logged-out sessions are kept (as hashes, never the cookie) until they would have expired, in a
// file of the data folder with mode 600, and read back at the next start; expired ones are dropped.

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { SessionRevocations } from '../../../../daemon/src/http/session-revocations.ts';

t.test('a revoked cookie stays revoked across a reload, until it would have expired', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-revoked-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'revoked-sessions.json');
  let now = 1_000;
  const first = await SessionRevocations.load(file, () => now);
  t.equal(first.has('desk1.999.abc.sig'), false, 'nothing revoked yet (no file)');
  await first.revoke('desk1.999.abc.sig', 5_000);
  t.equal(first.has('desk1.999.abc.sig'), true);
  t.equal(first.has('desk1.999.abc.sig2'), false, 'only that cookie');

  const reloaded = await SessionRevocations.load(file, () => now);
  t.equal(reloaded.has('desk1.999.abc.sig'), true, 'a restart keeps it');
  const text = await readFile(file, 'utf8');
  t.notOk(text.includes('desk1'), 'the file holds hashes, not cookies');
  if (process.platform !== 'win32') t.equal((await stat(file)).mode & 0o777, 0o600);

  now = 6_000;
  t.equal(reloaded.has('desk1.999.abc.sig'), false, 'past its expiry it no longer matters');
  await reloaded.revoke('tech.5000.def.sig', 9_000);
  t.same(Object.keys(JSON.parse(await readFile(file, 'utf8')) as object).length, 1, 'expired entries are dropped at the next write');
});

t.test('two logouts at once are both kept', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-revoked-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'revoked-sessions.json');
  const r = await SessionRevocations.load(file, () => 1_000);
  await Promise.all(Array.from({ length: 8 }, (_, i) => r.revoke(`s${i}`, 9_000)));
  const reloaded = await SessionRevocations.load(file, () => 1_000);
  t.same(
    Array.from({ length: 8 }, (_, i) => reloaded.has(`s${i}`)),
    Array.from({ length: 8 }, () => true),
  );
});
