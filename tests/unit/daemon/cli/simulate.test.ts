// `tiepnhan simulate scan|unplug|replug|fleet`: a technician or a demo drives the simulated scanners
// of a running daemon. What reaches the daemon (route, payload, encoding, admin token), what the user
// is told when the daemon refuses or is not running (exit 1, in both languages), and the usage with
// exit 2 for a command line that names no action. A loopback server stands in for the daemon.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { usageOf } from '../../../../daemon/src/cli/commands.ts';
import { runSimulate } from '../../../../daemon/src/cli/simulate.ts';
import { captureOutput } from '../../../helpers/capture-output.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

async function simulate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = captureOutput();
  try {
    const code = await runSimulate(args);
    return { code, stdout: out.stdout, stderr: out.stderr };
  } finally {
    out.restore();
  }
}

/** Sets (or, with undefined, unsets) an environment variable for one test; the old value comes back after it. */
function env(t: { teardown(fn: () => unknown): void }, name: string, value: string | undefined): void {
  const saved = process.env[name];
  const put = (v: string | undefined): void => {
    if (v === undefined) delete process.env[name];
    else process.env[name] = v;
  };
  put(value);
  t.teardown(() => put(saved));
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in daemon: answers each request with `answer(req)` and remembers it. */
async function daemon(t: Test, answer: (r: Seen) => [number, string] = () => [200, '{"ok":true}']) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(r);
      const [status, text] = answer(r);
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { seen, port: String((server.address() as AddressInfo).port) };
}

t.test('scan: the payload goes to sim-1 of the daemon, its answer to stdout', async (t) => {
  const d = await daemon(t);
  env(t, 'TIEPNHAN_TOKEN', undefined);
  const r = await simulate(['scan', AN, '--port', d.port]);
  t.same(r, { code: 0, stdout: '{"ok":true}\n', stderr: '' });
  t.match(d.seen, [{ method: 'POST', url: '/api/simulators/sim-1/scan', headers: { 'content-type': 'application/json' } }]);
  t.same(JSON.parse(d.seen[0]!.body), { payload: AN, encoding: 'utf8' }, 'the Vietnamese text arrives intact');
  t.equal(d.seen[0]!.headers.authorization, undefined, 'no token unless one is set');
});

t.test('scan: another device, a Western code page, and the admin token from TIEPNHAN_TOKEN', async (t) => {
  const d = await daemon(t);
  env(t, 'TIEPNHAN_TOKEN', 'admin-token-aaaaaaaaaaaa');
  await simulate(['scan', AN, '--device', 'quầy 2/a', '--encoding', 'cp1252', '--port', d.port, '--host', '127.0.0.1']);
  t.equal(d.seen[0]!.url, '/api/simulators/qu%E1%BA%A7y%202%2Fa/scan', 'the device id is one path segment');
  t.same(JSON.parse(d.seen[0]!.body), { payload: AN, encoding: 'cp1252' });
  t.equal(d.seen[0]!.headers.authorization, 'Bearer admin-token-aaaaaaaaaaaa');
});

t.test('unplug and replug: a bare POST to the device', async (t) => {
  const d = await daemon(t);
  for (const action of ['unplug', 'replug']) t.equal((await simulate([action, '--device', 'sim-2', '--port', d.port])).code, 0, action);
  t.match(d.seen, [
    { method: 'POST', url: '/api/simulators/sim-2/unplug', body: '' },
    { method: 'POST', url: '/api/simulators/sim-2/replug', body: '' },
  ]);
  t.equal(d.seen[0]!.headers['content-type'], undefined, 'no body, no content type');
});

t.test('a refusal by the daemon: its status and answer on stderr, exit 1', async (t) => {
  const body = '{"error":{"code":"DEVICE_NOT_FOUND","vi":"Không có máy quét \\"nope\\".","en":"No scanner \\"nope\\"."}}';
  const d = await daemon(t, () => [404, body]);
  t.same(await simulate(['scan', AN, '--device', 'nope', '--port', d.port]), { code: 1, stdout: '', stderr: `404 ${body}\n` });
});

t.test('no daemon running: said in both languages, exit 1', async (t) => {
  // A port nobody listens on: one just given up by a server of our own.
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const closed = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  const r = await simulate(['unplug', '--port', String(closed)]);
  t.equal(r.code, 1);
  t.match(r.stderr, new RegExp(`^Không kết nối được tiepnhan tại http://127\\.0\\.0\\.1:${closed}/api/simulators / cannot reach the daemon: `));
});

t.test('no action, an unknown one, or scan without a payload: the usage, exit 2, nothing sent', async (t) => {
  const d = await daemon(t);
  for (const args of [[], ['press'], ['scan']]) {
    const r = await simulate([...args, '--port', d.port]);
    t.same(r, { code: 2, stdout: '', stderr: usageOf('simulate') }, args.join(' ') || '(nothing)');
  }
  t.same(d.seen, []);
  await t.rejects(simulate(['scan', AN, '--devices', 'x']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
});

t.test('fleet: every simulated scanner of the daemon scans synthetic cards; the tally is what the daemon received', async (t) => {
  let n = 0;
  const d = await daemon(t, (r) => (r.method === 'GET' ? [200, '{"scanners":["sim-1","sim-2"]}'] : ++n % 3 === 0 ? [503, '{}'] : [200, '{}']));
  const r = await simulate(['fleet', '--rate', '20', '--seconds', '0.5', '--port', d.port]);
  const posts = d.seen.filter((s) => s.method === 'POST');
  const tally = JSON.parse(r.stdout) as { scanners: number; sent: number; failures: number; example: string };
  t.same(tally, { scanners: 2, sent: posts.length, failures: Math.floor(posts.length / 3), example: '0010…' });
  t.ok(posts.length >= 2, 'both scanners sent');
  t.same(new Set(posts.map((p) => p.url)), new Set(['/api/simulators/sim-1/scan', '/api/simulators/sim-2/scan']));
  t.ok(
    posts.every((p) => /^001089\d{6}\|013456789\|/.test((JSON.parse(p.body) as { payload: string }).payload)),
    'valid synthetic cards',
  );
  t.equal(r.code, tally.failures > 0 ? 1 : 0, 'exit 1 when the daemon refused any');
});
