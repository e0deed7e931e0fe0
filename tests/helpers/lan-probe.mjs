// The other PC on the test LAN (tests/helpers/netns.ts): run inside the namespace with
// `ip netns exec NS node lan-probe.mjs MODE JSON`, it does what a PC on the clinic's network would
// and prints one JSON line. Plain JavaScript: it starts in milliseconds, with nothing to compile.
//   request {url, from, ca?, headers?, method?, body?}      one request → {status, headers, body} or {error}
//   wrongBearer {url, from, ca?, count}                      `count` requests with wrong tokens → {statuses, ms}
//   hold {host, port, from, count, ms}                       opens `count` idle TCP connections, holds them
//                                                            `ms`, → {open: still open at the end}

import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';

const [mode, json] = process.argv.slice(2);
const o = JSON.parse(json ?? '{}');

function send(url, opts) {
  return new Promise((resolve) => {
    const u = new URL(url);
    const tls = u.protocol === 'https:';
    const req = (tls ? httpsRequest : httpRequest)(
      u,
      {
        method: opts.method ?? 'GET',
        headers: opts.headers ?? {},
        localAddress: opts.from,
        agent: false,
        timeout: 10_000,
        ...(tls && opts.ca ? { ca: readFileSync(opts.ca) } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: e.code ?? e.message }));
    req.end(opts.body);
  });
}

async function main() {
  if (mode === 'request') return send(o.url, o);
  if (mode === 'wrongBearer') {
    const started = Date.now();
    const statuses = {};
    for (let i = 0; i < o.count; i++) {
      const r = await send(o.url, { ...o, headers: { authorization: `Bearer wrong-token-${i}-0123456789` } });
      const key = r.status ?? r.error;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    return { statuses, ms: Date.now() - started };
  }
  if (mode === 'hold') {
    const sockets = [];
    let open = 0;
    await Promise.all(
      Array.from(
        { length: o.count },
        () =>
          new Promise((resolve) => {
            const s = connect({ host: o.host, port: o.port, localAddress: o.from }, () => resolve());
            s.on('error', () => resolve());
            sockets.push(s);
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, o.ms));
    for (const s of sockets) if (!s.destroyed && s.readyState === 'open') open++;
    for (const s of sockets) s.destroy();
    return { open };
  }
  throw new Error(`unknown mode ${mode}`);
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
