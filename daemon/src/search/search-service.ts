// Manual search at a desk: what the receptionist typed becomes an identity, then the same path as a
// scan (stored, counted as a search on `manual@<desk>`, eligibility checked). A number this site has
// read before finds its patient; a number seen for the first time needs the name and date of birth
// the gateway asks for, and is not counted until they are given.

import type { IdentityView, SearchKind, SearchOutcome } from '../api/contract.ts';
import type { CodedMessage } from '../parse/messages.ts';
import { maskId, parseSearchInput, type SearchQuery } from '../parse/index.ts';
import type { Accepted, ScanPipeline } from '../pipeline/scan-pipeline.ts';
import type { IdHasher } from '../storage/id-hash.ts';
import type { IdentityKey, IdentityLookup } from '../storage/identity-lookup.ts';
import { SEARCH_MESSAGES } from './search-messages.ts';

export interface SearchRequest {
  readonly desk: string;
  readonly query: string;
  readonly name?: string;
  readonly dob?: string;
  readonly sex?: 'M' | 'F';
  /** Typed at the desk, optional: a patient met for the first time has no card read to take it
   *  from, and the HIS needs it with the registration. */
  readonly address?: string;
  /** The token's id, for the audit log. */
  readonly actor?: string;
}

export type { SearchOutcome };

export { SEARCH_MESSAGES };

const coded = (code: keyof typeof SEARCH_MESSAGES): CodedMessage => ({ code, ...SEARCH_MESSAGES[code] });

export class SearchService {
  constructor(
    private readonly deps: { pipeline: ScanPipeline; lookup: IdentityLookup; hashId: IdHasher; hashName: (name: string) => string; today: () => string },
  ) {}

  async search(req: SearchRequest): Promise<SearchOutcome> {
    const device = { id: `manual@${req.desk}`, desk: req.desk };
    const record = async (result: Accepted): Promise<SearchOutcome> => ({
      status: 'done',
      message: await this.deps.pipeline.accept(device, 'search', result, req.actor),
    });
    const fail = (error: CodedMessage): Promise<SearchOutcome> => record({ ok: false, error, rawHex: null });

    const q = parseSearchInput(req.query, this.deps.today());
    if (!q.ok) return fail(q.error);
    const known = await this.deps.lookup.find(this.#key(q));
    if (known.length > 1)
      return {
        status: 'ambiguous',
        candidates: known.map((p) => ({ idMasked: maskId(p.id ?? p.cardCode ?? ''), address: p.address })),
        message: SEARCH_MESSAGES.ambiguous,
      };
    const found = known[0];
    if (found) return record({ ok: true, kind: found.kind, identity: found, warnings: q.warnings });
    if (q.kind === 'nameDob') return fail(coded('notFound'));
    if (q.kind === 'cmnd') return fail(coded('cmndNotFound'));

    // First time this number is seen here: the gateway needs name and date of birth with it.
    const sex = q.kind === 'cccd' ? q.sex : req.sex;
    const missing = [...(req.name?.trim() ? [] : ['name' as const]), ...(req.dob?.trim() ? [] : ['dob' as const]), ...(sex ? [] : ['sex' as const])];
    if (missing.length > 0)
      return {
        status: 'needsDetails',
        kind: q.kind,
        missing,
        message: missing.length === 1 && missing[0] === 'sex' ? SEARCH_MESSAGES.needsSex : SEARCH_MESSAGES.needsDetails,
      };
    const details = parseSearchInput(`${req.name} ${req.dob}`, this.deps.today());
    if (!details.ok || details.kind !== 'nameDob') return fail(details.ok ? coded('needsDetails') : details.error);
    const identity: IdentityView = {
      kind: 'manual',
      id: q.kind === 'cccd' ? q.value : null,
      cardCode: q.kind === 'cccd' ? null : q.value,
      oldId: null,
      name: details.name,
      dob: details.dob,
      sex: sex!,
      address: req.address?.trim() ?? '',
      issueDate: null,
    };
    return record({ ok: true, kind: 'manual', identity, warnings: [...q.warnings, ...details.warnings] });
  }

  #key(q: SearchQuery): IdentityKey {
    switch (q.kind) {
      case 'cccd':
      case 'bhyt':
        return { by: 'hash', idHash: this.deps.hashId(q.value) };
      case 'cmnd':
        return { by: 'oldId', oldId: q.value };
      case 'bhxh':
        return { by: 'bhxh', bhxh: q.value };
      case 'nameDob':
        return { by: 'nameDob', nameHash: this.deps.hashName(q.name), dob: q.dob };
    }
  }
}

// The wire contract spells the search kinds out (the pages cannot import the parser): kept equal here.
type SameKinds = [SearchQuery['kind']] extends [SearchKind] ? ([SearchKind] extends [SearchQuery['kind']] ? true : false) : false;
const sameKinds: SameKinds = true;
void sameKinds;
