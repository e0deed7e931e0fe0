// Who is asking, as every route sees it: the caller that the access check (http/access.ts) put on the
// request, the one rule routes apply themselves (a desk-bound token acts only for its desk), and the
// audit callback a route calls when it shows stored patient data. Low on the floors so that a
// capability's routes (checkin/, patients/, eligibility/, …) can live in the capability's folder.

import type { FastifyRequest } from 'fastify';

export type Role = 'reception' | 'technician' | 'admin';

export interface Caller {
  readonly id: string;
  readonly role: Role;
  /** A reception token bound to one desk may act only for that desk. */
  readonly desk: string | null;
}

/** Records that a caller read a patient's data (audit log): what, where, and whose (keyed hash).
 *  Resolves once the row is written; rejects with code AUDIT_UNAVAILABLE when it cannot be, and the
 *  route then shows nothing (http/errors.ts answers 503): no view of patient data goes unaudited. */
export type AuditView = (caller: Caller | null, e: AuditEvent) => Promise<void>;

export interface AuditEvent {
  readonly action: string;
  readonly desk: string;
  readonly eventId: number | null;
  readonly idHash: string | null;
  readonly subject?: string;
  /** A change already made: its row is kept through the durable write path (see auditChange). */
  readonly change?: boolean;
}

/** The audit of a change already made (a registration, a merge, a desk assigned): its row goes
 *  through the durable write path (a full disk makes it wait, in order; it is never dropped), and
 *  the answer does not wait for it. Refusing would report as refused a change that happened (a kiosk
 *  would show an error for a ticket that exists). A view of patient data is refused instead
 *  (AUDIT_UNAVAILABLE). */
export function auditChange(audit: AuditView, caller: Caller | null, e: Omit<AuditEvent, 'change'>): void {
  void audit(caller, { ...e, change: true }).catch(() => undefined);
}

/** The desk a request acts for must be the token's own desk, when the token has one. */
export function deskAllowed(req: FastifyRequest, desk: string): boolean {
  const who = req.caller;
  return !who || who.desk === null || who.desk === desk;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}
