// GET /api/audit?from=YYYY-MM-DD&to=YYYY-MM-DD[&limit=N][&before=CURSOR] (admin): who looked up or
// viewed which (hashed) ID, patient or registration, when, at which desk, with what outcome. Newest
// first, a page at a time: `next` in the answer is the `before` of the following (older) page.

import type { FastifyInstance } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import { period } from '../reports/period.ts';
import { decodeCursor, type AuditLog } from './audit-log.ts';
import { vietnamDayStart } from '../util/vietnam-time.ts';
import { periodQuery } from '../reports/report-routes.ts';
import { apiError } from '../api/errors.ts';
import { sendError } from '../http-kit/send-error.ts';

const auditQuery = {
  ...periodQuery,
  properties: { ...periodQuery.properties, limit: { type: 'integer', minimum: 1, maximum: 5000 }, before: { type: 'string', maxLength: 200 } },
} as const;

const dayStart = (day: string): string => vietnamDayStart(day).toISOString();

export async function auditRoutes(untyped: FastifyInstance, deps: { audit: AuditLog; now: () => Date }): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  app.get('/api/audit', { config: { errors: ['BAD_CURSOR', 'REPORT_PERIOD_INVALID'] }, schema: { querystring: auditQuery } }, async (req, reply) => {
    const p = period(req.query.from, req.query.to, deps.now());
    if (!p.ok) return reply.code(400).send({ error: p.error });
    const before = req.query.before === undefined ? null : decodeCursor(req.query.before);
    if (req.query.before !== undefined && before === null) {
      return sendError(reply, apiError('BAD_CURSOR'));
    }
    const end = new Date(Date.parse(dayStart(p.to)) + 86_400_000).toISOString();
    return { from: p.from, to: p.to, ...(await deps.audit.auditLog(dayStart(p.from), end, { limit: req.query.limit ?? 1000, before })) };
  });
}
