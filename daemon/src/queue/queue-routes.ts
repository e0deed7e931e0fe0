// The department queues of the day (reception and admins):
//   GET  /api/queue/:department                        -> QueueList (tickets in order, their states and times)
//   POST /api/queue/:department/call  {desk}           -> {ticket}: the next waiting ticket, called to the desk
//                                     {ticket, desk?}  -> {ticket}: that ticket called (again): a recall
//   POST /api/queue/:department/:ticket/serve|done|skip -> {ticket}
//   GET  /api/reports/waiting-times?from=&to=          -> WaitingTime[] (admin; also in the report JSON)
// A desk-bound token calls only to its own desk. No route here returns patient data.

import type { FastifyInstance } from 'fastify';
import { apiError } from '../api/errors.ts';
import { deskAllowed } from '../http-kit/caller.ts';
import { DESK, type SchemaTypes } from '../http-kit/schema-types.ts';
import { sendError } from '../http-kit/send-error.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import type { Queue, QueueResult } from './queue.ts';
import type { QueueAction } from './queue-transitions.ts';

const TICKET = { type: 'string', minLength: 1, maxLength: 16 } as const;
const DEPARTMENT = { type: 'string', pattern: '^[a-z0-9-]{1,40}$' } as const;
const DAY = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const departmentParams = { type: 'object', required: ['department'], properties: { department: DEPARTMENT } } as const;
const ticketParams = { type: 'object', required: ['department', 'ticket'], properties: { department: DEPARTMENT, ticket: TICKET } } as const;
const callBody = {
  type: 'object',
  additionalProperties: false,
  properties: { desk: DESK, ticket: TICKET },
  anyOf: [{ required: ['desk'] }, { required: ['ticket'] }],
} as const;

const ACTIONS: ReadonlyArray<readonly [string, QueueAction]> = [
  ['serve', 'inService'],
  ['done', 'done'],
  ['skip', 'skipped'],
];

export async function queueRoutes(untyped: FastifyInstance, deps: { queue: Queue; now: () => Date }): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  const { queue } = deps;
  const answer = (r: QueueResult) => (r.ok ? { status: 200, body: { ticket: r.ticket } } : r.error);

  app.get('/api/queue/:department', { config: { errors: ['UNKNOWN_DEPARTMENT'] }, schema: { params: departmentParams } }, async (req, reply) => {
    const list = await queue.list(req.params.department);
    return list ?? sendError(reply, apiError('UNKNOWN_DEPARTMENT'));
  });

  app.post(
    '/api/queue/:department/call',
    {
      config: { errors: ['UNKNOWN_DEPARTMENT', 'DESK_MISMATCH', 'QUEUE_EMPTY', 'TICKET_NOT_FOUND', 'TICKET_STATE'] },
      schema: { params: departmentParams, body: callBody },
    },
    async (req, reply) => {
      const { department } = req.params;
      if (!queue.department(department)) return sendError(reply, apiError('UNKNOWN_DEPARTMENT'));
      const desk = req.body.desk ?? req.caller?.desk ?? null;
      if (desk !== null && !deskAllowed(req, desk)) return sendError(reply, apiError('DESK_MISMATCH'));
      const own = req.caller?.desk ?? null;
      const r = req.body.ticket !== undefined ? await queue.move(department, req.body.ticket, 'called', desk, own) : await queue.callNext(department, desk!);
      const a = answer(r);
      return reply.code(a.status).send(a.body);
    },
  );

  for (const [path, action] of ACTIONS) {
    app.post(
      `/api/queue/:department/:ticket/${path}`,
      { config: { errors: ['UNKNOWN_DEPARTMENT', 'TICKET_NOT_FOUND', 'TICKET_STATE', 'DESK_MISMATCH'] }, schema: { params: ticketParams } },
      async (req, reply) => {
        const { department, ticket } = req.params;
        if (!queue.department(department)) return sendError(reply, apiError('UNKNOWN_DEPARTMENT'));
        const a = answer(await queue.move(department, ticket, action, null, req.caller?.desk ?? null));
        return reply.code(a.status).send(a.body);
      },
    );
  }

  app.get(
    '/api/reports/waiting-times',
    { schema: { querystring: { type: 'object', additionalProperties: false, properties: { from: DAY, to: DAY } } } },
    async (req) => {
      const today = vietnamDay(deps.now());
      return queue.waitingTimes(req.query.from ?? today, req.query.to ?? req.query.from ?? today);
    },
  );
}
