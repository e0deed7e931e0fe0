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
import { auditChange, type AuditView } from '../http-kit/caller.ts';
import { EQUIPMENT_KINDS, type EquipmentCounts, type EquipmentRepo } from '../storage/equipment-repo.ts';

export interface CounterRouteDeps {
  readonly counters: CountersRepo;
  readonly inventory: InventoryRepo;
  /** Desk equipment (#29): the technician's counts of computers and printers, per station. */
  readonly equipment: EquipmentRepo;
  /** The facility's station ids (facility.stations). */
  readonly stations: readonly string[];
  readonly audit: AuditView;
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
  equipmentRoute(untyped, deps);
}

const equipmentCount = {
  type: 'object',
  additionalProperties: false,
  required: ['working', 'notWorking', 'needed'],
  properties: {
    working: { type: 'integer', minimum: 0, maximum: 10_000 },
    notWorking: { type: 'integer', minimum: 0, maximum: 10_000 },
    needed: { type: 'integer', minimum: 0, maximum: 10_000 },
    reason: { type: 'string', maxLength: 500 },
  },
} as const;

/** A technician's count of a station's computers and printers (desk equipment, #29): audited. */
function equipmentRoute(untyped: FastifyInstance, deps: CounterRouteDeps): void {
  const app = untyped.withTypeProvider<SchemaTypes>();
  app.put(
    '/api/stations/:id/equipment',
    {
      config: { errors: ['STATION_NOT_FOUND', 'EQUIPMENT_REASON_REQUIRED'] },
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 128 } }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { computers: equipmentCount, printers: equipmentCount } },
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      if (!deps.stations.includes(id)) return sendError(reply, apiError('STATION_NOT_FOUND'));
      const counts: Partial<Record<(typeof EQUIPMENT_KINDS)[number], EquipmentCounts>> = {};
      for (const kind of EQUIPMENT_KINDS) {
        const c = req.body[kind];
        if (!c) continue;
        const reason = c.reason?.trim() || null;
        if (c.notWorking > 0 && !reason) return sendError(reply, apiError('EQUIPMENT_REASON_REQUIRED'));
        counts[kind] = { working: c.working, notWorking: c.notWorking, needed: c.needed, reason };
      }
      await deps.equipment.set(id, counts, deps.now());
      const kinds = Object.entries(counts).map(([k, c]) => `${k} ${c.working}/${c.notWorking}/${c.needed}`);
      auditChange(deps.audit, req.caller, { action: 'setEquipment', desk: '', eventId: null, idHash: null, subject: `station:${id} ${kinds.join(', ')}` });
      deps.onInventoryChange();
      const station = (await deps.source.facility()).stations.find((s) => s.id === id);
      return { station: id, equipment: station?.equipment };
    },
  );
}
