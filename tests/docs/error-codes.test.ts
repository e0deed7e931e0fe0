// One error catalogue (daemon/src/api/errors.ts): the reference lists every code with its status, the
// routes refuse only with codes of the catalogue and declare the ones of their own (listed per
// operation in /docs/openapi.json), and the texts are the catalogue's.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { API_ERRORS, apiError, type ApiErrorCode } from '../../daemon/src/api/errors.ts';
import { startTestDaemon } from '../helpers/daemon.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CODES = Object.keys(API_ERRORS) as ApiErrorCode[];

t.test('docs/reference/error-codes.md lists every code of the catalogue with its status, and no other', async (t) => {
  const md = readFileSync(join(ROOT, 'docs/reference/error-codes.md'), 'utf8');
  const section = md.slice(md.indexOf('## HTTP refusals'), md.indexOf('## Health and start-up'));
  const rows = new Map([...section.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
  t.same([...rows.keys()].sort(), [...CODES].sort(), 'the same codes');
  for (const c of CODES) t.equal(rows.get(c), API_ERRORS[c].status, `${c}: ${API_ERRORS[c].status}`);
});

t.test('route files refuse with catalogue codes only, and declare the ones they use', async (t) => {
  const files = [...readdirSync(join(ROOT, 'daemon/src/http')).map((f) => `daemon/src/http/${f}`), 'daemon/src/reports/report-routes.ts'].filter((f) =>
    f.endsWith('-routes.ts'),
  );
  for (const f of files) {
    const src = readFileSync(join(ROOT, f), 'utf8');
    t.notMatch(src, /error: \{ code: '/, `${f}: no error body written by hand`);
    const used = new Set([...src.matchAll(/apiError\('([A-Z_]+)'/g)].map((m) => m[1]!));
    const declared = new Set([...src.matchAll(/errors: \[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/'([A-Z_]+)'/g)].map((x) => x[1]!)));
    for (const c of used) t.ok(c in API_ERRORS, `${f}: ${c} is in the catalogue`);
    const generic = new Set(['AUTH_REQUIRED', 'FORBIDDEN', 'DESK_MISMATCH', 'NOT_FOUND']);
    for (const c of used) if (!generic.has(c)) t.ok(declared.has(c), `${f}: ${c} is declared by a route (config.errors)`);
  }
});

t.test('a refusal carries its status, its code and the catalogue text; parameters fill it in', async (t) => {
  t.same(apiError('NOT_A_PATIENT'), {
    status: 409,
    body: { error: { code: 'NOT_A_PATIENT', vi: 'Lượt này không đọc được người bệnh.', en: 'This read found no patient.' } },
  });
  t.match(apiError('RATE_LIMITED', { what: 'cameraReads', waitS: 7 }), {
    status: 429,
    body: { error: { code: 'RATE_LIMITED', vi: 'Đọc mã bằng camera quá nhiều; thử lại sau 7 giây.', en: 'Too many camera reads; try again in 7 s.' } },
  });
  t.match(apiError('SIMULATOR_NOT_FOUND', { available: ['sim-1'] }).body, { error: { code: 'SIMULATOR_NOT_FOUND', available: ['sim-1'] } });
});

t.test('the OpenAPI document lists per operation the codes it answers with', async (t) => {
  const d = await startTestDaemon(t);
  const spec = (await (await fetch(`${d.url}/docs/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> }>>;
  };
  const camera = spec.paths['/api/camera']!['post']!.responses;
  t.match(camera['400']?.description, /UNKNOWN_DESK/);
  t.match(camera['400']?.description, /CAMERA_EMPTY/);
  t.match(camera['429']?.description, /RATE_LIMITED/);
  t.match(camera['403']?.description, /DESK_MISMATCH/);
  const undo = spec.paths['/api/merges/{id}/undo']!['post']!.responses;
  t.match(undo['409']?.description, /ALREADY_UNDONE/);
  t.match(undo['401']?.description, /AUTH_REQUIRED/, 'an admin route says it needs a token');
  const health = spec.paths['/api/health']?.['get']?.responses ?? {};
  t.notOk(health['401'], 'a public route does not');
});
