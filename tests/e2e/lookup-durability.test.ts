// Never lose a lookup, with real processes: a card is scanned while the gateway is slow, the daemon
// is killed (SIGKILL: a power cut) while the card check is in flight, and restarted with the gateway
// healthy. The lookup was written ahead with the event, so the restarted daemon sends it again and the
// read gets its answer without anybody scanning again.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { EligibilityMessage } from '../../daemon/src/api/contract.ts';
import { Db } from '../../daemon/src/storage/db.ts';
import { createGatewaySim } from '../../simulators/src/gateway/gateway-app.ts';
import { freePort, startCli } from '../helpers/cli.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021';

t.test('SIGKILL with a card check in flight: after the restart the answer arrives without a new scan', async (t) => {
  const sim = createGatewaySim({ seed: 1, populationSize: 100 });
  const gatewayUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => sim.app.close());
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-lookup-kill-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      port,
      dataDir: join(dir, 'data'),
      discovery: { serial: false, hid: false },
      log: { level: 'warn' },
      gateway: { url: gatewayUrl, timeoutMs: 15000 },
      eligibility: { pollMs: 100 },
      simulators: { enabled: true, pty: false, scanners: [{ id: 'sim-1', desk: 'desk-1' }] },
    }),
  );
  const start = () => startCli(['start', '--config', join(dir, 'config.json')], `${url}/api/health`);

  let daemon = await start();
  await until(() => sim.stats.tokensIssued >= 1, 10_000); // the token keeper took its token at start
  sim.setLatency(0);
  await fetch(`${gatewayUrl}/sim/latency`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ medianMs: 12_000, fixed: true }),
  });
  const res = await fetch(`${url}/api/simulators/sim-1/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload: AN }),
  });
  t.equal(res.status, 200, 'scanned');
  await until(() => sim.stats.checks >= 1, 10_000);
  daemon.proc.kill('SIGKILL');
  await new Promise((r) => (daemon.proc.exitCode !== null || daemon.proc.signalCode !== null ? r(null) : daemon.proc.once('exit', r)));
  t.equal(daemon.proc.signalCode, 'SIGKILL', 'killed while the gateway was still thinking');

  await fetch(`${gatewayUrl}/sim/latency`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ medianMs: 0, fixed: true }),
  });
  const checksBefore = sim.stats.checks;
  daemon = await start();
  t.teardown(() => daemon.stop());
  let answer: EligibilityMessage | null = null;
  await until(async () => {
    const r = await fetch(`${url}/api/eligibility/1`);
    answer = r.status === 200 ? ((await r.json()) as EligibilityMessage) : null;
    return answer?.outcome === 'eligible';
  }, 20_000);
  t.match(answer, { eventId: 1, outcome: 'eligible', code: '000', verification: 'deferred' }, 'the read got its answer, marked as answered later');
  t.equal(sim.stats.checks - checksBefore, 1, 'sent again exactly once');
  const health = (await (await fetch(`${url}/api/health`)).json()) as { eligibility: { pending: number } };
  await daemon.stop();
  const db = await Db.open(join(dir, 'data', 'tiepnhan.sqlite'));
  t.teardown(() => db.close());
  t.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM scan_events'))?.n, 1, 'no new scan was needed');
  t.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM verify_queue'))?.n, 0, 'the written-ahead lookup is gone once answered');
  t.equal(health.eligibility.pending, 0);
});
