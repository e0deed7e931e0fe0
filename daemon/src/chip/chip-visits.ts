// What the desk keeps of a chip read for the visit, in memory only: the portrait (for the
// receptionist to compare faces), the chip's identity (to compare a QR read of the same person later
// in the visit), and the patient's consent. Never stored, logged, or sent beyond the desk's own page:
// a restart forgets it all, and each entry goes after chip.portraitKeepMs or when the desk's entries
// exceed the cap.

import type { ChipComparison, IdentityView, ScanMessage } from '../api/contract.ts';
import { differences } from './chip-compare.ts';
import type { Portrait } from './dg2-portrait.ts';

export interface ChipVisit {
  readonly eventId: number;
  readonly desk: string;
  readonly at: number;
  readonly identity: IdentityView;
  readonly portrait: Portrait | null;
  consent: 'notRequired' | 'needed' | 'given';
  /** The device that read it (its lookup, held until consent, is made in its name). */
  readonly deviceId: string;
  /** The read as announced with its identity (re-announced to the desk when the consent comes). */
  readonly message: ScanMessage;
}

/** A busy desk reads a few hundred cards a day: the cap bounds memory whatever the keep time. */
const MAX_VISITS = 2_000;

export class ChipVisits {
  readonly #visits = new Map<number, ChipVisit>();

  constructor(private readonly deps: { keepMs: number; now: () => number }) {}

  keep(eventId: number, v: Omit<ChipVisit, 'eventId' | 'at'>): void {
    this.#forgetOld();
    this.#visits.set(eventId, { ...v, eventId, at: this.deps.now() });
    if (this.#visits.size > MAX_VISITS) this.#visits.delete(this.#visits.keys().next().value!);
  }

  /** The visit of a chip read, while it is kept. */
  of(eventId: number): Readonly<ChipVisit> | null {
    this.#forgetOld();
    return this.#visits.get(eventId) ?? null;
  }

  /** Records the consent: the visit when this is the consent it waited for, else null (gone, not
   *  needed, or given already: the held lookup is released once). */
  consent(eventId: number): Readonly<ChipVisit> | null {
    this.#forgetOld();
    const v = this.#visits.get(eventId);
    if (!v || v.consent !== 'needed') return null;
    v.consent = 'given';
    return v;
  }

  /** A later read at the same desk of the same ID, compared with the chip's data. */
  compare(desk: string, identity: IdentityView): ChipComparison | undefined {
    if (!identity.id) return undefined;
    this.#forgetOld();
    const chip = [...this.#visits.values()].reverse().find((v) => v.desk === desk && v.identity.id === identity.id);
    if (!chip) return undefined;
    const differs = differences(said(chip.identity), said(identity));
    return { chipEventId: chip.eventId, matches: differs.length === 0, differs };
  }

  get size(): number {
    return this.#visits.size;
  }

  #forgetOld(): void {
    const oldest = this.deps.now() - this.deps.keepMs;
    for (const [id, v] of this.#visits) {
      if (v.at >= oldest) break; // kept in insertion (time) order
      this.#visits.delete(id);
    }
  }
}

/** Only what both reads carry is compared (a QR of a 2024 card has no address, …). */
function said(i: IdentityView): { id?: string; oldId?: string; name?: string; dob?: string; sex?: string; address?: string; issueDate?: string } {
  const opt = (s: string | null): string | undefined => (s ? s : undefined);
  return {
    id: opt(i.id),
    oldId: opt(i.oldId),
    name: opt(i.name),
    dob: opt(i.dob),
    sex: i.sex === 'M' ? 'Nam' : 'Nữ',
    address: opt(i.address),
    issueDate: opt(i.issueDate),
  };
}
