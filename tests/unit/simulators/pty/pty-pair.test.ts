// The socat-made pseudo-terminal pair behind the default simulated scanner `sim-1`. Unit tests
// need no socat, so a small shell script stands in for it on PATH: what is checked is tiepnhan's
// own part, which the daemon relies on whether socat is real or not: socatAvailable() decides
// between a PTY and the in-process scanner, create() waits until both ends exist (or says why
// socat failed), and unplug() ends socat and waits until both ends are gone, as a pulled cable.

import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import t from 'tap';
import { PtyPair, socatAvailable } from '../../../../simulators/src/pty/pty-pair.ts';

// "socat -V" succeeds; "socat pty,...,link=A pty,...,link=B" creates A and B (plain files here),
// removes them on SIGTERM as socat does, and runs until then.
const STAND_IN = `#!/bin/sh
[ "$1" = "-V" ] && exit 0
dev="\${1##*link=}"; host="\${2##*link=}"
trap 'rm -f "$dev" "$host"; exit 0' TERM
: > "$dev"; : > "$host"
while :; do sleep 0.02; done
`;

/** Puts a `socat` with this script first on PATH (or no socat at all) for the rest of the test. */
function withSocat(t: { teardown(fn: () => unknown): void }, script: string | null): string {
  const bin = mkdtempSync(join(tmpdir(), 'tiepnhan-'));
  if (script !== null) {
    writeFileSync(join(bin, 'socat'), script);
    chmodSync(join(bin, 'socat'), 0o755);
  }
  const path = process.env['PATH'];
  process.env['PATH'] = script === null ? bin : `${bin}:/usr/bin:/bin`;
  t.teardown(() => {
    process.env['PATH'] = path;
    rmSync(bin, { recursive: true, force: true });
  });
  return bin;
}

const posix = { skip: process.platform === 'win32' && 'the stand-in socat is a shell script; Windows never uses socat' };

t.test('socatAvailable() says whether a working socat is on PATH', posix, async (t) => {
  t.test('absent', async (t) => {
    withSocat(t, null);
    t.equal(socatAvailable(), false);
  });
  t.test('present but failing', async (t) => {
    withSocat(t, '#!/bin/sh\nexit 1\n');
    t.equal(socatAvailable(), false);
  });
  t.test('present and working', async (t) => {
    withSocat(t, STAND_IN);
    t.equal(socatAvailable(), true);
  });
});

t.test('create() reports a socat that exits instead of hanging', posix, async (t) => {
  const dir = withSocat(t, '#!/bin/sh\nexit 3\n');
  await t.rejects(PtyPair.create({ devicePath: join(dir, 'scanner'), hostPath: join(dir, 'host') }), { message: 'socat exited with code 3' });
});

t.test('a pair at the given paths: plugged, unplugged and plugged back like a cable', posix, async (t) => {
  const dir = withSocat(t, STAND_IN);
  const links = { devicePath: join(dir, 'scanner'), hostPath: join(dir, 'host') };
  const pair = await PtyPair.create(links);
  t.teardown(() => pair.close());
  t.equal(pair.devicePath, links.devicePath);
  t.equal(pair.hostPath, links.hostPath);
  t.ok(existsSync(pair.devicePath) && existsSync(pair.hostPath), 'create() returns once both ends exist');
  t.equal(pair.plugged, true);
  const fd = pair.deviceFd();
  t.equal(pair.deviceFd(), fd, 'the device end is opened once');

  await pair.unplug();
  t.equal(pair.plugged, false);
  t.notOk(existsSync(pair.devicePath) || existsSync(pair.hostPath), 'unplug() returns once both ends are gone');
  t.throws(() => pair.deviceFd(), { message: 'the simulated scanner is unplugged' });
  await pair.unplug();
  t.pass('unplugging twice is harmless');

  await pair.plug();
  t.equal(pair.plugged, true);
  t.ok(existsSync(pair.hostPath), 'the same path is back');
  t.type(pair.deviceFd(), 'number');
  await pair.close();
  t.equal(pair.plugged, false, 'close unplugs');
  t.notOk(existsSync(pair.hostPath));
});

t.test('without paths, the pair lives in a fresh temporary folder', posix, async (t) => {
  withSocat(t, STAND_IN);
  const pair = await PtyPair.create();
  t.teardown(async () => {
    await pair.close();
    await rm(dirname(pair.hostPath), { recursive: true, force: true });
  });
  t.equal(dirname(pair.devicePath), dirname(pair.hostPath));
  t.match(basename(dirname(pair.hostPath)), /^tiepnhan-pty-/);
  t.same([basename(pair.devicePath), basename(pair.hostPath)], ['scanner', 'host']);
  const other = await PtyPair.create();
  t.teardown(async () => {
    await other.close();
    await rm(dirname(other.hostPath), { recursive: true, force: true });
  });
  t.not(other.hostPath, pair.hostPath, 'two simulated scanners never share a path');
});
