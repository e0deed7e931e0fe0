#!/usr/bin/env node
// Production runs the compiled JavaScript in dist/ (built by `npm install`, or here on first start
// when a source is newer than the build). TIEPNHAN_DEV=1, or a build that cannot run, uses the
// TypeScript sources through tsx's loader instead (development; the tests use the same loader).
import { setFlagsFromString } from 'node:v8';
import { buildIfStale } from './build.mjs';

// A daemon that idles between scans: a 1 MB young generation (V8's default is 16 MB per semi-space)
// keeps the idle footprint ~20 MB smaller; its short-lived objects are small (one read, one message).
// Set before anything is allocated in earnest (bench footprint measures it).
if (process.argv[2] === 'start' || process.argv[2] === 'hub') setFlagsFromString('--max-semi-space-size=1');

let main;
if (process.env.TIEPNHAN_DEV !== '1' && (await buildIfStale())) {
  ({ main } = await import('../dist/daemon/src/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../daemon/src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
