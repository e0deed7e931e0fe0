// A chip read's portrait and the patient's consent, for the desk that read the card (and admins):
//   GET  /api/chip/:eventId/portrait  the chip's portrait, from memory (never stored), audited
//   POST /api/chip/:eventId/consent   the patient agreed (chip.requireConsent): audited, then the
//                                     lookup held for it starts
// Both answer 404 CHIP_READ_NOT_FOUND once the visit is over or after a restart.

import type { FastifyInstance } from 'fastify';
import type { IdentityView } from '../api/contract.ts';
import { apiError } from '../api/errors.ts';
import type { ChipVisits } from '../chip/chip-visits.ts';
import { deskAllowed, type AuditView } from '../http-kit/caller.ts';
import type { SchemaTypes } from '../http-kit/schema-types.ts';

export interface ChipRouteDeps {
  readonly visits: Pick<ChipVisits, 'of' | 'consent'>;
  readonly audit: AuditView;
  readonly hashId: (id: string) => string;
  /** Writes ahead and starts the lookup a consent was waited for. */
  readonly lookup: (ref: { eventId: number; deviceId: string; desk: string }, identity: IdentityView) => Promise<void>;
}

const eventParams = { type: 'object', properties: { eventId: { type: 'integer', minimum: 1 } }, required: ['eventId'] } as const;
const gone = (id: number) => apiError('CHIP_READ_NOT_FOUND', { id }).body;

export async function chipRoutes(untyped: FastifyInstance, deps: ChipRouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  app.get('/api/chip/:eventId/portrait', { config: { errors: ['CHIP_READ_NOT_FOUND'] }, schema: { params: eventParams } }, async (req, reply) => {
    const id = req.params.eventId;
    const visit = deps.visits.of(id);
    if (!visit?.portrait || !deskAllowed(req, visit.desk)) return reply.code(404).send(gone(id));
    const idHash = visit.identity.id ? deps.hashId(visit.identity.id) : null;
    await deps.audit(req.caller, { action: 'viewChipPortrait', eventId: id, desk: visit.desk, idHash });
    // Never cached: the portrait lives for the visit in the daemon's memory, not in a browser's cache.
    return reply.header('cache-control', 'no-store').type(visit.portrait.mime).send(visit.portrait.bytes);
  });
  app.post('/api/chip/:eventId/consent', { config: { errors: ['CHIP_READ_NOT_FOUND'] }, schema: { params: eventParams } }, async (req, reply) => {
    const id = req.params.eventId;
    const seen = deps.visits.of(id);
    if (!seen || !deskAllowed(req, seen.desk)) return reply.code(404).send(gone(id));
    const idHash = seen.identity.id ? deps.hashId(seen.identity.id) : null;
    // The consent is on record before the data is used: an audit row that cannot be written refuses it.
    await deps.audit(req.caller, { action: 'chipConsent', eventId: id, desk: seen.desk, idHash });
    const visit = deps.visits.consent(id);
    if (visit) await deps.lookup({ eventId: id, deviceId: visit.deviceId, desk: visit.desk }, visit.identity);
    return { eventId: id, consent: seen.consent === 'notRequired' ? 'notRequired' : 'given' };
  });
}
