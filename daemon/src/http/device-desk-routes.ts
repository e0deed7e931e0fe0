// PUT /api/devices/:id/desk {desk} (technician): gives a discovered scanner its desk. Kept in the
// scanner registry (it survives restarts and replugs, and comes before the config's desk rules),
// applied at once, and audited (assignDesk). A scanner configured by path has its desk in the config.

import type { FastifyInstance } from 'fastify';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { ScannerRegistry } from '../storage/scanner-registry.ts';
import type { AuditView } from './access.ts';

export interface DeviceDeskDeps {
  readonly registry: ScannerRegistry;
  readonly devices: Pick<DeviceManager, 'has' | 'setDesk'>;
  readonly desks: ReadonlySet<string>;
  readonly audit: AuditView;
}

const ERRORS = {
  DEVICE_NOT_FOUND: { vi: 'Không có máy quét này.', en: 'No such scanner.' },
  UNKNOWN_DESK: {
    vi: 'Quầy này không có trong cấu hình cơ sở (facility.stations).',
    en: 'This desk is not in the facility configuration (facility.stations).',
  },
  DESK_IN_CONFIG: {
    vi: 'Máy quét này được khai báo trong tệp cấu hình: đổi quầy ở đó (scanners[].desk).',
    en: 'This scanner is declared in the configuration file: change its desk there (scanners[].desk).',
  },
} as const;

export async function deviceDeskRoutes(app: FastifyInstance, deps: DeviceDeskDeps): Promise<void> {
  app.put<{ Params: { id: string }; Body: { desk: string } }>(
    '/api/devices/:id/desk',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } }, required: ['id'] },
        body: { type: 'object', properties: { desk: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['desk'] },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const { desk } = req.body;
      const fail = (status: number, code: keyof typeof ERRORS) => reply.code(status).send({ error: { code, ...ERRORS[code] } });
      if (!deps.devices.has(id)) return fail(404, 'DEVICE_NOT_FOUND');
      if (!deps.desks.has(desk)) return fail(400, 'UNKNOWN_DESK');
      if (!(await deps.registry.assign(id, desk, req.caller?.id ?? 'local'))) return fail(409, 'DESK_IN_CONFIG');
      deps.devices.setDesk(id, desk, 'technician');
      deps.audit(req.caller, { action: 'assignDesk', desk, eventId: null, idHash: null, subject: `device:${id}` });
      return { id, desk, deskSource: 'technician' };
    },
  );
}
