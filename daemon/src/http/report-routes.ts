// The district report over HTTP, the same on a site daemon and on the hub:
// GET /api/reports/phu-luc-03?from=YYYY-MM-DD&to=YYYY-MM-DD&format=json|csv|html|xlsx

import type { FastifyInstance } from 'fastify';
import type { PhuLuc03 } from '../reports/phu-luc-03.ts';
import { REPORT_PAGE_CSP } from './security.ts';
import { period } from '../reports/period.ts';
import { CONTENT_TYPES, REPORT_FORMATS, renderReport, reportFileName, type ReportFormat } from '../reports/render.ts';

export interface ReportRouteDeps {
  readonly build: (from: string, to: string) => Promise<PhuLuc03>;
  readonly now: () => Date;
}

export const periodQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', maxLength: 10 },
    to: { type: 'string', maxLength: 10 },
    format: { type: 'string', enum: REPORT_FORMATS },
  },
} as const;

export async function reportRoutes(app: FastifyInstance, deps: ReportRouteDeps): Promise<void> {
  app.get<{ Querystring: { from?: string; to?: string; format?: ReportFormat } }>(
    '/api/reports/phu-luc-03',
    { schema: { querystring: periodQuery } },
    async (req, reply) => {
      const p = period(req.query.from, req.query.to, deps.now());
      if (!p.ok) return reply.code(400).send({ error: p.error });
      const format = req.query.format ?? 'json';
      const report = await deps.build(p.from, p.to);
      const body = await renderReport(report, format);
      reply.type(CONTENT_TYPES[format]);
      // The printable page carries its own <style> and no script: its own, stricter policy.
      if (format === 'html') reply.header('content-security-policy', REPORT_PAGE_CSP);
      if (format === 'xlsx' || format === 'csv') reply.header('content-disposition', `attachment; filename="${reportFileName(report, format)}"`);
      return reply.send(body);
    },
  );
}
