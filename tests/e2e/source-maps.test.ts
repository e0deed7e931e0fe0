// A stack trace from the compiled build (what `npm start` and the Windows package run) names the
// TypeScript file and line, through the source maps the build writes and the launcher turns on.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

t.test('an error thrown in dist/ points at its .ts line', async (t) => {
  const script = `process.setSourceMapsEnabled(true);
const { resolveConfig } = await import(${JSON.stringify(`${ROOT}dist/daemon/src/config/load.js`)});
try { resolveConfig({ port: 'not a port' }); } catch (e) { console.log(e.stack); }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /ConfigError: invalid configuration: port: must be integer/);
  t.match(r.stdout, /daemon\/src\/config\/load\.ts:\d+:\d+/, 'the frame names load.ts and its line');
  t.notMatch(r.stdout, /dist\/daemon\/src\/config\/load\.js/, 'not the compiled file');
});

t.test('the launcher turns source maps on before it loads the daemon', async (t) => {
  const launcher = readFileSync(`${ROOT}bin/tiepnhan.mjs`, 'utf8');
  t.ok(launcher.indexOf('process.setSourceMapsEnabled(true)') < launcher.indexOf("import('../dist/daemon/src/cli/main.js')"));
});
