// How a route refuses: the status and the bilingual body of an entry of the error catalogue
// (api/errors.ts). Kept apart from the server's own error handling (http/errors.ts) so that routes
// in a capability's folder need nothing from the server.

import type { FastifyReply } from 'fastify';
import type { ApiErrorBody } from '../api/errors.ts';

/** Sends a refusal made by `apiError` (its status and body). */
export function sendError(reply: FastifyReply, e: { readonly status: number; readonly body: ApiErrorBody }): FastifyReply {
  return reply.code(e.status).send(e.body);
}
