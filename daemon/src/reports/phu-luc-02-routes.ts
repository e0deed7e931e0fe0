// Phụ lục 2 over HTTP, the same on a site daemon and on the hub (admin):
//   GET /api/reports/phu-luc-02?from=&to=[&from2=&to2=]&format=json|csv|xlsx|html
// Each from/to pair is one period (from2/to2 the second, side by side); none: the previous and the
// running reporting periods (config reports.periodStartDay).

import type { FastifyInstance } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import { phuLuc02Periods, type PhuLuc02 } from './phu-luc-02.ts';
import type { ReportPeriodConfig } from './period-config.ts';
import { CONTENT_TYPES } from './render.ts';
import { REPORT_PAGE_CSP } from './report-routes.ts';
import { PHU_LUC_02_FORMATS, phuLuc02FileName, renderPhuLuc02 } from './render-phu-luc-02.ts';

export interface PhuLuc02RouteDeps {
  readonly build: (periods: readonly { from: string; to: string }[]) => Promise<PhuLuc02>;
  readonly now: () => Date;
  readonly periods: Pick<ReportPeriodConfig, 'periodStartDay'>;
}

const day = { type: 'string', maxLength: 10 } as const;
const query = {
  type: 'object',
  additionalProperties: false,
  properties: { from: day, to: day, from2: day, to2: day, format: { type: 'string', enum: PHU_LUC_02_FORMATS } },
} as const;

export async function phuLuc02Routes(untyped: FastifyInstance, deps: PhuLuc02RouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  app.get('/api/reports/phu-luc-02', { config: { errors: ['REPORT_PERIOD_INVALID'] }, schema: { querystring: query } }, async (req, reply) => {
    const q = req.query;
    const pairs = [
      [q.from, q.to],
      [q.from2, q.to2],
    ].filter(([f, t]) => f !== undefined || t !== undefined);
    const p = phuLuc02Periods(
      pairs.map((x) => x[0]),
      pairs.map((x) => x[1]),
      deps.now(),
      deps.periods.periodStartDay,
    );
    if (!p.ok) return reply.code(400).send({ error: p.error });
    const format = q.format ?? 'json';
    const report = await deps.build(p.periods);
    reply.type(CONTENT_TYPES[format]);
    if (format === 'html') reply.header('content-security-policy', REPORT_PAGE_CSP);
    if (format === 'csv' || format === 'xlsx') reply.header('content-disposition', `attachment; filename="${phuLuc02FileName(report, format)}"`);
    return reply.send(await renderPhuLuc02(report, format));
  });
}
