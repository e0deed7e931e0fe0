// 100,000 random and mutated payloads through simulated HID-POS scanners (exact report bytes), and
// random bodies to every route: the daemon never crashes, never leaves a promise rejected unhandled,
// counts every read once, and answers every bad request with a stable 4xx code.

import t from 'tap';
import { PARSE_ERRORS } from '../../daemon/src/parse/messages.ts';
import { syntheticPayload } from '../../simulators/src/scanner/fleet.ts';
import { startTestDaemon } from '../helpers/daemon.ts';

const TOTAL = Number(process.env['FUZZ_PAYLOADS'] ?? 100_000);
const SCANNERS = 4;

function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Random bytes; real payloads with bytes flipped, cut, duplicated or re-encoded; and valid cards.
 *  Never empty: a scanner sends no report at all for nothing, so an empty payload is not a read. */
function payloads(n: number, rnd: () => number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const int = (k: number) => Math.floor(rnd() * k);
  for (let i = 0; i < n; i++) {
    const base = Buffer.from(syntheticPayload(i).payload, 'utf8');
    switch (i % 6) {
      case 0:
        out.push(Uint8Array.from({ length: 1 + int(700) }, () => int(256)));
        break;
      case 1: {
        const b = Buffer.from(base);
        for (let k = 0, flips = 1 + int(4); k < flips; k++) b[int(b.length)] = int(256);
        out.push(b);
        break;
      }
      case 2:
        out.push(base.subarray(0, 1 + int(base.length - 1)));
        break;
      case 3:
        out.push(Buffer.concat([base, Buffer.from('|'), base.subarray(int(base.length))]));
        break;
      case 4:
        out.push(Buffer.from(syntheticPayload(i).payload, 'latin1'));
        break;
      default:
        out.push(base);
    }
  }
  return out;
}

t.test(`${TOTAL.toLocaleString('en')} hostile payloads through HID-POS scanners and random bodies to every route`, { timeout: 600_000 }, async (t) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  t.teardown(() => void process.off('unhandledRejection', onUnhandled));
  const d = await startTestDaemon(t, {
    config: {
      storage: { synchronous: 'NORMAL' },
      // 100,000 reads as fast as the simulators go: the flood guard is tested on its own (device-manager).
      limits: { searchesPerMinute: 100_000, readsPerSecondPerDevice: 1_000_000 },
      simulators: {
        scanners: [],
        hidScanners: Array.from({ length: SCANNERS }, (_, i) => ({ id: `hid-${i + 1}`, family: i % 2 ? 'newland' : 'honeywell' })),
        gateway: { latencyMs: 0 },
      },
    },
  });
  const rnd = prng(20261123);
  const all = payloads(TOTAL, rnd);
  const counted = () => d.daemon.devices.snapshot().reduce((a, x) => a + x.counters.scans, 0);
  const started = performance.now();
  for (let i = 0; i < all.length; i += 1000) {
    await Promise.all(
      Array.from({ length: SCANNERS }, async (_, s) => {
        for (let k = i + s; k < Math.min(i + 1000, all.length); k += SCANNERS) await d.wiring.simScanners[s]!.hid!.scan(all[k]!, { intervalMs: 0 });
      }),
    );
    const target = Math.min(i + 1000, all.length);
    const waitUntil = Date.now() + 20_000;
    while (counted() < target && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 5));
    if (process.env['DEBUG_FUZZ']) process.stderr.write(`batch ${i}: counted ${counted()} of ${target} at ${Math.round(performance.now() - started)} ms\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  t.equal(counted(), TOTAL, `every read counted once (${Math.round(TOTAL / seconds)} reads/s)`);
  t.equal(await d.daemon.repo.countEvents(), TOTAL, 'and stored once');
  const totals = d.daemon.devices.snapshot().reduce((a, x) => ({ ok: a.ok + x.counters.successes, err: a.err + x.counters.errors }), { ok: 0, err: 0 });
  t.equal(totals.ok + totals.err, TOTAL);
  t.ok(totals.err > TOTAL / 2 && totals.ok > TOTAL / 10, `${totals.err} rejected and ${totals.ok} accepted reads`);
  const codes = await (await import('../../daemon/src/storage/db.ts')).Db.open(d.daemon.dbFile);
  t.teardown(() => codes.close());
  const seen = (await codes.all<{ error_code: string }>('SELECT DISTINCT error_code FROM scan_events WHERE error_code IS NOT NULL')).map((r) => r.error_code);
  t.same(
    seen.filter((c) => !(c in PARSE_ERRORS)),
    [],
    `every error is a known code: ${seen.join(', ')}`,
  );

  // Random bodies, queries and params to every route.
  const routes = [
    ['POST', '/api/search'],
    ['POST', '/api/search/check'],
    ['POST', '/api/camera'],
    ['GET', '/api/eligibility/:n'],
    ['GET', '/api/eligibility/:n/fhir'],
    ['GET', '/api/devices/:s/reads'],
    ['PUT', '/api/devices/:s/test-mode'],
    ['PUT', '/api/devices/:s/status'],
    ['GET', '/api/counters?from=:s&to=:s'],
    ['GET', '/api/counters/daily?from=:s'],
    ['GET', '/api/reports/phu-luc-03?from=:s&format=:s'],
    ['GET', '/api/audit?to=:s'],
    ['POST', '/api/simulators/:s/scan'],
    ['POST', '/api/simulators/:s/unplug'],
    ['GET', '/api/inventory'],
    ['GET', '/api/devices'],
  ] as const;
  const junk = (): unknown => {
    const pick = Math.floor(rnd() * 8);
    const str = () => Array.from({ length: Math.floor(rnd() * 40) }, () => String.fromCharCode(Math.floor(rnd() * 0x3000))).join('');
    return [
      null,
      42,
      str(),
      ['x', 1],
      { desk: str(), query: str() },
      { desk: 'desk-1', query: str() },
      { status: str(), on: rnd() > 0.5 },
      { payload: str(), desk: 'desk-1', text: str() },
    ][pick];
  };
  const statuses = new Map<number, number>();
  const stableCodes = new Map<string, number>();
  for (let i = 0; i < 2000; i++) {
    const [method, pattern] = routes[i % routes.length]!;
    const path = pattern.replace(/:n/g, () => String(Math.floor(rnd() * 4e9) - 2e9)).replace(/:s/g, () => encodeURIComponent(String(junk())));
    const raw = i % 7 === 0 ? '{"broken": ' : JSON.stringify(junk());
    const res = await fetch(`${d.url}${path}`, method === 'GET' ? {} : { method, headers: { 'content-type': 'application/json' }, body: raw });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 400) {
      const body = (await res.json()) as { error?: { code?: string; vi?: string; en?: string } };
      if (!body.error?.code || !body.error.vi || !body.error.en) t.fail(`${method} ${path}: ${res.status} without a stable bilingual code`);
      else stableCodes.set(body.error.code, (stableCodes.get(body.error.code) ?? 0) + 1);
    } else await res.arrayBuffer();
  }
  t.notOk(
    [...statuses.keys()].some((s) => s >= 500),
    `no 5xx: ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  const health = (await (await fetch(`${d.url}/api/health`)).json()) as { rejectedRequests: Record<string, number> };
  for (const code of ['BAD_REQUEST', 'INVALID_JSON', 'NOT_FOUND', 'UNSUPPORTED_MEDIA_TYPE']) {
    t.equal(health.rejectedRequests[code] ?? 0, stableCodes.get(code) ?? 0, `${code}: every one counted (${stableCodes.get(code) ?? 0})`);
  }
  t.equal(d.daemon.app.server.listening, true, 'still serving');
  t.same(unhandled, [], 'no unhandled promise rejection');
  t.notOk(
    d.logs.some((l) => l.includes('"level":60')),
    'nothing logged as fatal',
  );
});
