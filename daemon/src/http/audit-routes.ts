// GET /api/audit?from=YYYY-MM-DD&to=YYYY-MM-DD (admin): who looked up which (hashed) ID, when, at
// which desk, with what outcome.

import type { FastifyInstance } from 'fastify';
import { period } from '../reports/period.ts';
import type { PrivacyRepo } from '../storage/privacy-repo.ts';
import { periodQuery } from './report-routes.ts';

const VN_OFFSET_MS = 7 * 3600_000;
/** Start of a Vietnam calendar day as an instant. */
const dayStart = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS).toISOString();

export function registerAuditRoutes(app: FastifyInstance, deps: { privacy: PrivacyRepo; now: () => Date }): void {
  app.get<{ Querystring: { from?: string; to?: string } }>('/api/audit', { schema: { querystring: periodQuery } }, async (req, reply) => {
    const p = period(req.query.from, req.query.to, deps.now());
    if (!p.ok) return reply.code(400).send({ error: p.error });
    const end = new Date(Date.parse(dayStart(p.to)) + 86_400_000).toISOString();
    return { from: p.from, to: p.to, entries: await deps.privacy.auditLog(dayStart(p.from), end) };
  });
}
