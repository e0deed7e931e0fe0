// Driving simulated scanners over HTTP (the `simulate` command, integrators' trials). Registered only
// while simulators run, and admin-only (access.ts: unlisted /api/ routes are admin's): a real
// installation has no such routes at all.
//   GET  /api/simulators                         -> {scanners: [...ids]}
//   POST /api/simulators/:id/scan {payload, encoding?}
//   POST /api/simulators/:id/unplug | replug

import type { FastifyInstance } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import { apiError } from '../api/errors.ts';

/** Lets the `simulate` command reach a simulated scanner; real devices are never driven from HTTP. */
export interface SimulatorControl {
  ids(): string[];
  scan(deviceId: string, payload: string, options: { encoding?: 'utf8' | 'cp1252' }): Promise<boolean>;
  /** Unplugs (false) or plugs back (true) a simulated scanner. */
  plug(deviceId: string, plugged: boolean): Promise<boolean>;
  /** Simulated chip readers, and the faults a card can be presented with. */
  chipIds?(): string[];
  readonly chipFaults?: readonly string[];
  /** Presents a card (the demo person) on a simulated chip reader; false when there is no such reader. */
  chip?(deviceId: string, fault: string | undefined): Promise<boolean>;
}

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

export async function simulatorRoutes(untyped: FastifyInstance, { sims }: { sims: SimulatorControl }): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  const notFound = () => apiError('SIMULATOR_NOT_FOUND', { available: sims.ids() }).body;
  app.get('/api/simulators', async () => ({ scanners: sims.ids(), chipReaders: sims.chipIds?.() ?? [] }));
  app.post(
    '/api/simulators/:id/chip',
    {
      config: { errors: ['SIMULATOR_NOT_FOUND'] },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { fault: { type: 'string', enum: sims.chipFaults?.length ? [...sims.chipFaults] : ['-'] } },
        },
      },
    },
    async (req, reply) => {
      const sent = (await sims.chip?.(req.params.id, req.body?.fault)) ?? false;
      if (!sent) return reply.code(404).send(apiError('SIMULATOR_NOT_FOUND', { available: sims.chipIds?.() ?? [] }).body);
      return { sent: true, device: req.params.id };
    },
  );
  for (const action of ['unplug', 'replug'] as const) {
    app.post(`/api/simulators/:id/${action}`, { config: { errors: ['SIMULATOR_NOT_FOUND'] }, schema: { params: idParams } }, async (req, reply) => {
      if (!(await sims.plug(req.params.id, action === 'replug'))) return reply.code(404).send(notFound());
      return { done: action, device: req.params.id };
    });
  }
  app.post(
    '/api/simulators/:id/scan',
    {
      config: { errors: ['SIMULATOR_NOT_FOUND'] },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['payload'],
          properties: { payload: { type: 'string', maxLength: 8192 }, encoding: { type: 'string', enum: ['utf8', 'cp1252'] } },
        },
      },
    },
    async (req, reply) => {
      const sent = await sims.scan(req.params.id, req.body.payload, { encoding: req.body.encoding });
      if (!sent) return reply.code(404).send(notFound());
      return { sent: true, device: req.params.id };
    },
  );
}
