// Page sessions over HTTP (see access.ts):
//   GET    /api/session          -> {open, caller}   who this request acts as (null: nobody)
//   POST   /api/session {token}  -> {open, caller}   a page logs in with its API token; the answer sets
//                                                     the HttpOnly cookie, the token is not kept by the page
//   DELETE /api/session          -> {open, caller: null}   logs out: the session ends for good
// (the sessions kept, for an administrator: session-admin-routes.ts)
// Login attempts are limited per client address (req.ip: the PC behind a trusted proxy), so a token
// cannot be guessed through this route.

import type { FastifyInstance } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import { bearer } from '../util/tokens.ts';
import { apiError } from '../api/errors.ts';
import type { Access } from './access.ts';
import { sendError } from '../http-kit/send-error.ts';
import { RateLimiter } from '../http-kit/rate-limit.ts';

const LOGINS_PER_MINUTE = 10;

export async function sessionRoutes(
  untyped: FastifyInstance,
  { access, countRejected }: { access: Access; countRejected: (code: string) => void },
): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  const logins = new RateLimiter(LOGINS_PER_MINUTE);
  app.get('/api/session', async (req) => ({ open: access.open, caller: access.callerOf(req.headers, bearer(req.headers.authorization)) ?? null }));
  app.post(
    '/api/session',
    {
      config: { errors: ['RATE_LIMITED'] },
      schema: { body: { type: 'object', additionalProperties: false, properties: { token: { type: 'string', minLength: 1, maxLength: 256 } } } },
    },
    async (req, reply) => {
      if (access.open) return { open: true, caller: access.setLocalSession(reply) };
      const limited = logins.take(`ip:${req.ip}`);
      // The address's wrong tokens on every path count too (access.ts tokenFrom): a wait, not a look.
      const check = limited === 0 && req.body.token ? access.tokenFrom(req.ip, req.body.token) : null;
      const wait = check && 'waitS' in check ? check.waitS : limited;
      if (wait > 0) {
        countRejected('RATE_LIMITED');
        return sendError(reply.header('retry-after', String(wait)), apiError('RATE_LIMITED', { what: 'logins', waitS: wait }));
      }
      const caller = check && 'caller' in check ? check.caller : undefined;
      if (!caller) {
        countRejected('AUTH_REQUIRED');
        return sendError(reply, apiError('AUTH_REQUIRED'));
      }
      access.setSession(reply, caller);
      return { open: false, caller };
    },
  );
  app.delete('/api/session', async (req, reply) => {
    access.clearSession(reply, req.headers.cookie);
    return { open: access.open, caller: null };
  });
}
