// What a reception desk and a technician do besides scanning: manual search, a webcam read, the last
// raw reads of a device, and test mode.
//   POST /api/search               {desk, query, name?, dob?, sex?}  -> SearchOutcome
//   POST /api/search/check         {query}                           -> what it is, or the parser's message
//   POST /api/camera               {desk, text? | bytesBase64?}      -> ScanMessage (device camera@<desk>)
//   GET  /api/devices/:id/reads                                       -> RecentRead[] (newest first)
//   PUT  /api/devices/:id/test-mode {on}                              -> {device, testMode}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DESK, type SchemaTypes, type TypedApp } from '../http-kit/schema-types.ts';
import { RateLimiter } from '../http-kit/rate-limit.ts';
import { deskAllowed } from '../http-kit/caller.ts';
import { apiError } from '../api/errors.ts';
import { sendError } from '../http-kit/send-error.ts';
import type { ScanMessage } from '../api/contract.ts';
import type { RecentReads } from '../pipeline/recent-reads.ts';
import type { SearchOutcome, SearchRequest } from '../search/search-service.ts';

export interface DeskRouteDeps {
  readonly search: (req: SearchRequest) => Promise<SearchOutcome>;
  /** Validates what is typed so far, without searching or counting (the search box's live hint). */
  readonly check: (query: string) => unknown;
  readonly camera: (desk: string, bytes: Buffer, actor?: string) => Promise<ScanMessage>;
  readonly recent: RecentReads;
  readonly setTestMode: (deviceId: string, on: boolean) => boolean;
  readonly searchesPerMinute: number;
  readonly cameraPerMinute: number;
  /** Desks of the facility's configuration: a webcam read names its desk, and only these exist. */
  readonly desks: ReadonlySet<string>;
  readonly countRejected: (code: string) => void;
}

const deviceParams = { type: 'object', properties: { id: { type: 'string', maxLength: 128 } }, required: ['id'] } as const;

function wrongDesk(reply: FastifyReply): FastifyReply {
  return sendError(reply, apiError('DESK_MISMATCH'));
}

type Limited = (limiter: RateLimiter, req: FastifyRequest, desk: string, reply: FastifyReply, what: 'searches' | 'cameraReads') => FastifyReply | null;

export async function deskRoutes(untyped: FastifyInstance, deps: DeskRouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  // Per token, or per desk on a single PC without tokens.
  const limited: Limited = (limiter, req, desk, reply, what) => {
    const wait = limiter.take(req.caller && req.caller.id !== 'local' ? req.caller.id : `desk:${desk}`);
    if (wait === 0) return null;
    deps.countRejected('RATE_LIMITED');
    return sendError(reply.header('retry-after', String(wait)), apiError('RATE_LIMITED', { what, waitS: wait }));
  };
  searchRoutes(app, deps, limited);
  cameraRoute(app, deps, limited);
  deviceReadRoutes(app, deps);
}

function searchRoutes(app: TypedApp, deps: DeskRouteDeps, limited: Limited): void {
  // Live checks while typing get ten times more than searches.
  const searches = new RateLimiter(deps.searchesPerMinute);
  const checks = new RateLimiter(deps.searchesPerMinute * 10);
  const searchBody = {
    type: 'object',
    additionalProperties: false,
    required: ['desk', 'query'],
    properties: {
      desk: DESK,
      query: { type: 'string', maxLength: 200 },
      name: { type: 'string', maxLength: 200 },
      dob: { type: 'string', maxLength: 20 },
      sex: { type: 'string', enum: ['M', 'F'] },
      address: { type: 'string', maxLength: 300 },
    },
  } as const;
  app.post('/api/search', { config: { errors: ['RATE_LIMITED', 'DESK_MISMATCH', 'UNKNOWN_DESK'] }, schema: { body: searchBody } }, async (req, reply) => {
    if (!deskAllowed(req, req.body.desk)) return wrongDesk(reply);
    // Where the facility configuration lists desks, a desk is one of them: a made-up name would be
    // stored and counted as an access of a desk that does not exist, with a rate-limit bucket of its own.
    if (deps.desks.size > 0 && !deps.desks.has(req.body.desk)) {
      deps.countRejected('UNKNOWN_DESK');
      return sendError(reply, apiError('UNKNOWN_DESK'));
    }
    return limited(searches, req, req.body.desk, reply, 'searches') ?? deps.search({ ...req.body, ...(req.caller ? { actor: req.caller.id } : {}) });
  });
  app.post(
    '/api/search/check',
    {
      config: { errors: ['RATE_LIMITED'] },
      schema: { body: { type: 'object', additionalProperties: false, required: ['query'], properties: { query: { type: 'string', maxLength: 200 } } } },
    },
    async (req, reply) => limited(checks, req, 'check', reply, 'searches') ?? deps.check(req.body.query),
  );
}

function cameraRoute(app: TypedApp, deps: DeskRouteDeps, limited: Limited): void {
  const cameraReads = new RateLimiter(deps.cameraPerMinute);
  const body = {
    type: 'object',
    additionalProperties: false,
    required: ['desk'],
    properties: { desk: DESK, text: { type: 'string', maxLength: 4096 }, bytesBase64: { type: 'string', maxLength: 8192, pattern: '^[A-Za-z0-9+/=]*$' } },
  } as const;
  app.post('/api/camera', { config: { errors: ['UNKNOWN_DESK', 'CAMERA_EMPTY', 'RATE_LIMITED', 'DESK_MISMATCH'] }, schema: { body } }, async (req, reply) => {
    const { desk, text, bytesBase64 } = req.body;
    if (!deskAllowed(req, desk)) return wrongDesk(reply);
    if (!deps.desks.has(desk)) {
      deps.countRejected('UNKNOWN_DESK');
      return sendError(reply, apiError('UNKNOWN_DESK'));
    }
    const throttled = limited(cameraReads, req, desk, reply, 'cameraReads');
    if (throttled) return throttled;
    if (text === undefined && bytesBase64 === undefined) {
      return sendError(reply, apiError('CAMERA_EMPTY'));
    }
    // The page sends zxing-cpp's raw bytes (the card's exact bytes); `text` stays for older pages and
    // scripts (a decoder's text is a charset guess).
    return deps.camera(desk, bytesBase64 !== undefined ? Buffer.from(bytesBase64, 'base64') : Buffer.from(text ?? '', 'utf8'), req.caller?.id);
  });
}

function deviceReadRoutes(app: TypedApp, deps: DeskRouteDeps): void {
  app.get('/api/devices/:id/reads', { schema: { params: deviceParams } }, async (req) => deps.recent.of(req.params.id));
  const body = { type: 'object', additionalProperties: false, required: ['on'], properties: { on: { type: 'boolean' } } } as const;
  app.put('/api/devices/:id/test-mode', { config: { errors: ['DEVICE_NOT_FOUND'] }, schema: { params: deviceParams, body } }, async (req, reply) => {
    if (!deps.setTestMode(req.params.id, req.body.on)) {
      return sendError(reply, apiError('DEVICE_NOT_FOUND'));
    }
    return { device: req.params.id, testMode: req.body.on };
  });
}
