// A simulated BHXH gateway speaking the same HTTP API as the real one (token/take and
// KQNhanLichSuKCB2024), with IP-bound 10-minute tokens, JSON or form bodies, a latency model and
// fault injection. The daemon cannot tell it from the real gateway except by its URL.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import Fastify, { type FastifyInstance } from 'fastify';
import { checkCard, type CardCheckRequest, type Officer } from './card-check.ts';
import { mulberry32, Population } from './population.ts';

export interface GatewaySimOptions {
  readonly seed?: number;
  readonly populationSize?: number;
  /** Median latency of a card check; the tail follows a log-normal shape like the real gateway's. */
  readonly latencyMs?: number;
  readonly accounts?: ReadonlyArray<{ readonly username: string; readonly password: string }>;
  readonly officers?: readonly Officer[];
  readonly tokenTtlMs?: number;
  readonly now?: () => number;
}

export type Fault = 'none' | 'timeout' | 'http500' | 'malformed' | 'outage';

export interface GatewaySim {
  readonly app: FastifyInstance;
  readonly population: Population;
  setFault(fault: Fault): void;
  /** How an expired token is reported: HTTP 401 with an empty body, or HTTP 200 with maKetQua "401". */
  setTokenExpiryStyle(style: 'http401' | 'body401'): void;
  setLatency(medianMs: number): void;
  expireTokens(): void;
  readonly stats: { tokensIssued: number; checks: number };
}

export const DEFAULT_ACCOUNT = { username: '00000_BV', password: 'tiepnhan-sim' } as const;
export const DEFAULT_OFFICER: Officer = { name: 'Cán bộ tiếp đón', cccd: '001190000001' };

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

/** Body as a case-insensitive string map, from JSON or application/x-www-form-urlencoded. */
function fields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number') out[k.toLowerCase()] = String(v);
    }
  }
  return out;
}

export function createGatewaySim(opts: GatewaySimOptions = {}): GatewaySim {
  const now = opts.now ?? Date.now;
  const population = new Population(opts.seed ?? 1, opts.populationSize ?? 10_000);
  const accounts = opts.accounts ?? [DEFAULT_ACCOUNT];
  const officers = opts.officers ?? [DEFAULT_OFFICER];
  const ttl = opts.tokenTtlMs ?? 10 * 60_000;
  const tokens = new Map<string, { idToken: string; ip: string; username: string; expiresAt: number }>();
  const rnd = mulberry32(opts.seed ?? 1);
  let latency = opts.latencyMs ?? 0;
  let fixedLatency = false;
  let fault: Fault = 'none';
  let expiryStyle: 'http401' | 'body401' = 'http401';
  const stats = { tokensIssued: 0, checks: 0 };

  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseQuery(body as string));
  });

  const delay = async (): Promise<void> => {
    if (latency <= 0) return;
    if (fixedLatency) return void (await new Promise((r) => setTimeout(r, latency)));
    // Log-normal around the median with σ = 1.2: at a 2 s median, p95 ≈ 14 s and p99 ≈ 32 s, capped at
    // 60 s — the "5–30 s, sometimes longer" the research notes report for the real gateway.
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    await new Promise((r) => setTimeout(r, Math.min(60_000, latency * Math.exp(1.2 * z))));
  };

  const accountOk = (username: string | undefined, password: string | undefined): boolean =>
    accounts.some((a) => a.username === username && md5(a.password) === (password ?? '').toLowerCase());

  app.post('/api/token/take', async (req) => {
    const f = fields(req.body);
    if (!accountOk(f['username'], f['password'])) return { maKetQua: '401', APIKey: null };
    const accessToken = randomBytes(32).toString('base64');
    const expiresAt = now() + ttl;
    tokens.set(accessToken, { idToken: randomUUID(), ip: req.ip, username: f['username']!, expiresAt });
    stats.tokensIssued++;
    const key = tokens.get(accessToken)!;
    return {
      maKetQua: '200',
      APIKey: { access_token: accessToken, id_token: key.idToken, token_type: 'Bearer', username: key.username, expires_in: new Date(expiresAt).toISOString() },
    };
  });

  app.post('/api/egw/KQNhanLichSuKCB2024', async (req, reply) => {
    stats.checks++;
    if (fault === 'outage') return reply.code(503).type('text/html').send('<html><body><h1>503 Service Unavailable</h1></body></html>');
    await delay();
    if (fault === 'timeout') await new Promise((r) => setTimeout(r, 120_000).unref());
    if (fault === 'http500') return reply.code(500).type('text/html').send('<html><body>Runtime Error</body></html>');
    if (fault === 'malformed') return reply.type('application/json').send('{"maKetQua":"000","hoTen":');
    const q = fields(req.query);
    const token = tokens.get(q['token'] ?? '');
    const valid = token && token.idToken === q['id_token'] && token.ip === req.ip && token.expiresAt > now() && accountOk(q['username'], q['password']);
    if (!valid) return expiryStyle === 'http401' ? reply.code(401).send('') : { maKetQua: '401', ghiChu: 'Lỗi xác thực tài khoản' };
    const f = fields(req.body);
    const request: CardCheckRequest = { maThe: f['mathe'], hoTen: f['hoten'], ngaySinh: f['ngaysinh'], hoTenCb: f['hotencb'], cccdCb: f['cccdcb'] };
    return checkCard(request, population, officers);
  });

  // Fault injection over HTTP, for integrators and tests that only have the URL.
  let faultTimer: NodeJS.Timeout | null = null;
  const setFault = (f: Fault, forMs?: number): void => {
    fault = f;
    if (faultTimer) clearTimeout(faultTimer);
    faultTimer = forMs ? setTimeout(() => void (fault = 'none'), forMs) : null;
    faultTimer?.unref();
  };
  app.post<{ Body: { fault: Fault; forMs?: number } }>(
    '/sim/fault',
    { schema: { body: { type: 'object', required: ['fault'], properties: { fault: { type: 'string', enum: ['none', 'timeout', 'http500', 'malformed', 'outage'] }, forMs: { type: 'integer', minimum: 1 } } } } },
    async (req) => {
      setFault(req.body.fault, req.body.forMs);
      return { fault, forMs: req.body.forMs ?? null };
    },
  );
  app.post<{ Body: { style: 'http401' | 'body401' } }>(
    '/sim/token-expiry',
    { schema: { body: { type: 'object', required: ['style'], properties: { style: { type: 'string', enum: ['http401', 'body401'] } } } } },
    async (req) => ({ style: (expiryStyle = req.body.style) }),
  );
  app.post<{ Body: { medianMs: number; fixed?: boolean } }>(
    '/sim/latency',
    { schema: { body: { type: 'object', required: ['medianMs'], properties: { medianMs: { type: 'integer', minimum: 0 }, fixed: { type: 'boolean' } } } } },
    async (req) => {
      latency = req.body.medianMs;
      fixedLatency = req.body.fixed ?? false;
      return { medianMs: latency, fixed: fixedLatency };
    },
  );
  app.post('/sim/expire-tokens', async () => {
    tokens.clear();
    return { expired: true };
  });
  app.get('/sim/stats', async () => ({ ...stats, fault, latencyMs: latency, tokenExpiryStyle: expiryStyle }));

  return {
    app,
    population,
    stats,
    setFault: (f) => setFault(f),
    setTokenExpiryStyle: (s) => void (expiryStyle = s),
    setLatency: (ms) => void (latency = ms),
    expireTokens: () => tokens.clear(),
  };
}
