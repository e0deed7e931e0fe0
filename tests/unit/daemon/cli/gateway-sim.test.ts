// `tiepnhan gateway-sim`: the simulated BHXH gateway on its own, for integrators and tests. Its test
// identities (one JSON line each, the same for the same seed), refusals of an unknown fault or token
// style (exit 2, before anything listens), a certificate file that cannot be read, and the gateway
// serving until it is told to stop, announcing itself as SIMULATED with its account. In-process.

import { once } from 'node:events';
import t from 'tap';
import { runGatewaySim } from '../../../../daemon/src/cli/gateway-sim.ts';
import { captureOutput } from '../../../helpers/capture-output.ts';

/** Runs `tiepnhan gateway-sim ARGS`, its output collected as it is written; `written` fires on each write. */
function gatewaySim(args: string[]) {
  const written = new (class extends EventTarget {})();
  const out = captureOutput({ onWrite: () => written.dispatchEvent(new Event('write')) });
  // It waits for SIGINT or SIGTERM, one listener each; the one that did not fire would stay behind in
  // the test process (the unit suite runs every file in one), so what it added is taken off after.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = signals.map((s) => process.listeners(s));
  const done = runGatewaySim(args).finally(() => {
    out.restore();
    signals.forEach((s, i) => process.listeners(s).forEach((l) => before[i]!.includes(l) || process.removeListener(s, l)));
  });
  return { out, written, done };
}

t.test('--identities: one JSON line per test identity, the same for the same seed', async (t) => {
  const a = gatewaySim(['--identities', '--seed', '3']);
  t.equal(await a.done, 0);
  const lines = a.out.stdout.trim().split('\n');
  const rows = lines.map((l) => JSON.parse(l) as Record<string, string>);
  t.ok(rows.length >= 20, `${rows.length} identities`);
  t.ok(
    rows.every((r) => Object.keys(r).join() === 'maThe,hoTen,ngaySinh,maKetQua' && /^\d{3}$/.test(r['maKetQua']!) && r['hoTen'] && r['ngaySinh']),
    'maThe, hoTen, ngaySinh, maKetQua on every line',
  );
  t.equal(new Set(rows.map((r) => r['maKetQua'])).size, rows.length, 'one identity per result code');
  const again = gatewaySim(['--identities', '--seed', '3']);
  await again.done;
  t.equal(again.out.stdout, a.out.stdout, 'same seed, same identities');
});

t.test('an unknown fault or token style is refused with exit 2', async (t) => {
  for (const args of [
    ['--fault', 'fire'],
    ['--token-expiry', 'http403'],
  ]) {
    const r = gatewaySim(args);
    t.equal(await r.done, 2, args.join(' '));
    t.equal(r.out.stderr, '--fault is one of none|timeout|http500|malformed|outage; --token-expiry is http401|body401\n');
    t.equal(r.out.stdout, '', 'nothing listens');
  }
});

t.test('a certificate file that cannot be read stops it before it starts', async (t) => {
  await t.rejects(gatewaySim(['--cert', '/nonexistent/facility.pem', '--identities']).done, { code: 'ENOENT' });
});

t.test('it serves with the chosen fault and token style until SIGTERM, announced as SIMULATED', async (t) => {
  const run = gatewaySim(['--port', '0', '--host', '127.0.0.1', '--latency-ms', '0', '--fault', 'http500', '--token-expiry', 'body401']);
  while (!run.out.stdout.includes('\n')) await once(run.written, 'write');
  const m = /^SIMULATED BHXH gateway \(cổng BHXH mô phỏng\) at (http:\/\/127\.0\.0\.1:\d+) — account 00000_BV \/ tiepnhan-sim\n$/.exec(run.out.stdout);
  if (!t.ok(m, run.out.stdout)) return;
  const stats = (await (await fetch(`${m![1]}/sim/stats`)).json()) as Record<string, unknown>;
  t.match(stats, { fault: 'http500', tokenExpiryStyle: 'body401' });
  process.emit('SIGTERM');
  t.equal(await run.done, 0, 'exit 0 on SIGTERM');
  await t.rejects(fetch(`${m![1]}/sim/stats`), 'and it no longer listens');
});
