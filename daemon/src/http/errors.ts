// Every refused request gets a 4xx with a stable code and Vietnamese/English text, and is counted:
// schema violations, bodies too large, malformed JSON, unknown routes, URLs the router cannot read.
// None echoes what was sent (no part of the URL or the body). Nothing a client sends reaches a 500
// unless the daemon itself is at fault, and then the details stay in the log.

import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyServerOptions } from 'fastify';
import { apiError } from '../api/errors.ts';
import { sendError } from '../http-kit/send-error.ts';
import type { Logger } from '../log.ts';

export type RequestErrorCode =
  'BAD_REQUEST' | 'BAD_URL' | 'URL_TOO_LONG' | 'INVALID_JSON' | 'BODY_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'NOT_FOUND' | 'INTERNAL' | 'AUDIT_UNAVAILABLE';

/** Requests the router could not read, with the code each is answered with (see routerErrors). */
const refusedByRouter = new WeakMap<IncomingMessage, RequestErrorCode>();
/** Where such a request is sent again: a path no route serves, made of nothing the client sent. */
const ROUTER_ERROR_PATH = '/.router-error';

/** fastify's `frameworkErrors` option. The router refuses a URL it cannot read (a bad percent-escape:
 *  FST_ERR_BAD_URL; a parameter over maxParamLength: FST_ERR_MAX_PARAM_LENGTH) before any hook runs,
 *  and fastify's own answer echoed the URL, had no helmet header, no Vietnamese, was not counted and
 *  was served under any Host. So the request goes through the router again under ROUTER_ERROR_PATH:
 *  it meets the hooks every request meets (Host and Origin first, then the headers and the roles), and
 *  the not-found handler below answers it with its code. `app` is called only once a request comes. */
export function routerErrors(app: () => FastifyInstance): NonNullable<FastifyServerOptions['frameworkErrors']> {
  return (err, req, reply) => {
    const code: RequestErrorCode = err.code === 'FST_ERR_BAD_URL' ? 'BAD_URL' : err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URL_TOO_LONG' : 'INTERNAL';
    refusedByRouter.set(req.raw, code);
    req.raw.url = ROUTER_ERROR_PATH;
    app().routing(req.raw, reply.raw);
  };
}

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
  app.setNotFoundHandler((req, reply) => {
    const code = refusedByRouter.get(req.raw) ?? 'NOT_FOUND';
    count(code);
    if (code === 'INTERNAL') log.error({ code }, 'the router failed on a request');
    return sendError(reply, apiError(code));
  });
}
