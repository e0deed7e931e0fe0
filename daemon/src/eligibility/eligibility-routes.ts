// Eligibility for the desk that read the card (and admins), audited on every view; the lookup
// account and the given-up lookups for the technician:
//   GET  /api/eligibility/:eventId          the EligibilityMessage
//   GET  /api/eligibility/:eventId/fhir     the same as a FHIR R4 CoverageEligibilityResponse
//   GET  /api/eligibility/:eventId/history  the visit history (Lskcb2025) fetched for it
//   GET  /api/eligibility/unanswered        lookups the gateway never answered (no patient data)
//   POST /api/eligibility/resume            lift the hold after BHXH lifted the account restriction

import type { FastifyInstance } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import type { Visit, VisitHistory } from '../api/contract.ts';
import { toCoverageEligibilityResponse } from '../fhir/fhir.ts';
import type { FhirSystems } from '../fhir/fhir-systems.ts';
import type { StoredEvent } from '../storage/events-repo.ts';
import { auditChange, deskAllowed, type AuditView } from '../http-kit/caller.ts';
import { apiError } from '../api/errors.ts';
import { ELIGIBILITY_TEXT } from './eligibility-messages.ts';

export interface EligibilityRouteDeps {
  readonly eventOf: (eventId: number) => Promise<StoredEvent | undefined>;
  readonly historyOf: (eventId: number) => Promise<{ fetchedAt: string; code: string; visitsJson: string | null } | undefined>;
  readonly unanswered: (limit: number) => Promise<Array<{ eventId: number; at: string; deviceId: string; desk: string; source: string }>>;
  readonly resume: () => Promise<{ resumed: boolean; queued: number }>;
  readonly audit: AuditView;
  readonly fhirSystems: FhirSystems;
}

const eventParams = { type: 'object', properties: { eventId: { type: 'integer', minimum: 1 } }, required: ['eventId'] } as const;
const noEligibility = (id: number) => apiError('ELIGIBILITY_NOT_FOUND', { id }).body;
const noHistory = (id: number) => apiError('HISTORY_NOT_FOUND', { id }).body;

export async function eligibilityRoutes(untyped: FastifyInstance, deps: EligibilityRouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  for (const fhir of [false, true]) {
    app.get(
      `/api/eligibility/:eventId${fhir ? '/fhir' : ''}`,
      { config: { errors: ['ELIGIBILITY_NOT_FOUND'] }, schema: { params: eventParams } },
      async (req, reply) => {
        const found = await deps.eventOf(req.params.eventId);
        if (!found?.eligibility || !deskAllowed(req, found.desk)) return reply.code(404).send(noEligibility(req.params.eventId));
        await deps.audit(req.caller, {
          action: fhir ? 'viewEligibilityFhir' : 'viewEligibility',
          eventId: req.params.eventId,
          desk: found.desk,
          idHash: found.idHash,
        });
        return fhir
          ? reply.type('application/fhir+json').send(toCoverageEligibilityResponse(found.eligibility, found.identity, deps.fhirSystems))
          : found.eligibility;
      },
    );
  }
  app.get('/api/eligibility/:eventId/history', { config: { errors: ['HISTORY_NOT_FOUND'] }, schema: { params: eventParams } }, async (req, reply) => {
    const id = req.params.eventId;
    const [found, history] = await Promise.all([deps.eventOf(id), deps.historyOf(id)]);
    if (!found || !history?.visitsJson || !deskAllowed(req, found.desk)) return reply.code(404).send(noHistory(id));
    await deps.audit(req.caller, { action: 'viewVisitHistory', eventId: id, desk: found.desk, idHash: found.idHash });
    const body: VisitHistory = { eventId: id, fetchedAt: history.fetchedAt, code: history.code, visits: JSON.parse(history.visitsJson) as Visit[] };
    return body;
  });
  app.get('/api/eligibility/unanswered', async () => ({ lookups: await deps.unanswered(200) }));
  app.post('/api/eligibility/resume', async (req) => {
    const r = await deps.resume();
    auditChange(deps.audit, req.caller, {
      action: 'resumeLookups',
      eventId: null,
      desk: '',
      idHash: null,
      subject: r.resumed ? `queued ${r.queued}` : 'nothing held',
    });
    const text = r.resumed ? ELIGIBILITY_TEXT.resumed(r.queued) : ELIGIBILITY_TEXT.notHeld;
    return { ...r, vi: text.vi, en: text.en };
  });
}
