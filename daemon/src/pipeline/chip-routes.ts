// A chip read's portrait and the patient's consent, for the desk that read the card (and admins):
//   GET  /api/chip/:eventId/portrait  the chip's portrait, from memory (never stored), audited;
//                                     409 CHIP_CONSENT_NEEDED while the patient's consent is awaited
//   POST /api/chip/:eventId/consent   the patient agreed (chip.requireConsent): audited, then the read's
//                                     identity is stored, looked up and announced to the desk
// Both answer 404 CHIP_READ_NOT_FOUND once the visit is over or after a restart.

import type { FastifyInstance } from 'fastify';
import { apiError } from '../api/errors.ts';
import type { ChipVisit, ChipVisits } from '../chip/chip-visits.ts';
import { deskAllowed, type AuditView } from '../http-kit/caller.ts';
import type { SchemaTypes } from '../http-kit/schema-types.ts';

export interface ChipRouteDeps {
  readonly visits: Pick<ChipVisits, 'of' | 'consent'>;
  readonly audit: AuditView;
  readonly hashId: (id: string) => string;
  /** What the consent releases: the identity stored, its lookup written ahead and started, the read
   *  announced again with its identity. */
  readonly consented: (visit: Readonly<ChipVisit>) => Promise<void>;
}

const eventParams = { type: 'object', properties: { eventId: { type: 'integer', minimum: 1 } }, required: ['eventId'] } as const;
const gone = (id: number) => apiError('CHIP_READ_NOT_FOUND', { id }).body;

export async function chipRoutes(untyped: FastifyInstance, deps: ChipRouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  app.get(
    '/api/chip/:eventId/portrait',
    { config: { errors: ['CHIP_READ_NOT_FOUND', 'CHIP_CONSENT_NEEDED'] }, schema: { params: eventParams } },
    async (req, reply) => {
      const id = req.params.eventId;
      const visit = deps.visits.of(id);
      if (!visit?.portrait || !deskAllowed(req, visit.desk)) return reply.code(404).send(gone(id));
      if (visit.consent === 'needed') return reply.code(409).send(apiError('CHIP_CONSENT_NEEDED').body);
      const idHash = visit.identity.id ? deps.hashId(visit.identity.id) : null;
      await deps.audit(req.caller, { action: 'viewChipPortrait', eventId: id, desk: visit.desk, idHash });
      // Never cached: the portrait lives for the visit in the daemon's memory, not in a browser's cache.
      return reply.header('cache-control', 'no-store').type(visit.portrait.mime).send(visit.portrait.bytes);
    },
  );
  app.post('/api/chip/:eventId/consent', { config: { errors: ['CHIP_READ_NOT_FOUND'] }, schema: { params: eventParams } }, async (req, reply) => {
    const id = req.params.eventId;
    const seen = deps.visits.of(id);
    if (!seen || !deskAllowed(req, seen.desk)) return reply.code(404).send(gone(id));
    const idHash = seen.identity.id ? deps.hashId(seen.identity.id) : null;
    // The consent is on record before the data is used: an audit row that cannot be written refuses it.
    await deps.audit(req.caller, { action: 'chipConsent', eventId: id, desk: seen.desk, idHash });
    const visit = deps.visits.consent(id);
    if (visit) await deps.consented(visit);
    return { eventId: id, consent: seen.consent === 'notRequired' ? 'notRequired' : 'given' };
  });
}
