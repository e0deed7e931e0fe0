// `tiepnhan simulate scan "<payload>"`: a simulated scanner of a running daemon sends the payload
// through its transport (a real pseudo-terminal by default), exactly as a scanner would.

import { parseArgs } from 'node:util';

export async function runSimulate(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      device: { type: 'string', default: 'sim-1' },
      port: { type: 'string', default: '7300' },
      host: { type: 'string', default: '127.0.0.1' },
      encoding: { type: 'string', default: 'utf8' },
    },
    strict: true,
  });
  const [action, payload] = positionals;
  if (action !== 'scan' || payload === undefined) {
    process.stderr.write('usage: tiepnhan simulate scan "<payload>" [--device sim-1] [--port 7300]\n');
    return 2;
  }
  const url = `http://${values.host}:${values.port}/api/simulators/${encodeURIComponent(values.device)}/scan`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payload, encoding: values.encoding }) });
  } catch (err) {
    process.stderr.write(`Không kết nối được tiepnhan tại ${url} / cannot reach the daemon: ${(err as Error).message}\n`);
    return 1;
  }
  const body = await res.text();
  if (!res.ok) {
    process.stderr.write(`${res.status} ${body}\n`);
    return 1;
  }
  process.stdout.write(body + '\n');
  return 0;
}
