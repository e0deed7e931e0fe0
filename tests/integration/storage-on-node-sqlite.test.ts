// The storage suites again, on the node:sqlite driver (what the Windows package stores with): each
// file runs on the package's Node line (the official Linux build of the same version) with
// TIEPNHAN_SQLITE_DRIVER=node:sqlite, its TAP output a subtest here. Among them the kill -9 test:
// no acknowledged event is lost on this driver either.

import { fileURLToPath } from 'node:url';
import t from 'tap';
import { PACKAGE_NODE } from '../../packaging/runtimes.ts';
import { linuxRuntime } from '../helpers/runtimes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SUITES = [
  'tests/unit/daemon/storage/db.drivers.test.ts',
  'tests/unit/daemon/storage/db.writes.test.ts',
  'tests/unit/daemon/storage/migrations.008.test.ts',
  'tests/unit/daemon/storage/migrations.schema.test.ts',
  'tests/unit/daemon/patients/patient-index.test.ts',
  'tests/e2e/storage-locked.test.ts',
  'tests/e2e/lookup-durability.test.ts',
  'tests/e2e/sigkill.test.ts',
];

const runtime = linuxRuntime(PACKAGE_NODE);
for (const suite of SUITES) {
  t.test(`${suite} on node:sqlite (Node.js ${PACKAGE_NODE})`, { skip: runtime.skip }, async (t) => {
    await t.spawn(runtime.node!, ['--disable-warning=ExperimentalWarning', '--import=tsx', suite], {
      cwd: ROOT,
      env: { ...process.env, TIEPNHAN_SQLITE_DRIVER: 'node:sqlite' },
    });
  });
}
