// A simulated BHXH gateway speaking the same HTTP API as the real one (token/take,
// KQNhanLichSuKCB2024, Lskcb2025 and the XML0 check-in), in the wire format protocols/bhxh-gateway/
// declares, with IP-bound 10-minute tokens, JSON or form bodies, a latency model and fault
// injection. The daemon cannot tell it from the real gateway except by its URL.

import { randomBytes, randomUUID } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { checkCard, type CardCheckRequest, type Officer } from './card-check.ts';
import { mulberry32, Population } from './population.ts';
import { visitsOf } from './visit-history.ts';
import { CheckinDesk, type CheckinRecord } from './checkin.ts';
import { passwordHash, RESTRICTED_NOTE, SYSTEM_ERROR_NOTE, TOKEN_LIFETIME_MS, type TokenExpiryStyle } from '../../../protocols/bhxh-gateway/auth.ts';
import { CARD_CHECK_PATH } from '../../../protocols/bhxh-gateway/card-check.ts';
import { CHECKIN_PATHS } from '../../../protocols/bhxh-gateway/check-in.ts';
import { TOKEN_PATH, type TokenAnswer } from '../../../protocols/bhxh-gateway/token.ts';
import { VISIT_HISTORY_PATH, type VisitHistoryAnswer } from '../../../protocols/bhxh-gateway/visit-history.ts';

export interface GatewaySimOptions {
  readonly seed?: number;
  readonly populationSize?: number;
  /** Median latency of a card check; the tail follows a log-normal shape like the real gateway's. */
  readonly latencyMs?: number;
  readonly accounts?: ReadonlyArray<{ readonly username: string; readonly password: string }>;
  readonly officers?: readonly Officer[];
  readonly tokenTtlMs?: number;
  readonly now?: () => number;
  /** Certificates (PEM) the facility registered on the portal: check-ins signed with others are refused. */
  readonly certificates?: readonly string[];
}

/** restricted: the account is on BHXH's restricted-lookup list (HTTP 500, GhiChu "Có lỗi xảy ra trong
 *  quá trình tra cứu!"); systemError: a genuine system error in the same JSON shape ("Có lỗi hệ thống
 *  xảy ra trong quá trình xử lý!"); both from docs/research/checkin-xml0.md §6. */
export type Fault = 'none' | 'timeout' | 'http500' | 'malformed' | 'outage' | 'restricted' | 'systemError';
const FAULTS: readonly Fault[] = ['none', 'timeout', 'http500', 'malformed', 'outage', 'restricted', 'systemError'];

export interface GatewaySim {
  readonly app: FastifyInstance;
  readonly population: Population;
  setFault(fault: Fault): void;
  /** How an expired token is reported: HTTP 401 with an empty body, or HTTP 200 with maKetQua "401". */
  setTokenExpiryStyle(style: TokenExpiryStyle): void;
  setLatency(medianMs: number): void;
  expireTokens(): void;
  /** Registers a facility's signing certificate (PEM), as on the BHXH portal. */
  registerCertificate(pem: string): void;
  /** Every check-in received, accepted or refused, with its decoded XML0. */
  readonly checkins: readonly CheckinRecord[];
  /** Every request that reached a gateway route (token/take, card check, history, check-in), and each kind. */
  readonly stats: { tokensIssued: number; checks: number; histories: number; checkins: number; calls: number };
}

export const DEFAULT_ACCOUNT = { username: '00000_BV', password: 'tiepnhan-sim' } as const;
export const DEFAULT_OFFICER: Officer = { name: 'Cán bộ tiếp đón', cccd: '001190000001' };

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

/** What the simulator's control routes change, and the gateway routes read. */
interface SimState {
  latency: number;
  fixedLatency: boolean;
  fault: Fault;
  expiryStyle: TokenExpiryStyle;
  readonly tokens: Map<string, { idToken: string; ip: string; username: string; expiresAt: number }>;
  readonly stats: { tokensIssued: number; checks: number; histories: number; checkins: number; calls: number };
  setFault(f: Fault, forMs?: number): void;
}

function simState(latencyMs: number): SimState {
  let faultTimer: NodeJS.Timeout | null = null;
  const state: SimState = {
    latency: latencyMs,
    fixedLatency: false,
    fault: 'none',
    expiryStyle: 'http401',
    tokens: new Map(),
    stats: { tokensIssued: 0, checks: 0, histories: 0, checkins: 0, calls: 0 },
    setFault(f, forMs) {
      state.fault = f;
      if (faultTimer) clearTimeout(faultTimer);
      faultTimer = forMs ? setTimeout(() => void (state.fault = 'none'), forMs) : null;
      faultTimer?.unref();
    },
  };
  return state;
}

export function createGatewaySim(opts: GatewaySimOptions = {}): GatewaySim {
  const state = simState(opts.latencyMs ?? 0);
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseQuery(body as string));
  });
  // Built on the first card check (or the first look at it): an idle daemon with the embedded
  // simulator does not hold thousands of synthetic people it has not been asked about.
  let people: Population | null = null;
  const population = (): Population => (people ??= new Population(opts.seed ?? 1, opts.populationSize ?? 10_000));
  const desk = new CheckinDesk(opts.now ?? Date.now);
  for (const pem of opts.certificates ?? []) desk.registerCertificate(pem);
  gatewayRoutes(app, state, { ...opts, population, desk });
  controlRoutes(app, state, desk);
  return {
    app,
    registerCertificate: (pem) => desk.registerCertificate(pem),
    checkins: desk.records,
    get population() {
      return population();
    },
    stats: state.stats,
    setFault: (f) => state.setFault(f),
    setTokenExpiryStyle: (s) => void (state.expiryStyle = s),
    setLatency: (ms) => void (state.latency = ms),
    expireTokens: () => state.tokens.clear(),
  };
}

// The MCCT service writes these keys capitalised (the client reads either case).
const RESTRICTED = { MaKetQua: '500', GhiChu: RESTRICTED_NOTE };
const SYSTEM_ERROR = { MaKetQua: '500', GhiChu: SYSTEM_ERROR_NOTE };

/** Sends the injected fault's answer (after the latency model's delay) and says so; false: answer
 *  normally. A boolean, not the reply: a fastify reply is thenable, so awaiting one returned from an
 *  async function waits for the response and yields undefined (the route would then answer twice). */
async function faultAnswer(state: SimState, reply: FastifyReply, delay: () => Promise<void>): Promise<boolean> {
  if (state.fault === 'outage') return (reply.code(503).type('text/html').send('<html><body><h1>503 Service Unavailable</h1></body></html>'), true);
  await delay();
  if (state.fault === 'timeout') await new Promise((r) => setTimeout(r, 120_000).unref());
  if (state.fault === 'http500') return (reply.code(500).type('text/html').send('<html><body>Runtime Error</body></html>'), true);
  if (state.fault === 'restricted') return (reply.code(500).send(RESTRICTED), true);
  if (state.fault === 'systemError') return (reply.code(500).send(SYSTEM_ERROR), true);
  if (state.fault === 'malformed') return (reply.type('application/json').send('{"maKetQua":"000","hoTen":'), true);
  return false;
}

/** What every gateway route shares: the clock, the latency model, the account and token checks. */
interface RouteContext {
  readonly now: () => number;
  readonly delay: () => Promise<void>;
  readonly accountOk: (username: string | undefined, password: string | undefined) => boolean;
  readonly expired: (reply: FastifyReply) => unknown;
}

function routeContext(state: SimState, opts: GatewaySimOptions): RouteContext {
  const accounts = opts.accounts ?? [DEFAULT_ACCOUNT];
  const rnd = mulberry32(opts.seed ?? 1);
  return {
    now: opts.now ?? Date.now,
    delay: async (): Promise<void> => {
      if (state.latency <= 0) return;
      if (state.fixedLatency) return void (await new Promise((r) => setTimeout(r, state.latency)));
      // Log-normal around the median with σ = 1.2: at a 2 s median, p95 ≈ 14 s and p99 ≈ 32 s, capped at
      // 60 s — the "5–30 s, sometimes longer" docs/research/eligibility-gateway.md §5 reports for the real gateway.
      const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
      await new Promise((r) => setTimeout(r, Math.min(60_000, state.latency * Math.exp(1.2 * z))));
    },
    accountOk: (username, password) => accounts.some((a) => a.username === username && passwordHash(a.password, 'lower') === (password ?? '').toLowerCase()),
    expired: (reply) => (state.expiryStyle === 'http401' ? reply.code(401).send('') : { maKetQua: '401', ghiChu: 'Lỗi xác thực tài khoản' }),
  };
}

/** Check-in (XML0) on both resource paths: the token in headers (accessToken, tokenId, passwordHash),
 *  the account and the document in the body (form or JSON). */
function checkinRoutes(app: FastifyInstance, state: SimState, ctx: RouteContext, desk: CheckinDesk): void {
  const authorised = (req: FastifyRequest): boolean => {
    const h = req.headers;
    const token = state.tokens.get(String(h['accesstoken'] ?? ''));
    const account = ctx.accountOk(fields(req.body)['username'], String(h['passwordhash'] ?? ''));
    return Boolean(token && token.idToken === h['tokenid'] && token.ip === req.ip && token.expiresAt > ctx.now() && account);
  };
  for (const resource of CHECKIN_PATHS) {
    app.post(resource, { bodyLimit: 4 * 1024 * 1024 }, async (req, reply) => {
      state.stats.calls++;
      state.stats.checkins++;
      if (await faultAnswer(state, reply, ctx.delay)) return reply;
      if (!authorised(req)) return ctx.expired(reply);
      return desk.receive(fields(req.body)['filehsbase64']);
    });
  }
}

/** The routes of the real gateway the daemon uses: token/take, the card check and the visit history. */
function gatewayRoutes(app: FastifyInstance, state: SimState, opts: GatewaySimOptions & { population: () => Population; desk: CheckinDesk }): void {
  const ctx = routeContext(state, opts);
  const { now, delay, accountOk, expired } = ctx;
  const officers = opts.officers ?? [DEFAULT_OFFICER];
  const ttl = opts.tokenTtlMs ?? TOKEN_LIFETIME_MS;
  // Tokens are bound to the caller's IP and last 10 minutes (docs/research/eligibility-gateway.md §2).
  const authorised = (req: FastifyRequest): boolean => {
    const q = fields(req.query);
    const token = state.tokens.get(q['token'] ?? '');
    return Boolean(token && token.idToken === q['id_token'] && token.ip === req.ip && token.expiresAt > now() && accountOk(q['username'], q['password']));
  };
  const lookup = (req: FastifyRequest): CardCheckRequest => {
    const f = fields(req.body);
    return { maThe: f['mathe'], hoTen: f['hoten'], ngaySinh: f['ngaysinh'], hoTenCb: f['hotencb'], cccdCb: f['cccdcb'] };
  };
  checkinRoutes(app, state, ctx, opts.desk);

  app.post(TOKEN_PATH, async (req): Promise<TokenAnswer> => {
    state.stats.calls++;
    const f = fields(req.body);
    if (!accountOk(f['username'], f['password'])) return { maKetQua: '401', APIKey: null };
    const accessToken = randomBytes(32).toString('base64');
    const key = { idToken: randomUUID(), ip: req.ip, username: f['username']!, expiresAt: now() + ttl };
    state.tokens.set(accessToken, key);
    state.stats.tokensIssued++;
    return {
      maKetQua: '200',
      APIKey: {
        access_token: accessToken,
        id_token: key.idToken,
        token_type: 'Bearer',
        username: key.username,
        expires_in: new Date(key.expiresAt).toISOString(),
      },
    };
  });

  app.post(CARD_CHECK_PATH, async (req, reply) => {
    state.stats.calls++;
    state.stats.checks++;
    if (await faultAnswer(state, reply, delay)) return reply;
    if (!authorised(req)) return expired(reply);
    return checkCard(lookup(req), opts.population(), officers);
  });

  // Form body only: the real gateway rejected JSON although the letter's table says JSON
  // (checkin-xml0.md §5); a JSON body gets 205 here.
  app.post(VISIT_HISTORY_PATH, async (req, reply) => {
    state.stats.calls++;
    state.stats.histories++;
    if (await faultAnswer(state, reply, delay)) return reply;
    if (!authorised(req)) return expired(reply);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return { maKetQua: '205', ghiChu: 'Lỗi sai định dạng tham số', dsLichSuKCB2025: null };
    const card = checkCard(lookup(req), opts.population(), officers);
    const code = String(card['maKetQua']);
    const person = ['000', '001', '002', '003', '004'].includes(code) ? opts.population().find(String(card['maSoBHXH'])) : undefined;
    const answer: VisitHistoryAnswer = {
      maKetQua: person ? '000' : code,
      ghiChu: person ? 'Thành công' : typeof card['ghiChu'] === 'string' ? card['ghiChu'] : '',
      dsLichSuKCB2025: person ? visitsOf(person, opts.seed ?? 1) : null,
    };
    return answer;
  });
}

/** Fault injection over HTTP, for integrators and tests that only have the URL. */
function controlRoutes(app: FastifyInstance, state: SimState, desk: CheckinDesk): void {
  // What the gateway received, as JSON: [{ maGiaoDich, receivedAt, maKetQua, thongDiep, xml }].
  app.get('/sim/checkins', async () => desk.records);
  const certBody = { type: 'object', required: ['pem'], properties: { pem: { type: 'string', minLength: 1 } } } as const;
  app.post<{ Body: { pem: string } }>('/sim/certificates', { schema: { body: certBody } }, async (req) => {
    desk.registerCertificate(req.body.pem);
    return { registered: true };
  });
  const faultBody = {
    type: 'object',
    required: ['fault'],
    properties: { fault: { type: 'string', enum: FAULTS }, forMs: { type: 'integer', minimum: 1 } },
  } as const;
  app.post<{ Body: { fault: Fault; forMs?: number } }>('/sim/fault', { schema: { body: faultBody } }, async (req) => {
    state.setFault(req.body.fault, req.body.forMs);
    return { fault: state.fault, forMs: req.body.forMs ?? null };
  });
  const expiryBody = { type: 'object', required: ['style'], properties: { style: { type: 'string', enum: ['http401', 'body401'] } } } as const;
  app.post<{ Body: { style: 'http401' | 'body401' } }>('/sim/token-expiry', { schema: { body: expiryBody } }, async (req) => ({
    style: (state.expiryStyle = req.body.style),
  }));
  const latencyBody = {
    type: 'object',
    required: ['medianMs'],
    properties: { medianMs: { type: 'integer', minimum: 0 }, fixed: { type: 'boolean' } },
  } as const;
  app.post<{ Body: { medianMs: number; fixed?: boolean } }>('/sim/latency', { schema: { body: latencyBody } }, async (req) => {
    state.latency = req.body.medianMs;
    state.fixedLatency = req.body.fixed ?? false;
    return { medianMs: state.latency, fixed: state.fixedLatency };
  });
  app.post('/sim/expire-tokens', async () => {
    state.tokens.clear();
    return { expired: true };
  });
  app.get('/sim/stats', async () => ({ ...state.stats, fault: state.fault, latencyMs: state.latency, tokenExpiryStyle: state.expiryStyle }));
}
