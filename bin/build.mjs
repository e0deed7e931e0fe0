#!/usr/bin/env node
// The production build: the TypeScript sources of daemon/, drivers/ and simulators/ compiled by tsc
// into dist/ (relative imports rewritten to .js). `npm install` runs it (the `prepare` script); the
// launcher (bin/tiepnhan.mjs) runs it again when a source is newer than the last build. One build at
// a time: a lock file, so CLIs started together do not compile over each other.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');
const LOCK = join(DIST, '.build.lock');
const SOURCES = ['daemon/src', 'drivers/src', 'hub/src', 'protocols', 'simulators/src'];

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') || e.name.endsWith('.sql')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const s of SOURCES) walk(join(ROOT, s));
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) newest = Math.max(newest, statSync(join(ROOT, f)).mtimeMs);
  return newest;
}

/** tsc copies no .sql: the migrations (and schema.sql) go beside the compiled modules that read them. */
function copySql() {
  const walk = (rel) => {
    for (const e of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
      const r = join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.sql')) {
        mkdirSync(join(DIST, rel), { recursive: true });
        copyFileSync(join(ROOT, r), join(DIST, r));
      }
    }
  };
  for (const s of SOURCES) walk(s);
}

/** A source deleted or moved leaves its compiled file behind (tsc does not remove outputs): remove it. */
function pruneStale() {
  const walk = (rel) => {
    if (!existsSync(join(DIST, rel))) return;
    for (const e of readdirSync(join(DIST, rel), { withFileTypes: true })) {
      const r = join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else {
        const source = r.replace(/\.js(\.map)?$/, '.ts');
        if (source !== r && !existsSync(join(ROOT, source))) rmSync(join(DIST, r));
        else if (r.endsWith('.sql') && !existsSync(join(ROOT, r))) rmSync(join(DIST, r));
      }
    }
  };
  for (const s of SOURCES) walk(s);
}

export function isFresh() {
  return existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSource();
}

function compile() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return { ok: false, why: 'typescript is not installed' };
  }
  const started = Date.now();
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, why: (r.stdout + r.stderr).trim().split('\n').slice(0, 20).join('\n') };
  copySql();
  pruneStale();
  writeFileSync(STAMP, new Date(started).toISOString() + '\n');
  return { ok: true };
}

/** Builds when stale; true when dist/ can be run. Waits for a build another process is running. */
export async function buildIfStale() {
  if (isFresh()) return true;
  mkdirSync(DIST, { recursive: true });
  for (let waited = 0; waited < 120_000; waited += 200) {
    let fd;
    try {
      fd = openSync(LOCK, 'wx');
    } catch {
      await new Promise((r) => setTimeout(r, 200)); // another process is building
      if (isFresh()) return true;
      continue;
    }
    try {
      if (isFresh()) return true;
      const r = compile();
      if (!r.ok) process.stderr.write(`tiepnhan: build failed, running from the TypeScript sources instead (${r.why})\n`);
      return r.ok;
    } finally {
      closeSync(fd);
      rmSync(LOCK, { force: true });
    }
  }
  return false;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = (await buildIfStale()) ? 0 : 1;
}
