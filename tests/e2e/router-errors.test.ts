// One error path: what the router refuses (a URL it cannot read, a parameter too long, a route that
// does not exist) and what the body parser refuses (bad JSON, a body too large, another content type)
// is answered like every refusal: the Host checked first, a stable code in Vietnamese and English,
// the security headers, counted in health, and nothing of the URL or the body repeated back. Nor
// does a route repeat an id or a name it did not find. Real daemon on loopback, raw HTTP.

import t, { type Test } from 'tap';
import { startTestDaemon } from '../helpers/daemon.ts';
import { raw, type RawResponse } from '../helpers/raw-http.ts';

const noSims = { simulators: { scanners: [], gateway: { latencyMs: 0 } } };
const MARK = 'zqxmark';

function refusal(t: Test, r: RawResponse, status: number, code: string, what: string): void {
  t.equal(r.status, status, `${what}: ${status}`);
  const body = JSON.parse(r.body) as { error: { code: string; vi: string; en: string } };
  t.match(body, { error: { code, vi: String, en: String } }, `${what}: ${code} in Vietnamese and English`);
  t.same(Object.keys(body.error).sort(), ['code', 'en', 'vi'], `${what}: nothing beside the code and the texts`);
  t.notMatch(r.body, new RegExp(`zz|${MARK}|<img|<b>|aaaaaaaaaa`), `${what}: nothing of the request repeated back`);
  t.equal(r.headers['x-content-type-options'], 'nosniff', `${what}: helmet's headers`);
  t.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/, `${what}: the CSP`);
  t.equal(r.headers['x-frame-options'], 'DENY');
}

t.test('router and parser refusals: a stable code, vi and en, the headers, counted, no echo', async (t) => {
  const d = await startTestDaemon(t, { config: noSims });
  const json = { 'content-type': 'application/json' };
  refusal(t, await raw(`${d.url}/api/patients/%zz`), 400, 'BAD_URL', 'a bad percent-escape');
  refusal(t, await raw(`${d.url}/api/patients/%zz${MARK}?x=${MARK}`, { method: 'POST', headers: json, body: '{}' }), 400, 'BAD_URL', 'the same in a POST');
  refusal(t, await raw(`${d.url}/%zz`), 400, 'BAD_URL', 'at the root (where the pages are)');
  const long = 'a'.repeat(150);
  const status = JSON.stringify({ status: 'auto' });
  refusal(
    t,
    await raw(`${d.url}/api/devices/${long}/status`, { method: 'PUT', headers: json, body: status }),
    414,
    'URL_TOO_LONG',
    'a parameter over 100 characters',
  );
  refusal(t, await raw(`${d.url}/api/nothing-${MARK}`), 404, 'NOT_FOUND', 'an unknown route');
  const search = (body: string, type = 'application/json') => raw(`${d.url}/api/search`, { method: 'POST', headers: { 'content-type': type }, body });
  refusal(t, await search(`{"desk": "desk-1", "query": "${MARK}`), 400, 'INVALID_JSON', 'malformed JSON');
  refusal(t, await search(JSON.stringify({ desk: 'desk-1', query: MARK.repeat(200_000) })), 413, 'BODY_TOO_LARGE', 'a body too large');
  refusal(t, await search(`desk=${MARK}`, 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE', 'a form body');

  const foreign = await raw(`${d.url}/api/patients/%zz`, { headers: { host: 'evil.example' } });
  t.equal(foreign.status, 403, 'under a foreign Host the Host check answers first');
  t.match(JSON.parse(foreign.body), { error: { code: 'HOST_FORBIDDEN' } });
  t.notMatch(foreign.body, /zz/);

  const health = JSON.parse((await raw(`${d.url}/api/health`)).body) as { rejectedRequests: Record<string, number> };
  t.match(
    health.rejectedRequests,
    { BAD_URL: 3, URL_TOO_LONG: 1, NOT_FOUND: 1, INVALID_JSON: 1, BODY_TOO_LARGE: 1, UNSUPPORTED_MEDIA_TYPE: 1, HOST_FORBIDDEN: 1 },
    'every refusal counted by its code',
  );
});

t.test('routes do not repeat an id or a name they did not find', async (t) => {
  const d = await startTestDaemon(t, { config: noSims });
  const json = { 'content-type': 'application/json' };
  const cases: Array<[string, Promise<RawResponse>, number, string]> = [
    [
      'a scanner',
      raw(`${d.url}/api/devices/%3Cimg%20src%3Dx%3E/test-mode`, { method: 'PUT', headers: json, body: JSON.stringify({ on: true }) }),
      404,
      'DEVICE_NOT_FOUND',
    ],
    [
      'a scanner’s desk',
      raw(`${d.url}/api/devices/%3Cimg%3E/desk`, { method: 'PUT', headers: json, body: JSON.stringify({ desk: 'desk-1' }) }),
      404,
      'DEVICE_NOT_FOUND',
    ],
    [
      'a department',
      raw(`${d.url}/api/registrations`, { method: 'POST', headers: json, body: JSON.stringify({ eventId: 1, department: '<b>x</b>' }) }),
      400,
      'UNKNOWN_DEPARTMENT',
    ],
  ];
  for (const [what, res, status, code] of cases) refusal(t, await res, status, code, what);
});
