// The PKCS#11 signer's start-up refusals that need no token: a module path that is wrong, or a file
// that is not a PKCS#11 library, stops the start with the loader's reason, naming the path the
// technician configured. Finding the token, the key and the certificate and signing with them need a
// real token: tests/integration/checkin-xml0.test.ts does that with SoftHSM2.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { pkcs11Signer } from '../../../../daemon/src/checkin/pkcs11-signer.ts';

const options = (module: string) => ({ module, tokenLabel: 'tiepnhan', keyLabel: 'bv-ky-so', pin: '246810', certPem: null });

t.test('a module path where there is no file: the signer does not start, and the path is named', async (t) => {
  const module = join(tmpdir(), 'tiepnhan-no-such-dir', 'libsofthsm2.so');
  t.throws(() => pkcs11Signer(options(module)), { message: module });
});

t.test('a file that is not a PKCS#11 library is refused', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-p11-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const module = join(dir, 'not-a-module.so');
  await writeFile(module, 'this is not a shared library');
  t.throws(() => pkcs11Signer(options(module)), { message: module });
});
