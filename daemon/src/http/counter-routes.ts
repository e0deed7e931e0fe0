// Counters per device and desk, the scanner inventory, and a technician's override of a scanner's
// working status. Site daemon only (the hub has its own routes).

import type { FastifyInstance } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import type { LocalSource } from '../reports/local-source.ts';
import { period } from '../reports/period.ts';
import type { CountersRepo, DeviceTotals } from '../storage/counters-repo.ts';
import type { InventoryRepo } from '../storage/inventory-repo.ts';
import { periodQuery } from '../reports/report-routes.ts';
import { apiError } from '../api/errors.ts';
import { sendError } from '../http-kit/send-error.ts';

export interface CounterRouteDeps {
  readonly counters: CountersRepo;
  readonly inventory: InventoryRepo;
  readonly source: LocalSource;
  readonly cumulativeSince: string;
  readonly now: () => Date;
  /** Called after an override so listeners (socket.io, the hub push) see the new status. */
  readonly onInventoryChange: () => void;
}

const key = (d: DeviceTotals): string => `${d.deviceId}\u0000${d.deskId}`;

export async function counterRoutes(untyped: FastifyInstance, deps: CounterRouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  app.get('/api/counters', { config: { errors: ['REPORT_PERIOD_INVALID'] }, schema: { querystring: periodQuery } }, async (req, reply) => {
    const p = period(req.query.from, req.query.to, deps.now());
    if (!p.ok) return reply.code(400).send({ error: p.error });
    const [inPeriod, cumulative] = await Promise.all([deps.counters.deviceTotals(p.from, p.to), deps.counters.deviceTotals(deps.cumulativeSince, p.to)]);
    const cum = new Map(cumulative.map((d) => [key(d), d.scans + d.searches]));
    const devices = inPeriod.map((d) => ({ ...d, accesses: d.scans + d.searches, cumulative: cum.get(key(d)) ?? 0 }));
    const seen = new Set(inPeriod.map(key));
    for (const d of cumulative)
      if (!seen.has(key(d))) devices.push({ ...d, scans: 0, searches: 0, successes: 0, errors: 0, accesses: 0, cumulative: d.scans + d.searches });
    return { from: p.from, to: p.to, cumulativeSince: deps.cumulativeSince, devices };
  });

  app.get('/api/counters/daily', { config: { errors: ['REPORT_PERIOD_INVALID'] }, schema: { querystring: periodQuery } }, async (req, reply) => {
    const p = period(req.query.from, req.query.to, deps.now());
    if (!p.ok) return reply.code(400).send({ error: p.error });
    return { from: p.from, to: p.to, rows: await deps.counters.daily(p.from, p.to) };
  });

  app.get('/api/inventory', async () => deps.source.facility());

  app.put(
    '/api/devices/:id/status',
    {
      config: { errors: ['REASON_REQUIRED', 'DEVICE_NOT_FOUND'] },
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 128 } }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['status'],
          properties: { status: { type: 'string', enum: ['working', 'notWorking', 'auto'] }, reason: { type: 'string', maxLength: 500 } },
        },
      },
    },
    async (req, reply) => {
      const { status, reason } = req.body;
      if (status !== 'auto' && !reason?.trim()) {
        return sendError(reply, apiError('REASON_REQUIRED'));
      }
      const found = await deps.inventory.override(req.params.id, status === 'auto' ? null : status, reason?.trim() ?? null, deps.now());
      if (!found) return sendError(reply, apiError('DEVICE_NOT_FOUND'));
      deps.onInventoryChange();
      const facility = await deps.source.facility();
      const scanner = facility.stations.flatMap((s) => s.scanners).find((s) => s.id === req.params.id);
      return { device: req.params.id, status: scanner?.status, statusSource: scanner?.statusSource, reason: scanner?.reason ?? null };
    },
  );
}
