// The keyed hash of ID numbers: counters, reports and audit rows tell "the same person" by it without
// holding the number. The same ID gives the same hash on this machine across restarts; another site
// (another key) gives another hash; the number cannot be read back; and a lost key beside an existing
// database stops the start instead of re-keying everything stored.

import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { loadIdHasher } from '../../../../daemon/src/storage/id-hash.ts';

async function dataDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-idh-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const AN = '001089012345';

t.test('the same ID gives the same hash, across restarts; different IDs differ', async (t) => {
  const dir = await dataDir(t);
  const hash = await loadIdHasher(dir);
  const h = hash(AN);
  t.match(h, /^[0-9a-f]{32}$/, '32 hex characters');
  t.equal(hash(AN), h);
  t.not(hash('001089012346'), h, 'one digit apart: another hash');
  const again = await loadIdHasher(dir, { mayCreate: false });
  t.equal(again(AN), h, 'after a restart (the key file is read back)');
});

t.test('the hash is an HMAC-SHA256 under the key in id-hash.key, not a plain digest of the number', async (t) => {
  const dir = await dataDir(t);
  const hash = await loadIdHasher(dir);
  const key = Buffer.from((await readFile(join(dir, 'id-hash.key'), 'utf8')).trim(), 'hex');
  t.equal(hash(AN), createHmac('sha256', key).update(AN).digest('hex').slice(0, 32));
  t.notMatch(hash(AN), AN);
});

t.test('two sites (two keys) hash the same ID differently', async (t) => {
  const a = await loadIdHasher(await dataDir(t));
  const b = await loadIdHasher(await dataDir(t));
  t.not(a(AN), b(AN));
});

t.test('a missing key beside an existing database stops the start', async (t) => {
  const dir = await dataDir(t);
  await t.rejects(loadIdHasher(dir, { mayCreate: false }), { name: 'KeyFileError', code: 'KEY_MISSING', vi: /mã hoá số định danh/, en: /ID hash key file/ });
});
