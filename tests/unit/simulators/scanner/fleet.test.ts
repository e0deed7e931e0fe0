// Fleet mode: many simulated scanners at once, for load tests and benchmarks (docs/benchmarks.md).
// Every payload must be a card the daemon accepts, each with its own personal ID (so a received read
// can be matched to its send), and with names that vary as a day's patients do, so the load is one
// a reception really sees; the members must scan at the rate asked, spread over the period.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { parsePayload } from '../../../../daemon/src/parse/index.ts';
import { runFleet, SYNTHETIC_NAMES, syntheticPayload, type FleetMember, type FleetSend } from '../../../../simulators/src/scanner/fleet.ts';

t.test('every synthetic payload is a valid 2021 card whose ID encodes its number', async (t) => {
  const rejected: string[] = [];
  for (let n = 0; n < 3000; n++) {
    const { id, payload } = syntheticPayload(n);
    const r = parsePayload(Buffer.from(payload, 'utf8'), { today: '2026-11-23' });
    if (!r.ok || r.kind !== 'cccd2021' || !('id' in r) || r.id !== id || id !== `001089${String(n).padStart(6, '0')}`)
      rejected.push(`${n}: ${r.ok ? r.kind : r.error.code}`);
  }
  t.same(rejected, [], '3,000 payloads parse, each with the ID it announces');
  t.match(
    syntheticPayload(1).payload,
    /^001089000001\|013456789\|[^|]+\|\d{8}\|Nam\|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội\|20042021$/,
  );
});

t.test('IDs stay twelve digits past a million scans', async (t) => {
  t.equal(syntheticPayload(999_999).id, '001089999999');
  t.equal(syntheticPayload(1_000_000).id, '001089000000');
  t.equal(syntheticPayload(1_000_001).id, syntheticPayload(1).id);
});

t.test('names vary: 1,728 distinct Vietnamese names, consecutive patients never share one', async (t) => {
  t.equal(new Set(SYNTHETIC_NAMES).size, SYNTHETIC_NAMES.length, 'no name listed twice');
  t.equal(SYNTHETIC_NAMES.length, 16 * 6 * 18, 'every family name with every middle and given name');
  t.ok(
    SYNTHETIC_NAMES.every((n) => /^\p{Lu}\p{Ll}* \p{Lu}\p{Ll}* \p{Lu}\p{Ll}*$/u.test(n)),
    'family, middle and given name',
  );
  const used = new Set<string>();
  let sameAsPrevious = 0;
  for (let n = 1; n <= SYNTHETIC_NAMES.length; n++) {
    const name = syntheticPayload(n).payload.split('|')[2]!;
    if (name === syntheticPayload(n - 1).payload.split('|')[2]) sameAsPrevious++;
    used.add(name);
  }
  t.equal(used.size, SYNTHETIC_NAMES.length, 'a run of 1,728 scans uses every name');
  t.equal(sameAsPrevious, 0);
  t.ok(
    SYNTHETIC_NAMES.every((n) => syntheticPayload(SYNTHETIC_NAMES.indexOf(n)).payload.includes(`|${n}|`)),
    'every listed name is one the payloads use (the log check looks for these)',
  );
});

t.test('the fleet scans at the rate asked, members spread over one period', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  t.teardown(() => clock.uninstall());
  const random = Math.random;
  Math.random = () => 0.5; // the jitter's midpoint: exactly one period between scans
  t.teardown(() => (Math.random = random));
  const start = performance.now();
  const member = (id: string): FleetMember => ({ id, scan: async () => performance.now() - start });
  const announced: FleetSend[] = [];
  const run = runFleet([member('sim-1'), member('sim-2')], { ratePerSec: 10, durationMs: 1000, onSend: (s) => announced.push(s) });
  await clock.runAllAsync();
  const sends = await run;
  const times = (id: string): number[] => sends.filter((s) => s.deviceId === id).map((s) => s.lastByteAt);
  t.same(times('sim-1'), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900], '10 scans a second for one second');
  t.same(times('sim-2'), [50, 150, 250, 350, 450, 550, 650, 750, 850, 950], 'the second member half a period later');
  t.equal(new Set(sends.map((s) => s.personalId)).size, sends.length, 'every send has its own personal ID');
  t.same(announced, sends, 'each send announced as it happens');
});

t.test('jitter keeps each member within ±10% of the rate', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  t.teardown(() => clock.uninstall());
  const random = Math.random;
  const extremes = [0, 0.999999];
  let i = 0;
  Math.random = () => extremes[i++ % 2]!;
  t.teardown(() => (Math.random = random));
  const start = performance.now();
  const run = runFleet([{ id: 'sim-1', scan: async () => performance.now() - start }], { ratePerSec: 10, durationMs: 2000 });
  await clock.runAllAsync();
  const at = (await run).map((s) => s.lastByteAt);
  const gaps = at.slice(1).map((x, k) => x - at[k]!);
  t.ok(
    gaps.every((g) => g >= 90 && g <= 110),
    `gaps ${gaps.map((g) => g.toFixed(1)).join(' ')}`,
  );
  t.ok(gaps.some((g) => g < 95) && gaps.some((g) => g > 105), 'both ends of the jitter are used');
});
