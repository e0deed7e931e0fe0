// chip.cscaFile that cannot be read refuses the start, naming the file and saying why.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startTestDaemon } from '../helpers/daemon.ts';

const CANNOT_READ = /the CSCA bundle cannot be read/;

t.test('a CSCA bundle that holds no certificate refuses the start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-csca-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'csca-garbage.pem');
  await writeFile(file, 'this is not a certificate bundle\n');
  const err = await startTestDaemon(t, { config: { chip: { cscaFile: file } } }).then(
    () => null,
    (e: unknown) => e as Error,
  );
  t.ok(err, 'the start is refused');
  t.ok(err?.message.includes(file), `the message names the file: ${err?.message}`);
  t.match(err?.message, CANNOT_READ);
  t.match(err?.message, /no certificate/, 'and says why');
});

t.test('a half-pasted certificate refuses the start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-csca-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'csca-truncated.pem');
  await writeFile(file, '-----BEGIN CERTIFICATE-----\nMIIB\n');
  const err = await startTestDaemon(t, { config: { chip: { cscaFile: file } } }).then(
    () => null,
    (e: unknown) => e as Error,
  );
  t.ok(err?.message.includes(file), `the message names the file: ${err?.message}`);
  t.match(err?.message, CANNOT_READ);
});

t.test('a missing CSCA bundle refuses the start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-csca-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'no-such-csca.pem');
  const err = await startTestDaemon(t, { config: { chip: { cscaFile: file } } }).then(
    () => null,
    (e: unknown) => e as Error,
  );
  t.ok(err, 'the start is refused');
  t.ok(err?.message.includes(file), `the message names the file: ${err?.message}`);
  t.match(err?.message, CANNOT_READ);
  t.match(err?.message, /ENOENT/, 'and says why');
});
