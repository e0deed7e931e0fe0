#!/usr/bin/env node
// Production runs the compiled JavaScript in dist/ (built by `npm install`, or here on first start
// when a source is newer than the build). TIEPNHAN_DEV=1, or a build that cannot run, uses the
// TypeScript sources through tsx's loader instead (development; the tests use the same loader).
// A package (the Windows zip and installer) ships dist/ without sources, TypeScript or tsx: it runs
// dist/ as it is.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A daemon that idles between scans: a 1 MB young generation (V8's default is 16 MB per semi-space)
// keeps the idle footprint ~20 MB smaller; its short-lived objects are small (one read, one message).
// Set before anything is allocated in earnest (bench footprint measures it).
if (process.argv[2] === 'start' || process.argv[2] === 'hub') setFlagsFromString('--max-semi-space-size=1');

// A stack trace from a hospital names the TypeScript file and line: dist/ carries source maps (a
// package ships them too; the mapping needs no source file).
process.setSourceMapsEnabled(true);

const packaged = !existsSync(new URL('../daemon/src', import.meta.url));
let main;
if (packaged) {
  ({ main } = await import('../dist/daemon/src/cli/main.js'));
} else if (process.env.TIEPNHAN_DEV !== '1' && (await (await import('./build.mjs')).buildIfStale())) {
  ({ main } = await import('../dist/daemon/src/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../daemon/src/cli/main.ts'));
}
const code = await main(process.argv.slice(2));
// A start that failed exits now, whatever a half-made part still holds open (a listening simulator,
// a serial port): a service manager must see it stop, and restart it.
if (code !== 0 && process.argv[2] === 'start') process.exit(code);
process.exitCode = code;
