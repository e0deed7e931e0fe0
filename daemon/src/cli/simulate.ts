// `tiepnhan simulate scan|unplug|replug|fleet|chip`: drives the simulated scanners and chip readers
// of a running daemon; `simulate chip-reader` runs a simulated chip reader service alone.
// The bytes travel through each simulator's transport (a real pseudo-terminal for serial ones),
// exactly as a scanner's would.

import { parseArgs } from 'node:util';
import { runFleet, syntheticPayload } from '../../../simulators/src/scanner/fleet.ts';
import { runChipReaderService } from './simulate-chip-reader.ts';
import { COMMANDS, usageOf } from './commands.ts';

const USAGE = usageOf('simulate');

/** An admin token for a daemon that requires tokens (TIEPNHAN_TOKEN); none on a loopback PC without tokens. */
function authHeader(): Record<string, string> {
  const token = process.env['TIEPNHAN_TOKEN'];
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function post(url: string, body?: object): Promise<{ ok: boolean; status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...authHeader(), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { ok: res.ok, status: res.status, text: await res.text() };
}

export async function runSimulate(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: COMMANDS.simulate.options,
    strict: true,
  });
  const [action, payload] = positionals;
  if (action === 'chip-reader') return runChipReaderService({ ...values, protocol: values.protocol ?? 'hn212-socketio', portGiven: argv.includes('--port') });
  const base = `http://${values.host}:${values.port}/api/simulators`;
  const device = encodeURIComponent(values.device);
  try {
    let r: { ok: boolean; status: number; text: string };
    if (action === 'scan' && payload !== undefined) r = await post(`${base}/${device}/scan`, { payload, encoding: values.encoding });
    else if (action === 'unplug' || action === 'replug') r = await post(`${base}/${device}/${action}`);
    else if (action === 'chip') {
      const chip = argv.includes('--device') ? device : 'sim-chip-1';
      r = await post(`${base}/${encodeURIComponent(chip)}/chip`, values.fault ? { fault: values.fault } : {});
    } else if (action === 'fleet') return await fleet(base, Number(values.rate), Number(values.seconds));
    else {
      process.stderr.write(USAGE);
      return 2;
    }
    if (!r.ok) {
      process.stderr.write(`${r.status} ${r.text}\n`);
      return 1;
    }
    process.stdout.write(r.text + '\n');
    return 0;
  } catch (err) {
    process.stderr.write(`Không kết nối được tiepnhan tại ${base} / cannot reach the daemon: ${(err as Error).message}\n`);
    return 1;
  }
}

async function fleet(base: string, rate: number, seconds: number): Promise<number> {
  const ids = ((await (await fetch(base, { headers: authHeader() })).json()) as { scanners: string[] }).scanners;
  let failures = 0;
  const members = ids.map((id) => ({
    id,
    scan: async (p: string) => {
      const r = await post(`${base}/${encodeURIComponent(id)}/scan`, { payload: p });
      if (!r.ok) failures++;
      return performance.now();
    },
  }));
  const sends = await runFleet(members, { ratePerSec: rate, durationMs: seconds * 1000 });
  process.stdout.write(JSON.stringify({ scanners: ids.length, sent: sends.length, failures, example: syntheticPayload(1).id.slice(0, 4) + '…' }) + '\n');
  return failures === 0 ? 0 : 1;
}
