// A confirmed scan or search becomes a registration (visit): the patient, the desk, the department, a
// queue number that restarts every day per department, and the eligibility outcome at that moment.
// With a HIS webhook configured, its delivery is queued in the same transaction: nothing registered
// is ever missing from the HIS, whatever happens between the two.

import type { IdentityView, Registration } from '../api/contract.ts';
import type { FacilityConfig } from '../vocabulary/facility.ts';
import type { RegistrationConfig } from '../vocabulary/registration-config.ts';
import { ageReasons, priorityReasonList, priorityView, reasonsOf, storedReasons, type PriorityConfig } from '../vocabulary/priority.ts';
import type { Db } from '../storage/db.ts';
import { vietnamDay, type EventsRepo } from '../storage/events-repo.ts';
import type { PatientIndex } from './patient-index.ts';
import { sightingOfIdentity } from './sightings.ts';
import { checkinView, type CheckinRepo } from '../checkin/checkin-repo.ts';
import type { WebhookQueue } from '../webhook/webhook-queue.ts';
import { facilityCodeOf, maLkOf } from '../vocabulary/visit-codes.ts';
import { apiError } from '../api/errors.ts';
import type { Rows } from '../storage/rows.ts';

type CheckinRow = Parameters<typeof checkinView>[0];
type NullableCheckin = { [K in keyof CheckinRow]?: CheckinRow[K] | null };

export type { Registration };

export type RegisterResult =
  | { readonly ok: true; readonly registration: Registration; readonly identity: IdentityView; readonly created: boolean }
  | { readonly ok: false; readonly error: ReturnType<typeof apiError> };

/** A registration with its check-in (LEFT JOIN: nulls when check-in is off). */
type Row = Rows['registrations'] & NullableCheckin;

const SELECT_WITH_CHECKIN = `SELECT r.*, c.ma_lk, c.state, c.code, c.message, c.ma_giao_dich, c.thoi_gian_tiep_nhan, c.sent_at
  FROM registrations r LEFT JOIN checkins c ON c.registration_id = r.id`;

/** What registering needs of the configuration (the check-in's own slice lives above, in checkin/). */
export interface RegistrationsConfig {
  readonly registration: RegistrationConfig;
  readonly facility: FacilityConfig;
  readonly checkin: { readonly enabled: boolean; readonly facilityCode: string | null };
  readonly queue: { readonly priority: PriorityConfig };
}

export class Registrations {
  constructor(
    private readonly deps: {
      db: Db;
      events: EventsRepo;
      index: PatientIndex;
      config: RegistrationsConfig;
      checkins: CheckinRepo;
      /** Where a registration's HIS delivery is queued, in the registration's own transaction. */
      webhook: Pick<WebhookQueue, 'enqueueNow'>;
      now: () => Date;
    },
  ) {}

  #department(id: string): RegistrationConfig['departments'][number] | undefined {
    return this.deps.config.registration.departments.find((d) => d.id === id);
  }

  #view(r: Row): Registration {
    const dep = this.#department(r.department);
    return {
      id: r.id,
      at: r.at,
      day: r.day,
      eventId: r.event_id,
      patientId: r.patient_id,
      desk: r.desk_id,
      department: { id: r.department, name: dep?.name ?? r.department },
      queueNumber: r.queue_number,
      ticket: r.ticket,
      eligibility: { outcome: r.eligibility_outcome, code: r.eligibility_code },
      checkIn: r.ma_lk && r.state ? checkinView({ ...(r as CheckinRow), ma_lk: r.ma_lk, state: r.state }) : null,
      priority: priorityView(r),
    };
  }

  /** The reason codes a desk may add or remove: the law's and the facility's own. */
  priorityReasons(): string[] {
    return priorityReasonList(this.deps.config.queue.priority).map((r) => r.code);
  }

  /** A receptionist adds or removes one priority reason of a registration (the route audits it); a
   *  reason the patient asked for at the kiosk is settled either way. */
  async setPriority(id: number, reason: string, on: boolean): Promise<Registration | undefined> {
    const { db } = this.deps;
    return db.transaction(async () => {
      const row = (await db.allNow<Row>(`${SELECT_WITH_CHECKIN} WHERE r.id = ?`, [id]))[0];
      if (!row) return undefined;
      const now = reasonsOf(row.priority_reasons).filter((r) => r !== reason);
      const asked = reasonsOf(row.priority_requested).filter((r) => r !== reason);
      await db.runNow('UPDATE registrations SET priority_reasons = ?, priority_requested = ? WHERE id = ?', [
        storedReasons(on ? [...now, reason] : now),
        storedReasons(asked),
        id,
      ]);
      return this.#view((await db.allNow<Row>(`${SELECT_WITH_CHECKIN} WHERE r.id = ?`, [id]))[0]!);
    });
  }

  /** The day's registrations (Vietnam calendar day, YYYY-MM-DD), in the order they were made. */
  async listDay(day: string): Promise<Registration[]> {
    const rows = await this.deps.db.all<Row>(`${SELECT_WITH_CHECKIN} WHERE r.day = ? ORDER BY r.id`, [day]);
    return rows.map((r) => this.#view(r));
  }

  async get(id: number): Promise<Registration | undefined> {
    const r = await this.deps.db.get<Row>(`${SELECT_WITH_CHECKIN} WHERE r.id = ?`, [id]);
    return r && this.#view(r);
  }

  /** The check-in row, in the registration's transaction: an emergency is recorded as not sent. */
  async #checkinNow(reg: { id: number; day: string }, dep: { visitCategory: string }, at: Date): Promise<void> {
    const c = this.deps.config.checkin;
    if (!c.enabled) return;
    const maLk = maLkOf(facilityCodeOf(this.deps.config), reg);
    const emergency = dep.visitCategory === '2';
    await this.deps.checkins.insertNow(
      reg.id,
      maLk,
      emergency ? 'skipped' : 'queued',
      emergency ? 'Cấp cứu: không gửi check-in / emergency: not checked in' : null,
      at,
    );
  }

  /** Inside a merge's transaction: the merged patient's registrations move to the one kept (their ids returned). */
  async reassignPatientNow(from: number, to: number): Promise<number[]> {
    const { db } = this.deps;
    const regs = await db.allNow<{ id: number }>('SELECT id FROM registrations WHERE patient_id = ?', [from]);
    await db.runNow('UPDATE registrations SET patient_id = ? WHERE patient_id = ?', [to, from]);
    return regs.map((r) => r.id);
  }

  /** Inside an undo's transaction: exactly these registrations go back to `to`. */
  async restorePatientNow(ids: readonly number[], to: number): Promise<void> {
    for (const id of ids) await this.deps.db.runNow('UPDATE registrations SET patient_id = ? WHERE id = ?', [to, id]);
  }

  /** A gateway answer that came after the visit was registered (the gateway was slow or away): the
   *  registration takes it. Returns whether a registration changed. */
  async eligibilityArrived(eventId: number, outcome: string, code: string): Promise<boolean> {
    const r = await this.deps.db.run(
      'UPDATE registrations SET eligibility_outcome = ?, eligibility_code = ? WHERE event_id = ? AND (eligibility_outcome IS NOT ? OR eligibility_code IS NOT ?)',
      [outcome, code, eventId, outcome, code],
    );
    return r.changes > 0;
  }

  /** Registers the patient of a stored event; registering the same event again returns its ticket. */
  async register(
    eventId: number,
    departmentId: string,
    body: (r: Registration, identity: IdentityView) => string | null,
    requested: readonly string[] = [],
  ): Promise<RegisterResult> {
    const { db, now } = this.deps;
    const dep = this.#department(departmentId);
    if (!dep) return { ok: false, error: apiError('UNKNOWN_DEPARTMENT') };
    const ev = await this.deps.events.stored(eventId);
    if (!ev) return { ok: false, error: apiError('EVENT_NOT_FOUND', { id: eventId }) };
    if (ev.outcome !== 'success' || !ev.identity) return { ok: false, error: apiError('NOT_A_PATIENT') };
    const { identity, eligibility } = ev;
    const patientId = await this.deps.index.observe(sightingOfIdentity(identity));
    const at = now();
    const day = vietnamDay(at);
    const byAge = ageReasons(identity.dob, day, this.deps.config.queue.priority);
    const reasons = storedReasons([...(dep.visitCategory === '2' ? ['emergency'] : []), ...byAge.reasons]);
    return db.transaction(async () => {
      const existing = (await db.allNow<Row>(`${SELECT_WITH_CHECKIN} WHERE r.event_id = ?`, [eventId]))[0];
      if (existing) return { ok: true, registration: this.#view(existing), identity, created: false };
      const last =
        (await db.allNow<{ n: number | null }>('SELECT MAX(queue_number) AS n FROM registrations WHERE day = ? AND department = ?', [day, dep.id]))[0]?.n ?? 0;
      const n = last + 1;
      const ticket = `${dep.prefix}${String(n).padStart(3, '0')}`;
      const { lastID } = await db.runNow(
        `INSERT INTO registrations (at, day, event_id, patient_id, desk_id, department, queue_number, ticket, eligibility_outcome, eligibility_code, priority_reasons, partial_dob, priority_requested)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          at.toISOString(),
          day,
          eventId,
          patientId,
          ev.desk,
          dep.id,
          n,
          ticket,
          eligibility?.outcome ?? null,
          eligibility?.code ?? null,
          reasons,
          byAge.partialDob ? 1 : 0,
          storedReasons(requested.filter((r) => !reasonsOf(reasons).includes(r))),
        ],
      );
      await this.#checkinNow({ id: lastID, day }, dep, at);
      const reg = this.#view((await db.allNow<Row>(`${SELECT_WITH_CHECKIN} WHERE r.id = ?`, [lastID]))[0]!);
      const payload = body(reg, identity);
      if (payload !== null)
        await this.deps.webhook.enqueueNow({
          facilityId: this.deps.config.facility.id,
          kind: 'registration',
          ref: lastID,
          registrationId: lastID,
          body: payload,
          at,
        });
      return { ok: true, registration: reg, identity, created: true };
    });
  }
}
