// The XML0 check-in for the technician (no patient data: registration, desk, ticket, the gateway's code
// and message):
//   GET  /api/checkins/rejected                 check-ins the gateway refused, newest first
//   POST /api/checkins/:registrationId/resend   send a refused one again after the cause was fixed

import type { FastifyInstance } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import type { CheckInView } from '../api/contract.ts';
import { apiError } from '../api/errors.ts';
import { sendError } from '../http-kit/send-error.ts';

export interface CheckinRouteDeps {
  readonly rejected: (limit: number) => Promise<Array<CheckInView & { registrationId: number }>>;
  /** null when check-in is off. */
  readonly resend: ((registrationId: number) => Promise<boolean>) | null;
}

const params = { type: 'object', properties: { registrationId: { type: 'integer', minimum: 1 } }, required: ['registrationId'] } as const;

export async function checkinRoutes(untyped: FastifyInstance, deps: CheckinRouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  app.get('/api/checkins/rejected', async () => deps.rejected(100));
  app.post(
    '/api/checkins/:registrationId/resend',
    { config: { errors: ['CHECKIN_DISABLED', 'CHECKIN_NOT_REJECTED'] }, schema: { params: params } },
    async (req, reply) => {
      if (!deps.resend) {
        return sendError(reply, apiError('CHECKIN_DISABLED'));
      }
      if (!(await deps.resend(req.params.registrationId))) {
        return sendError(reply, apiError('CHECKIN_NOT_REJECTED', { id: req.params.registrationId }));
      }
      return { resent: true };
    },
  );
}
