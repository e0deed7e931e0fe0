// A department's queue of the day: its registrations in ticket order, and what happened to each
// (queue_calls: this module is its one writer). Calling the next ticket finishes the ticket the same
// desk called before; a call of a named ticket is a recall. Every change sends the department's board
// to its displays (socket.io `queue`), the call that caused it to be announced.

import type { QueueBoard, QueueCall, QueueList, QueueState, QueueTicket, WaitingTime } from '../api/contract.ts';
import { apiError } from '../api/errors.ts';
import type { Db } from '../storage/db.ts';
import type { Rows } from '../storage/rows.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import { shortName } from './display-name.ts';
import type { QueueConfig } from './queue-config.ts';
import { mayMove, type QueueAction } from './queue-transitions.ts';
import { pickNext } from './next-ticket.ts';
import { priorityClass, priorityView, reasonsOf } from '../vocabulary/priority.ts';
import { priorityVisits, waitingTimes } from './waiting-times.ts';
import type { PriorityVisits } from '../api/contract.ts';

type Row = Pick<Rows['registrations'], 'id' | 'at' | 'ticket' | 'queue_number' | 'event_id' | 'priority_reasons' | 'partial_dob' | 'priority_requested'> &
  Partial<Omit<Rows['queue_calls'], 'registration_id'>> & { state: string | null };

const SELECT = `SELECT r.id, r.at, r.ticket, r.queue_number, r.event_id, r.priority_reasons, r.partial_dob, r.priority_requested, q.state, q.desk, q.called_at, q.last_called_at, q.calls, q.served_at, q.finished_at
  FROM registrations r LEFT JOIN queue_calls q ON q.registration_id = r.id`;

export type QueueResult = { readonly ok: true; readonly ticket: QueueTicket } | { readonly ok: false; readonly error: ReturnType<typeof apiError> };

export interface QueueDeps {
  readonly db: Db;
  readonly config: QueueConfig;
  readonly departments: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** The patient's full name of a registration's read (only asked with queue.showNames). */
  readonly nameOf: (eventId: number) => Promise<string | null>;
  /** Where a department's board goes after a change (the socket.io rooms of its displays). */
  readonly publish: (board: QueueBoard) => void;
  readonly onError: (err: unknown) => void;
  readonly now: () => Date;
}

function ticketOf(r: Row): QueueTicket {
  return {
    registrationId: r.id,
    ticket: r.ticket,
    queueNumber: r.queue_number,
    state: (r.state ?? 'waiting') as QueueState,
    registeredAt: r.at,
    desk: r.desk ?? null,
    calledAt: r.called_at ?? null,
    lastCalledAt: r.last_called_at ?? null,
    calls: r.calls ?? 0,
    servedAt: r.served_at ?? null,
    finishedAt: r.finished_at ?? null,
    priority: priorityView(r),
  };
}

export class Queue {
  constructor(private readonly deps: QueueDeps) {}

  department(id: string): { id: string; name: string } | undefined {
    const d = this.deps.departments.find((x) => x.id === id);
    return d && { id: d.id, name: d.name };
  }

  #today(): string {
    return vietnamDay(this.deps.now());
  }

  async list(departmentId: string): Promise<QueueList | null> {
    const department = this.department(departmentId);
    if (!department) return null;
    const day = this.#today();
    const rows = await this.deps.db.all<Row>(`${SELECT} WHERE r.day = ? AND r.department = ? ORDER BY r.queue_number`, [day, department.id]);
    return { department, day, tickets: rows.map(ticketOf) };
  }

  /** The next waiting ticket, called to `desk`; the ticket this desk called before is done. */
  async callNext(departmentId: string, desk: string): Promise<QueueResult> {
    const day = this.#today();
    const at = this.deps.now().toISOString();
    const { db } = this.deps;
    const row = await db.transaction(async () => {
      await db.runNow(
        `UPDATE queue_calls SET state = 'done', finished_at = ?, updated_at = ?
         WHERE state IN ('called', 'inService') AND desk = ? AND registration_id IN (SELECT id FROM registrations WHERE day = ? AND department = ?)`,
        [at, at, desk, day, departmentId],
      );
      const id = await this.#nextNow(departmentId, day);
      if (id === null) return undefined;
      await this.#writeNow(id, 'called', desk, at);
      return (await db.allNow<Row>(`${SELECT} WHERE r.id = ?`, [id]))[0];
    });
    if (!row) {
      this.#publish(departmentId, null);
      return { ok: false, error: apiError('QUEUE_EMPTY', { department: departmentId }) };
    }
    const ticket = ticketOf(row);
    this.#publish(departmentId, ticket);
    return { ok: true, ticket };
  }

  /** Moves one of today's tickets: called (a recall, or a call out of turn), inService, done, skipped.
   *  `onlyDesk`: a desk-bound caller's desk; a ticket another desk has called is not theirs to move. */
  async move(departmentId: string, ticketName: string, action: QueueAction, desk: string | null, onlyDesk: string | null = null): Promise<QueueResult> {
    const day = this.#today();
    const at = this.deps.now().toISOString();
    const { db } = this.deps;
    const found = await db.transaction(async () => {
      const row = (await db.allNow<Row>(`${SELECT} WHERE r.day = ? AND r.department = ? AND r.ticket = ?`, [day, departmentId, ticketName]))[0];
      if (!row) return { ok: false as const, error: apiError('TICKET_NOT_FOUND', { department: departmentId }) };
      if (onlyDesk !== null && row.desk && row.desk !== onlyDesk) return { ok: false as const, error: apiError('DESK_MISMATCH') };
      const from = (row.state ?? 'waiting') as QueueState;
      if (!mayMove(from, action)) return { ok: false as const, error: apiError('TICKET_STATE', { ticket: ticketName, state: from, action }) };
      await this.#writeNow(row.id, action, desk ?? row.desk ?? null, at);
      return { ok: true as const, row: (await db.allNow<Row>(`${SELECT} WHERE r.id = ?`, [row.id]))[0]! };
    });
    if (!found.ok) return found;
    const ticket = ticketOf(found.row);
    this.#publish(departmentId, action === 'called' ? ticket : null);
    return { ok: true, ticket };
  }

  /** The ticket the department's policy calls next (inside the caller's transaction). */
  async #nextNow(departmentId: string, day: string): Promise<number | null> {
    const { db, config } = this.deps;
    const waiting = await db.allNow<{ id: number; priority_reasons: string }>(
      'SELECT r.id, r.priority_reasons FROM registrations r LEFT JOIN queue_calls q ON q.registration_id = r.id WHERE r.day = ? AND r.department = ? AND q.registration_id IS NULL ORDER BY r.queue_number',
      [day, departmentId],
    );
    const called = await db.allNow<{ priority_reasons: string }>(
      'SELECT r.priority_reasons FROM registrations r JOIN queue_calls q ON q.registration_id = r.id WHERE r.day = ? AND r.department = ? AND q.called_at IS NOT NULL ORDER BY q.called_at DESC, r.id DESC LIMIT 50',
      [day, departmentId],
    );
    const cls = (stored: string) => priorityClass(reasonsOf(stored));
    const policy = { ...config.priority, ...config.priority.byDepartment[departmentId] };
    return pickNext(
      waiting.map((w) => ({ id: w.id, cls: cls(w.priority_reasons) })),
      called.map((c) => cls(c.priority_reasons)),
      policy,
    );
  }

  /** One write of a ticket's state (inside the caller's transaction); a call counts one more call. */
  async #writeNow(registrationId: number, state: QueueAction, desk: string | null, at: string): Promise<void> {
    const called = state === 'called';
    await this.deps.db.runNow(
      `INSERT INTO queue_calls (registration_id, state, desk, called_at, last_called_at, calls, served_at, finished_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (registration_id) DO UPDATE SET state = excluded.state, desk = excluded.desk,
         called_at = COALESCE(queue_calls.called_at, excluded.called_at),
         last_called_at = COALESCE(excluded.last_called_at, queue_calls.last_called_at),
         calls = queue_calls.calls + excluded.calls,
         served_at = COALESCE(excluded.served_at, queue_calls.served_at),
         finished_at = COALESCE(excluded.finished_at, queue_calls.finished_at),
         updated_at = excluded.updated_at`,
      [
        registrationId,
        state,
        desk,
        called ? at : null,
        called ? at : null,
        called ? 1 : 0,
        state === 'inService' ? at : null,
        state === 'done' || state === 'skipped' ? at : null,
        at,
      ],
    );
  }

  /** What a display of the department shows now; `announce`: the call to chime and say. */
  async board(departmentId: string, announce: QueueTicket | null = null): Promise<QueueBoard | null> {
    const department = this.department(departmentId);
    if (!department) return null;
    const day = this.#today();
    const { db, config } = this.deps;
    const recent = await db.all<Row>(
      `${SELECT} WHERE r.day = ? AND r.department = ? AND q.last_called_at IS NOT NULL ORDER BY q.last_called_at DESC, r.queue_number DESC LIMIT ?`,
      [day, department.id, config.recentCalls],
    );
    const waiting = await db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM registrations r LEFT JOIN queue_calls q ON q.registration_id = r.id WHERE r.day = ? AND r.department = ? AND q.registration_id IS NULL',
      [day, department.id],
    );
    const calls = await Promise.all(recent.map((r) => this.#call(r)));
    const announced = announce ? (calls.find((c) => c.ticket === announce.ticket) ?? (await this.#call(announce))) : null;
    return { department, day, calls, waiting: waiting?.n ?? 0, announce: announced };
  }

  async #call(r: Row | QueueTicket): Promise<QueueCall> {
    const t = 'registrationId' in r ? r : ticketOf(r);
    const desk = t.desk ?? '';
    const call: QueueCall = {
      ticket: t.ticket,
      desk,
      place: this.deps.config.deskLabels[desk] ?? desk,
      at: t.lastCalledAt ?? '',
      calls: t.calls,
      priority: t.priority.class,
    };
    if (!this.deps.config.showNames) return call;
    const eventId = 'event_id' in r ? r.event_id : await this.#eventOf(t.registrationId);
    const name = eventId === null ? null : await this.deps.nameOf(eventId);
    return name ? { ...call, name: shortName(name) } : call;
  }

  async #eventOf(registrationId: number): Promise<number | null> {
    return (await this.deps.db.get<{ event_id: number }>('SELECT event_id FROM registrations WHERE id = ?', [registrationId]))?.event_id ?? null;
  }

  #publish(departmentId: string, announce: QueueTicket | null): void {
    this.board(departmentId, announce).then((b) => b && this.deps.publish(b), this.deps.onError);
  }

  /** Waiting times (registered to first called) per day and department, days `from`..`to` inclusive. */
  async waitingTimes(from: string, to: string): Promise<WaitingTime[]> {
    const rows = await this.deps.db.all<{ day: string; department: string; reasons: string; registeredAt: string; calledAt: string }>(
      `SELECT r.day, r.department, r.priority_reasons AS reasons, r.at AS registeredAt, q.called_at AS calledAt
       FROM registrations r JOIN queue_calls q ON q.registration_id = r.id
       WHERE r.day >= ? AND r.day <= ? AND q.called_at IS NOT NULL`,
      [from, to],
    );
    return waitingTimes(rows.map((r) => ({ ...r, cls: priorityClass(reasonsOf(r.reasons)) })));
  }

  /** Visits per priority reason, days `from`..`to` inclusive (every registration, called or not). */
  async priorityVisits(from: string, to: string): Promise<PriorityVisits> {
    const rows = await this.deps.db.all<{ day: string; reasons: string }>(
      "SELECT day, priority_reasons AS reasons FROM registrations WHERE day >= ? AND day <= ? AND priority_reasons != ''",
      [from, to],
    );
    return priorityVisits(rows.map((r) => ({ day: r.day, reasons: reasonsOf(r.reasons) })));
  }
}
