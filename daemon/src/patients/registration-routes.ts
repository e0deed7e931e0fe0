// Registrations (visits with queue tickets), the patient index, and their FHIR forms.
//   GET  /api/departments
//   POST /api/registrations            {eventId, department}   -> {registration, created}
//   GET  /api/registrations?day=&format=json|csv|xlsx&fields=&reveal=1   the day's visit list (admin)
//   GET  /api/registrations/:id        GET /api/registrations/:id/fhir (Bundle)
//   POST /api/registrations/:id/priority {reason, on}   a desk adds or removes a priority reason (audited)
//   GET  /api/patients/:id             GET /api/patients/:id/fhir (Patient)

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SchemaTypes, TypedApp } from '../http-kit/schema-types.ts';
import type { IdentityView } from '../api/contract.ts';
import type { FhirSystems } from '../fhir/fhir-systems.ts';
import type { RegistrationConfig } from '../vocabulary/registration-config.ts';
import { priorityReasonList, type PriorityConfig } from '../vocabulary/priority.ts';
import { registrationBundle, toPatient } from '../fhir/fhir.ts';
import type { PatientIndex } from './patient-index.ts';
import type { Registration, Registrations } from './registrations.ts';
import type { StoredEvent } from '../storage/events-repo.ts';
import { auditChange, deskAllowed, type AuditView } from '../http-kit/caller.ts';
import { apiError } from '../api/errors.ts';
import { sendError } from '../http-kit/send-error.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import { tableCsv, tableXlsx } from '../util/table-file.ts';
import { VISIT_FIELD_NAMES, visitFieldsOf, visitHeader, visitRow, type VisitEntry } from './visit-list.ts';

export interface RegistrationRouteDeps {
  readonly config: {
    readonly registration: RegistrationConfig;
    readonly fhir: { readonly systems: FhirSystems };
    readonly queue: { readonly priority: PriorityConfig };
  };
  readonly registrations: Registrations;
  readonly index: PatientIndex;
  /** The stored identity, eligibility and desk of an event. */
  readonly eventOf: (eventId: number) => Promise<StoredEvent | undefined>;
  /** The JSON body the HIS webhook receives for a registration (null: no webhook configured). */
  readonly webhookBody: (registration: Registration, identity: IdentityView) => string | null;
  /** Every read of a patient, a registration or its FHIR form is audited. */
  readonly audit: AuditView;
}

const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const;

export async function registrationRoutes(untyped: FastifyInstance, deps: RegistrationRouteDeps): Promise<void> {
  const app = untyped.withTypeProvider<SchemaTypes>();
  departmentRoutes(app, deps);
  registerRoute(app, deps);
  registrationViews(app, deps);
  priorityRoute(app, deps);
  visitListRoute(app, deps);
  patientViews(app, deps);
}

const FIELD = `(${VISIT_FIELD_NAMES.join('|')})`;
const visitListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    day: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    format: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' },
    fields: { type: 'string', pattern: `^${FIELD}(,${FIELD})*$`, maxLength: 400 },
    reveal: { type: 'string', enum: ['0', '1'], default: '0' },
  },
} as const;

/** The day's visits for the accounting desk (admin): masked unless `reveal=1`; every list audited,
 *  a revealed one under its own action so an auditor finds who saw names in clear. */
function visitListRoute(app: TypedApp, deps: RegistrationRouteDeps): void {
  app.get('/api/registrations', { schema: { querystring: visitListQuery } }, async (req, reply) => {
    const day = req.query.day ?? vietnamDay(new Date());
    const fields = visitFieldsOf(req.query.fields);
    const reveal = req.query.reveal === '1';
    const entries: VisitEntry[] = [];
    for (const registration of await deps.registrations.listDay(day)) {
      const ev = await deps.eventOf(registration.eventId);
      entries.push({ registration, identity: ev?.identity ?? null, answeredCard: ev?.eligibility?.card?.maThe ?? null });
    }
    await deps.audit(req.caller, { action: reveal ? 'listVisitsRevealed' : 'listVisits', eventId: null, desk: '', idHash: null, subject: `visits:${day}` });
    const rows = entries.map((e) => visitRow(e, fields, reveal));
    const file = `luot-kham-${day}`;
    if (req.query.format === 'csv')
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}.csv"`)
        .send(tableCsv(visitHeader(fields), rows));
    if (req.query.format === 'xlsx')
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file}.xlsx"`)
        .send(await tableXlsx(`Lượt khám ${day}`, visitHeader(fields), rows));
    return { day, fields, revealed: reveal, visits: rows.map((r) => Object.fromEntries(fields.map((f, i) => [f, r[i]!]))) };
  });
}

function departmentRoutes(app: TypedApp, deps: RegistrationRouteDeps): void {
  app.get(
    '/api/departments',
    {
      schema: {
        response: {
          200: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, prefix: { type: 'string' } } } },
        },
      },
    },
    async () => deps.config.registration.departments,
  );

  app.get('/api/kiosk', async () => ({
    departments: deps.config.registration.departments,
    priorityReasons: priorityReasonList(deps.config.queue.priority),
    idleMs: deps.config.registration.kioskIdleMs,
    autoPrint: deps.config.registration.kioskAutoPrint,
  }));
}

function registerRoute(app: TypedApp, deps: RegistrationRouteDeps): void {
  app.post(
    '/api/registrations',
    {
      config: { errors: ['EVENT_NOT_FOUND', 'NOT_A_PATIENT', 'UNKNOWN_DEPARTMENT', 'UNKNOWN_PRIORITY_REASON'] },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['eventId', 'department'],
          properties: {
            eventId: { type: 'integer', minimum: 1 },
            department: { type: 'string', maxLength: 40 },
            // Reasons the patient chose at the self-service kiosk: counted once a desk confirms them.
            requestedPriority: { type: 'array', maxItems: 9, items: { type: 'string', maxLength: 32 } },
          },
        },
      },
    },
    async (req, reply) => {
      const ev = await deps.eventOf(req.body.eventId);
      if (ev && !deskAllowed(req, ev.desk)) return sendError(reply, apiError('EVENT_NOT_FOUND', { id: req.body.eventId }));
      const requested = req.body.requestedPriority ?? [];
      const known = deps.registrations.priorityReasons();
      const unknown = requested.find((x) => !known.includes(x));
      if (unknown !== undefined) return sendError(reply, apiError('UNKNOWN_PRIORITY_REASON', { known: known.join(', ') }));
      const r = await deps.registrations.register(req.body.eventId, req.body.department, deps.webhookBody, requested);
      if (!r.ok) return sendError(reply, r.error);
      auditChange(deps.audit, req.caller, {
        action: 'register',
        eventId: req.body.eventId,
        desk: ev?.desk ?? '',
        idHash: ev?.idHash ?? null,
        subject: `registration:${r.registration.id}`,
      });
      return reply.code(r.created ? 201 : 200).send({ registration: r.registration, created: r.created, patient: { name: r.identity.name } });
    },
  );
}

/** A receptionist adds or removes one priority reason (the law's, or the facility's own): who, when
 *  and which reason go to the audit log (setPriority, subject registration:<id>:+<reason> or -<reason>). */
function priorityRoute(app: TypedApp, deps: RegistrationRouteDeps): void {
  app.post(
    '/api/registrations/:id/priority',
    {
      config: { errors: ['REGISTRATION_NOT_FOUND', 'UNKNOWN_PRIORITY_REASON'] },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason', 'on'],
          properties: { reason: { type: 'string', maxLength: 32 }, on: { type: 'boolean' } },
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const { reason, on } = req.body;
      const reg = await deps.registrations.get(id);
      const ev = reg ? await deps.eventOf(reg.eventId) : undefined;
      // Any reception desk may settle a ticket of today's queue (a kiosk patient's request is confirmed
      // at a desk, not at the kiosk); the answer carries no patient data.
      const todays = reg?.day === vietnamDay(new Date()) && req.caller?.role === 'reception';
      if (!reg || !ev || !(todays || deskAllowed(req, ev.desk))) return sendError(reply, apiError('REGISTRATION_NOT_FOUND', { id }));
      const known = deps.registrations.priorityReasons();
      if (!known.includes(reason)) return sendError(reply, apiError('UNKNOWN_PRIORITY_REASON', { known: known.join(', ') }));
      const changed = (await deps.registrations.setPriority(id, reason, on))!;
      auditChange(deps.audit, req.caller, {
        action: 'setPriority',
        eventId: reg.eventId,
        desk: ev.desk,
        idHash: ev.idHash,
        subject: `registration:${id}:${on ? '+' : '-'}${reason}`,
      });
      return { registration: changed };
    },
  );
}

/** A registration and its FHIR Bundle, for the desk that made it (and admins); every view audited. */
function registrationViews(app: TypedApp, deps: RegistrationRouteDeps): void {
  const registration = async (id: number) => {
    const reg = await deps.registrations.get(id);
    const ev = reg ? await deps.eventOf(reg.eventId) : undefined;
    return reg && ev ? { reg, ev } : undefined;
  };
  type Found = NonNullable<Awaited<ReturnType<typeof registration>>>;
  const audited = (caller: FastifyRequest['caller'], action: string, { reg, ev }: Found): Promise<void> =>
    deps.audit(caller, { action, eventId: reg.eventId, desk: ev.desk, idHash: ev.idHash, subject: `registration:${reg.id}` });

  app.get('/api/registrations/:id', { config: { errors: ['REGISTRATION_NOT_FOUND'] }, schema: { params: idParams } }, async (req, reply) => {
    const found = await registration(req.params.id);
    if (!found || !deskAllowed(req, found.ev.desk)) return sendError(reply, apiError('REGISTRATION_NOT_FOUND', { id: req.params.id }));
    await audited(req.caller, 'viewRegistration', found);
    return { registration: found.reg, patient: found.ev.identity ? { name: found.ev.identity.name } : null };
  });

  app.get('/api/registrations/:id/fhir', { config: { errors: ['REGISTRATION_NOT_FOUND'] }, schema: { params: idParams } }, async (req, reply) => {
    const found = await registration(req.params.id);
    if (!found?.ev.identity || !deskAllowed(req, found.ev.desk)) return sendError(reply, apiError('REGISTRATION_NOT_FOUND', { id: req.params.id }));
    await audited(req.caller, 'viewRegistrationFhir', found);
    const p = found.reg.patientId !== null ? await deps.index.get(found.reg.patientId) : undefined;
    return reply
      .type('application/fhir+json')
      .send(registrationBundle(found.reg.patientId, found.ev.identity, found.ev.eligibility, p?.identifiers ?? [], found.reg, deps.config.fhir.systems));
  });
}

/** The patient index (admin); every view audited. */
function patientViews(app: TypedApp, deps: RegistrationRouteDeps): void {
  app.get('/api/patients/:id', { config: { errors: ['PATIENT_NOT_FOUND'] }, schema: { params: idParams } }, async (req, reply) => {
    const p = await deps.index.get(req.params.id);
    if (!p) return sendError(reply, apiError('PATIENT_NOT_FOUND', { id: req.params.id }));
    await deps.audit(req.caller, { action: 'viewPatient', eventId: null, desk: '', idHash: null, subject: `patient:${p.id}` });
    return p;
  });

  app.get('/api/patients/:id/fhir', { config: { errors: ['PATIENT_NOT_FOUND'] }, schema: { params: idParams } }, async (req, reply) => {
    const p = await deps.index.get(req.params.id);
    if (!p) return sendError(reply, apiError('PATIENT_NOT_FOUND', { id: req.params.id }));
    await deps.audit(req.caller, { action: 'viewPatientFhir', eventId: null, desk: '', idHash: null, subject: `patient:${p.id}` });
    const identity: IdentityView = {
      kind: 'index',
      id: null,
      cardCode: null,
      oldId: null,
      name: p.name ?? '',
      dob: p.dob ?? '',
      sex: p.sex === 'F' ? 'F' : 'M',
      address: p.address ?? '',
      issueDate: null,
    };
    return reply.type('application/fhir+json').send(toPatient(p.id, identity, p.identifiers, deps.config.fhir.systems));
  });
}
