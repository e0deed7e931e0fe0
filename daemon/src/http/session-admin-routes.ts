// The page sessions kept in the database, for an administrator (admin-only in access.ts ROUTES):
//   GET    /api/sessions        -> [{id, callerId, role, desk, createdAt, lastSeenAt, expiresAt, idleUntil,
//                                    active, revoked, revokedAt, revokedReason}]  newest first, live ones and
//                                    those ended within the last day; never a secret nor a hash of one
//   DELETE /api/sessions/:id    -> {ended: id, callerId}   ends a live session for good (its sockets close);
//                                    audited (endSession, who ended whose session)

import type { FastifyInstance } from 'fastify';
import { apiError } from '../api/errors.ts';
import { auditChange, type AuditView } from '../http-kit/caller.ts';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import { sendError } from '../http-kit/send-error.ts';
import type { Access } from './access.ts';

export async function sessionAdminRoutes(untyped: FastifyInstance, deps: { access: Access; audit: AuditView }): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  app.get('/api/sessions', async () => deps.access.listSessions());
  app.delete(
    '/api/sessions/:id',
    {
      config: { errors: ['SESSION_NOT_FOUND'] },
      schema: { params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-f]{12}$' } } } },
    },
    async (req, reply) => {
      const ended = deps.access.endSession(req.params.id);
      if (!ended) return sendError(reply, apiError('SESSION_NOT_FOUND'));
      auditChange(deps.audit, req.caller, {
        action: 'endSession',
        desk: ended.desk ?? '',
        eventId: null,
        idHash: null,
        subject: `session ${ended.id} of ${ended.callerId}`,
      });
      return { ended: ended.id, callerId: ended.callerId };
    },
  );
}
