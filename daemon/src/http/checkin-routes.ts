// The XML0 check-in for the technician (no patient data: registration, desk, ticket, the gateway's code
// and message):
//   GET  /api/checkins/rejected                 check-ins the gateway refused, newest first
//   POST /api/checkins/:registrationId/resend   send a refused one again after the cause was fixed

import type { FastifyInstance } from 'fastify';
import type { CheckInView } from '../api/contract.ts';

export interface CheckinRouteDeps {
  readonly rejected: (limit: number) => Promise<Array<CheckInView & { registrationId: number }>>;
  /** null when check-in is off. */
  readonly resend: ((registrationId: number) => Promise<boolean>) | null;
}

const params = { type: 'object', properties: { registrationId: { type: 'integer', minimum: 1 } }, required: ['registrationId'] } as const;

export async function checkinRoutes(app: FastifyInstance, deps: CheckinRouteDeps): Promise<void> {
  app.get('/api/checkins/rejected', async () => deps.rejected(100));
  app.post<{ Params: { registrationId: number } }>('/api/checkins/:registrationId/resend', { schema: { params: params } }, async (req, reply) => {
    if (!deps.resend) {
      return reply
        .code(409)
        .send({ error: { code: 'CHECKIN_DISABLED', vi: 'Chưa bật check-in (checkin.enabled).', en: 'Check-in is off (checkin.enabled).' } });
    }
    if (!(await deps.resend(req.params.registrationId))) {
      const id = req.params.registrationId;
      return reply.code(409).send({
        error: { code: 'CHECKIN_NOT_REJECTED', vi: `Lượt đăng ký ${id} không có check-in bị từ chối.`, en: `Registration ${id} has no refused check-in.` },
      });
    }
    return { resent: true };
  });
}
