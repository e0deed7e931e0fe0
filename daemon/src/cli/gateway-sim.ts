// `tiepnhan gateway-sim [--cert FILE.pem …]`: the simulated BHXH gateway on its own, for integrators
// and tests; `--cert` registers a facility's check-in signing certificate (repeatable).

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createGatewaySim, DEFAULT_ACCOUNT } from '../../../simulators/src/gateway/gateway-app.ts';
import { testIdentities } from '../../../simulators/src/gateway/identities.ts';
import { COMMANDS } from './commands.ts';

export async function runGatewaySim(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: COMMANDS['gateway-sim'].options,
    strict: true,
  });
  const certificates = await Promise.all((values.cert ?? []).map((f) => readFile(f, 'utf8')));
  const sim = createGatewaySim({ seed: Number(values.seed), latencyMs: Number(values['latency-ms']), certificates });
  if (values.identities) {
    for (const line of testIdentities(sim.population)) process.stdout.write(JSON.stringify(line) + '\n');
    return 0;
  }
  const faults = ['none', 'timeout', 'http500', 'malformed', 'outage'] as const;
  const fault = faults.find((f) => f === values.fault);
  const expiry = values['token-expiry'] === 'body401' ? 'body401' : values['token-expiry'] === 'http401' ? 'http401' : null;
  if (!fault || !expiry) {
    process.stderr.write(`--fault is one of ${faults.join('|')}; --token-expiry is http401|body401\n`);
    return 2;
  }
  sim.setFault(fault);
  sim.setTokenExpiryStyle(expiry);
  const url = await sim.app.listen({ host: values.host, port: Number(values.port) });
  process.stdout.write(`SIMULATED BHXH gateway (cổng BHXH mô phỏng) at ${url} — account ${DEFAULT_ACCOUNT.username} / ${DEFAULT_ACCOUNT.password}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await sim.app.close();
  return 0;
}
