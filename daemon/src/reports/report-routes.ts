// The district report over HTTP, the same on a site daemon and on the hub:
//   GET  /api/reports/phu-luc-03?from=YYYY-MM-DD&to=YYYY-MM-DD|period=YYYY-MM&format=json|csv|html|xlsx|md|txt
//   POST /api/reports/phu-luc-03/submissions          { period | from+to, submittedBy } -> the kept copy
//   GET  /api/reports/phu-luc-03/submissions          what was submitted, newest first
//   GET  /api/reports/phu-luc-03/submissions/:id      ?format=json|xlsx: the copy exactly as submitted
//   GET  /api/reports/phu-luc-03/submissions/:id/diff what recomputing the period changes
// Without dates the running period is reported (config reports.periodStartDay).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import type { PhuLuc03 } from './phu-luc-03.ts';
import { period } from './period.ts';
import type { ReportPeriodConfig } from './period-config.ts';
import { CONTENT_TYPES, REPORT_FORMATS, renderReport, reportFileName, type ReportFormat } from './render.ts';
import { differences, submissionReminder, type SubmissionStore } from './submissions.ts';
import { reportNotices } from './report-notices.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import { apiError } from '../api/errors.ts';

/** The printable report page carries its own <style> (it is saved and printed as one file); no script at all. */
export const REPORT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface ReportRouteDeps {
  readonly build: (from: string, to: string) => Promise<PhuLuc03>;
  readonly now: () => Date;
  readonly periods: ReportPeriodConfig;
  readonly submissions: SubmissionStore;
  /** Who is asking (the token's id), kept with a submission. */
  readonly callerId: (req: FastifyRequest) => string;
  /** More notices for the printable page (the hub: units that did not report). */
  readonly extraNotices?: (from: string, to: string) => Promise<string>;
  /** The first day anything was counted (no reminder for periods before it). */
  readonly firstDay: () => Promise<string | null>;
  /** After a submission (the health reminder recomputes). */
  readonly onSubmitted?: () => Promise<void>;
}

export const periodQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', maxLength: 10 },
    to: { type: 'string', maxLength: 10 },
    period: { type: 'string', maxLength: 7 },
    format: { type: 'string', enum: REPORT_FORMATS },
  },
} as const;

const submitBody = {
  type: 'object',
  additionalProperties: false,
  required: ['submittedBy'],
  properties: {
    from: { type: 'string', maxLength: 10 },
    to: { type: 'string', maxLength: 10 },
    period: { type: 'string', maxLength: 7 },
    submittedBy: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

type PeriodInput = { from?: string; to?: string; period?: string };
/** A submission's id (a UUID); anything longer is refused before the database is asked. */
const submissionParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

export async function reportRoutes(untyped: FastifyInstance, deps: ReportRouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  const resolve = (q: PeriodInput) => period(q.from, q.to, deps.now(), { startDay: deps.periods.periodStartDay, month: q.period });
  const send = async (reply: FastifyReply, report: PhuLuc03, format: ReportFormat, notices = '') => {
    const body = await renderReport(report, format, notices);
    reply.type(CONTENT_TYPES[format]);
    // The printable page carries its own <style> and no script: its own, stricter policy.
    if (format === 'html') reply.header('content-security-policy', REPORT_PAGE_CSP);
    if (format === 'xlsx' || format === 'csv') reply.header('content-disposition', `attachment; filename="${reportFileName(report, format)}"`);
    return reply.send(body);
  };

  app.get('/api/reports/phu-luc-03', { config: { errors: ['REPORT_PERIOD_INVALID'] }, schema: { querystring: periodQuery } }, async (req, reply) => {
    const p = resolve(req.query);
    if (!p.ok) return reply.code(400).send({ error: p.error });
    const format = req.query.format ?? 'json';
    const report = await deps.build(p.from, p.to);
    if (format !== 'html') return send(reply, report, format);
    const submitted = await deps.submissions.latestFor(p.from, p.to);
    const copy = submitted ? await deps.submissions.copy(submitted.id) : null;
    const reminder = await submissionReminder(deps.submissions, vietnamDay(deps.now()), deps.periods, deps.firstDay);
    const notices = reportNotices({ submitted, diff: copy ? differences(copy.report, report) : [], reminder });
    return send(reply, report, format, notices + ((await deps.extraNotices?.(p.from, p.to)) ?? ''));
  });

  app.post(
    '/api/reports/phu-luc-03/submissions',
    { config: { errors: ['REPORT_PERIOD_INVALID', 'REPORT_PERIOD_OPEN'] }, schema: { body: submitBody } },
    async (req, reply) => {
      const p = resolve(req.body);
      if (!p.ok) return reply.code(400).send({ error: p.error });
      if (p.to >= vietnamDay(deps.now())) {
        const e = apiError('REPORT_PERIOD_OPEN', { to: p.to });
        return reply.code(e.status).send(e.body);
      }
      const report = await deps.build(p.from, p.to);
      const xlsx = await renderReport(report, 'xlsx');
      const by = `${req.body.submittedBy} (${deps.callerId(req)})`;
      const kept = await deps.submissions.submit(report, xlsx, by, deps.now());
      await deps.onSubmitted?.();
      return reply.code(201).send(kept);
    },
  );

  app.get('/api/reports/phu-luc-03/submissions', async () => deps.submissions.list());

  app.get(
    '/api/reports/phu-luc-03/submissions/:id',
    {
      config: { errors: ['SUBMISSION_NOT_FOUND'] },
      schema: {
        params: submissionParams,
        querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['json', 'xlsx'] } } },
      },
    },
    async (req, reply) => {
      const copy = await deps.submissions.copy(req.params.id);
      if (!copy) return reply.code(404).send(apiError('SUBMISSION_NOT_FOUND').body);
      if (req.query.format !== 'xlsx') return { submission: await deps.submissions.get(req.params.id), report: copy.report };
      reply.type(CONTENT_TYPES.xlsx).header('content-disposition', `attachment; filename="${reportFileName(copy.report, 'xlsx')}"`);
      return reply.send(copy.xlsx);
    },
  );

  app.get(
    '/api/reports/phu-luc-03/submissions/:id/diff',
    { config: { errors: ['SUBMISSION_NOT_FOUND'] }, schema: { params: submissionParams } },
    async (req, reply) => {
      const copy = await deps.submissions.copy(req.params.id);
      if (!copy) return reply.code(404).send(apiError('SUBMISSION_NOT_FOUND').body);
      const now = await deps.build(copy.report.period.from, copy.report.period.to);
      return { submission: await deps.submissions.get(req.params.id), differences: differences(copy.report, now) };
    },
  );
}
