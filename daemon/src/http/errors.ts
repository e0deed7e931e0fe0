// Every refused request gets a 4xx with a stable code and Vietnamese/English text, and is counted:
// schema violations, bodies too large, malformed JSON, unknown routes. Nothing a client sends
// reaches a 500 unless the daemon itself is at fault, and then the details stay in the log.

import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../log.ts';

const TEXT = {
  BAD_REQUEST: { vi: 'Yêu cầu không hợp lệ.', en: 'Invalid request.' },
  INVALID_JSON: { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The body is not valid JSON.' },
  BODY_TOO_LARGE: { vi: 'Nội dung gửi lên quá lớn.', en: 'The body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { vi: 'Chỉ nhận nội dung JSON.', en: 'Only JSON bodies are accepted.' },
  NOT_FOUND: { vi: 'Không có địa chỉ này.', en: 'No such route.' },
  INTERNAL: { vi: 'Lỗi trong tiepnhan; đã ghi nhật ký.', en: 'Internal error in tiepnhan; it was logged.' },
} as const;

export type RequestErrorCode = keyof typeof TEXT;

function classify(err: FastifyError): { status: number; code: RequestErrorCode } {
  if (err.validation) return { status: 400, code: 'BAD_REQUEST' };
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
    return reply.code(status).send({ error: { code, ...TEXT[code], ...(detail ? { detail } : {}) } });
  });
  app.setNotFoundHandler((_req, reply) => {
    count('NOT_FOUND');
    return reply.code(404).send({ error: { code: 'NOT_FOUND', ...TEXT.NOT_FOUND } });
  });
}
