// Every refused request gets a 4xx with a stable code and Vietnamese/English text, and is counted:
// schema violations, bodies too large, malformed JSON, unknown routes. Nothing a client sends
// reaches a 500 unless the daemon itself is at fault, and then the details stay in the log.

import type { FastifyError, FastifyInstance } from 'fastify';
import { apiError } from '../api/errors.ts';
import { sendError } from '../http-kit/send-error.ts';
import type { Logger } from '../log.ts';

export type RequestErrorCode = 'BAD_REQUEST' | 'INVALID_JSON' | 'BODY_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'NOT_FOUND' | 'INTERNAL' | 'AUDIT_UNAVAILABLE';

function classify(err: FastifyError): { status: number; code: RequestErrorCode } {
  if (err.validation) return { status: 400, code: 'BAD_REQUEST' };
  // A view whose audit row could not be written (http-kit/caller.ts AuditView): refused, not shown.
  if (err.code === 'AUDIT_UNAVAILABLE') return { status: 503, code: 'AUDIT_UNAVAILABLE' };
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: 'BODY_TOO_LARGE' };
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' };
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return { status: 400, code: 'INVALID_JSON' };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return { status: err.statusCode, code: 'BAD_REQUEST' };
  return { status: 500, code: 'INTERNAL' };
}

export function installErrorHandling(app: FastifyInstance, log: Logger, count: (code: string) => void): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, code } = classify(err);
    count(code);
    if (status >= 500) log.error({ route: req.routeOptions.url, err: err.message }, 'request failed');
    // Validation messages name the field and rule, never echo the value sent.
    const detail = err.validation ? err.message.slice(0, 300) : undefined;
    return reply.code(status).send(apiError(code, detail ? { detail } : undefined).body);
  });
  app.setNotFoundHandler((_req, reply) => {
    count('NOT_FOUND');
    return sendError(reply, apiError('NOT_FOUND'));
  });
}
