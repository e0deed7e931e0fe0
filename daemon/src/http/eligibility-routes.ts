// A stored eligibility answer, for the desk that read the card (and admins), audited on every view:
//   GET /api/eligibility/:eventId        the EligibilityMessage
//   GET /api/eligibility/:eventId/fhir   the same as a FHIR R4 CoverageEligibilityResponse

import type { FastifyInstance } from 'fastify';
import { toCoverageEligibilityResponse } from '../eligibility/fhir.ts';
import type { StoredEvent } from '../storage/events-repo.ts';
import { deskAllowed, type AuditView } from './access.ts';

export interface EligibilityRouteDeps {
  readonly eventOf: (eventId: number) => Promise<StoredEvent | undefined>;
  readonly audit: AuditView;
}

const eventParams = { type: 'object', properties: { eventId: { type: 'integer', minimum: 1 } }, required: ['eventId'] } as const;
const noEligibility = (id: number) => ({
  error: { code: 'ELIGIBILITY_NOT_FOUND', vi: `Lượt ${id} không có kết quả tra cứu BHYT.`, en: `Event ${id} has no eligibility result.` },
});

export async function eligibilityRoutes(app: FastifyInstance, deps: EligibilityRouteDeps): Promise<void> {
  for (const fhir of [false, true]) {
    app.get<{ Params: { eventId: number } }>(`/api/eligibility/:eventId${fhir ? '/fhir' : ''}`, { schema: { params: eventParams } }, async (req, reply) => {
      const found = await deps.eventOf(req.params.eventId);
      if (!found?.eligibility || !deskAllowed(req, found.desk)) return reply.code(404).send(noEligibility(req.params.eventId));
      deps.audit(req.caller, { action: fhir ? 'viewEligibilityFhir' : 'viewEligibility', eventId: req.params.eventId, desk: found.desk, idHash: found.idHash });
      return fhir ? reply.type('application/fhir+json').send(toCoverageEligibilityResponse(found.eligibility, found.identity)) : found.eligibility;
    });
  }
}
