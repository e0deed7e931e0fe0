// chip.cscaFile that cannot be read refuses the start, naming the file and saying why.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { startTestDaemon } from '../helpers/daemon.ts';

const CANNOT_READ = /the CSCA bundle cannot be read/;

/** Starts a daemon with chip.cscaFile at `name` in a fresh folder (written with `content` unless
 *  undefined: then missing); the error its start was refused with, or null, and the file's path. */
async function startWithCsca(t: Test, name: string, content: string | undefined): Promise<{ err: Error | null; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-csca-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  if (content !== undefined) await writeFile(file, content);
  const err = await startTestDaemon(t, { config: { chip: { cscaFile: file } } }).then(
    () => null,
    (e: unknown) => e as Error,
  );
  return { err, file };
}

t.test('a CSCA bundle that holds no certificate refuses the start', async (t) => {
  const { err, file } = await startWithCsca(t, 'csca-garbage.pem', 'this is not a certificate bundle\n');
  t.ok(err, 'the start is refused');
  t.ok(err?.message.includes(file), `the message names the file: ${err?.message}`);
  t.match(err?.message, CANNOT_READ);
  t.match(err?.message, /no certificate/, 'and says why');
});

t.test('a half-pasted certificate refuses the start', async (t) => {
  const { err, file } = await startWithCsca(t, 'csca-truncated.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n');
  t.ok(err?.message.includes(file), `the message names the file: ${err?.message}`);
  t.match(err?.message, CANNOT_READ);
});

t.test('a missing CSCA bundle refuses the start', async (t) => {
  const { err, file } = await startWithCsca(t, 'no-such-csca.pem', undefined);
  t.ok(err, 'the start is refused');
  t.ok(err?.message.includes(file), `the message names the file: ${err?.message}`);
  t.match(err?.message, CANNOT_READ);
  t.match(err?.message, /ENOENT/, 'and says why');
});
