// PUT /api/devices/:id/desk {desk} (technician): gives a discovered scanner its desk. Kept in the
// scanner registry (it survives restarts and replugs, and comes before the config's desk rules),
// applied at once, and audited (assignDesk). A scanner configured by path has its desk in the config.

import type { FastifyInstance } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import type { DeviceManager } from './device-manager.ts';
import type { ScannerRegistry } from './scanner-registry.ts';
import { auditChange, type AuditView } from '../http-kit/caller.ts';
import { apiError } from '../api/errors.ts';
import { sendError } from '../http-kit/send-error.ts';

export interface DeviceDeskDeps {
  readonly registry: ScannerRegistry;
  readonly devices: Pick<DeviceManager, 'has' | 'setDesk'>;
  readonly desks: ReadonlySet<string>;
  readonly audit: AuditView;
}

export async function deviceDeskRoutes(untyped: FastifyInstance, deps: DeviceDeskDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  app.put(
    '/api/devices/:id/desk',
    {
      config: { errors: ['DEVICE_NOT_FOUND', 'UNKNOWN_DESK', 'DESK_IN_CONFIG'] },
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } }, required: ['id'] },
        body: { type: 'object', properties: { desk: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['desk'] },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const { desk } = req.body;
      if (!deps.devices.has(id)) return sendError(reply, apiError('DEVICE_NOT_FOUND'));
      if (!deps.desks.has(desk)) return sendError(reply, apiError('UNKNOWN_DESK'));
      if (!(await deps.registry.assign(id, desk, req.caller?.id ?? 'local'))) return sendError(reply, apiError('DESK_IN_CONFIG'));
      deps.devices.setDesk(id, desk, 'technician');
      auditChange(deps.audit, req.caller, { action: 'assignDesk', desk, eventId: null, idHash: null, subject: `device:${id}` });
      return { id, desk, deskSource: 'technician' };
    },
  );
}
