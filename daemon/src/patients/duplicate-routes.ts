// Possible duplicate patients, for an admin (the /duplicates page):
//   GET  /api/duplicates                      -> {pairs (masked), merges}
//   POST /api/duplicates/:a/:b/reveal         -> the pair in clear (audited: revealDuplicate)
//   POST /api/duplicates/:a/:b/dismiss        -> different people (audited: dismissDuplicate)
//   POST /api/duplicates/:a/:b/merge {keep}   -> same person: the other record into `keep` (audited: mergePatients)
//   POST /api/merges/:id/undo                 -> the merge undone exactly (audited: undoMerge)

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SchemaTypes } from '../http-kit/schema-types.ts';
import { maskSide, type Duplicates, type MergeOutcome } from './duplicates.ts';
import { auditChange, type AuditView } from '../http-kit/caller.ts';
import { apiError } from '../api/errors.ts';
import { sendError } from '../http-kit/send-error.ts';

export interface DuplicateRouteDeps {
  readonly duplicates: Duplicates;
  readonly audit: AuditView;
}

const pairParams = {
  type: 'object',
  properties: { a: { type: 'integer', minimum: 1 }, b: { type: 'integer', minimum: 1 } },
  required: ['a', 'b'],
} as const;

const fail = (reply: FastifyReply, code: 'PAIR_NOT_FOUND' | 'MERGE_NOT_FOUND' | 'ALREADY_UNDONE') => sendError(reply, apiError(code));

const entry = (req: FastifyRequest, action: string, subject: string) => ({ action, desk: req.caller?.desk ?? '', eventId: null, idHash: null, subject });

/** A merge or a dismissal made: its row kept through the durable write path. */
function audited(deps: DuplicateRouteDeps, req: FastifyRequest, action: string, subject: string): void {
  auditChange(deps.audit, req.caller, entry(req, action, subject));
}

async function answer(deps: DuplicateRouteDeps, req: FastifyRequest, reply: FastifyReply, r: MergeOutcome, action: string) {
  if (!r.ok) return fail(reply, r.code);
  audited(deps, req, action, `merge:${r.merge.id},patient:${r.merge.kept},patient:${r.merge.merged}`);
  return r.merge;
}

export async function duplicateRoutes(untyped: FastifyInstance, deps: DuplicateRouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  const { duplicates } = deps;
  app.get('/api/duplicates', async () => ({
    pairs: (await duplicates.open()).map((p) => ({ ...p, a: maskSide(p.a), b: maskSide(p.b) })),
    merges: await duplicates.merges(),
  }));
  app.post('/api/duplicates/:a/:b/reveal', { config: { errors: ['PAIR_NOT_FOUND'] }, schema: { params: pairParams } }, async (req, reply) => {
    const pair = await duplicates.pair(req.params.a, req.params.b);
    if (!pair) return fail(reply, 'PAIR_NOT_FOUND');
    // A view of both patients: written before they are shown, or refused (AUDIT_UNAVAILABLE).
    await deps.audit(req.caller, entry(req, 'revealDuplicate', `patient:${pair.a.patientId},patient:${pair.b.patientId}`));
    return pair;
  });
  app.post('/api/duplicates/:a/:b/dismiss', { config: { errors: ['PAIR_NOT_FOUND'] }, schema: { params: pairParams } }, async (req, reply) => {
    if (!(await duplicates.dismiss(req.params.a, req.params.b, req.caller?.id ?? 'local'))) return fail(reply, 'PAIR_NOT_FOUND');
    audited(deps, req, 'dismissDuplicate', `patient:${req.params.a},patient:${req.params.b}`);
    return { dismissed: true };
  });
  app.post(
    '/api/duplicates/:a/:b/merge',
    {
      config: { errors: ['PAIR_NOT_FOUND'] },
      schema: { params: pairParams, body: { type: 'object', properties: { keep: { type: 'integer', minimum: 1 } }, required: ['keep'] } },
    },
    async (req, reply) => {
      const { a, b } = req.params;
      const keep = req.body.keep;
      if (keep !== a && keep !== b) return fail(reply, 'PAIR_NOT_FOUND');
      return answer(deps, req, reply, await duplicates.merge(keep, keep === a ? b : a, req.caller?.id ?? 'local'), 'mergePatients');
    },
  );
  app.post(
    '/api/merges/:id/undo',
    {
      config: { errors: ['MERGE_NOT_FOUND', 'ALREADY_UNDONE'] },
      schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } },
    },
    async (req, reply) => answer(deps, req, reply, await duplicates.undo(req.params.id, req.caller?.id ?? 'local'), 'undoMerge'),
  );
}
