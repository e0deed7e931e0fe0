// The check-in queue: one row per registration, queued until the gateway accepts or refuses it.
// No patient data here (the XML0 is rebuilt from the registration when it is sent).

import type { CheckInView } from '../api/contract.ts';
import type { Db } from '../storage/db.ts';
import type { Rows } from '../storage/rows.ts';

export type CheckinState = CheckInView['state'];

/** A check-in as stored (storage/rows.ts, from the migrations), its state narrowed to the known ones. */
type Row = Omit<Rows['checkins'], 'state' | 'created_at'> & { readonly state: CheckinState };

export interface QueuedCheckin {
  readonly registrationId: number;
  readonly maLk: string;
  readonly attempts: number;
}

export function checkinView(r: Pick<Row, 'ma_lk' | 'state' | 'code' | 'message' | 'ma_giao_dich' | 'thoi_gian_tiep_nhan' | 'sent_at'>): CheckInView {
  return {
    maLk: r.ma_lk,
    state: r.state,
    code: r.code,
    message: r.message,
    maGiaoDich: r.ma_giao_dich,
    thoiGianTiepNhan: r.thoi_gian_tiep_nhan,
    sentAt: r.sent_at,
  };
}

export class CheckinRepo {
  constructor(private readonly db: Db) {}

  /** Inside the registration's transaction (runNow). */
  async insertNow(registrationId: number, maLk: string, state: 'queued' | 'skipped', message: string | null, at: Date): Promise<void> {
    await this.db.runNow('INSERT INTO checkins (registration_id, ma_lk, state, next_at, created_at, message) VALUES (?, ?, ?, ?, ?, ?)', [
      registrationId,
      maLk,
      state,
      at.getTime(),
      at.toISOString(),
      message,
    ]);
  }

  async due(now: number, limit: number): Promise<QueuedCheckin[]> {
    const rows = await this.db.all<Row>("SELECT * FROM checkins WHERE state = 'queued' AND next_at <= ? ORDER BY registration_id LIMIT ?", [now, limit]);
    return rows.map((r) => ({ registrationId: r.registration_id, maLk: r.ma_lk, attempts: r.attempts }));
  }

  async reschedule(registrationId: number, nextAt: number, code: string, message: string | null, counted: boolean): Promise<void> {
    await this.db.run(`UPDATE checkins SET next_at = ?, code = ?, message = ?, attempts = attempts + ? WHERE registration_id = ?`, [
      nextAt,
      code,
      message,
      counted ? 1 : 0,
      registrationId,
    ]);
  }

  async settle(
    registrationId: number,
    r: {
      state: 'accepted' | 'rejected' | 'skipped';
      code: string | null;
      message: string | null;
      maGiaoDich?: string | null;
      thoiGianTiepNhan?: string | null;
    },
    at: Date,
  ): Promise<void> {
    await this.db.run(
      'UPDATE checkins SET state = ?, code = ?, message = ?, ma_giao_dich = ?, thoi_gian_tiep_nhan = ?, sent_at = ?, attempts = attempts + 1 WHERE registration_id = ?',
      [r.state, r.code, r.message, r.maGiaoDich ?? null, r.thoiGianTiepNhan ?? null, at.toISOString(), registrationId],
    );
  }

  /** A rejected check-in, sent again after a fix (technician). */
  async requeue(registrationId: number, now: number): Promise<boolean> {
    const { changes } = await this.db.run("UPDATE checkins SET state = 'queued', next_at = ?, attempts = 0 WHERE registration_id = ? AND state = 'rejected'", [
      now,
      registrationId,
    ]);
    return changes > 0;
  }

  async get(registrationId: number): Promise<CheckInView | null> {
    const r = await this.db.get<Row>('SELECT * FROM checkins WHERE registration_id = ?', [registrationId]);
    return r ? checkinView(r) : null;
  }

  /** For /tech: refused check-ins with the gateway's message, never a patient's details. */
  async rejected(limit: number): Promise<Array<CheckInView & { registrationId: number }>> {
    const rows = await this.db.all<Row>("SELECT * FROM checkins WHERE state = 'rejected' ORDER BY registration_id DESC LIMIT ?", [limit]);
    return rows.map((r) => ({ registrationId: r.registration_id, ...checkinView(r) }));
  }

  async counts(): Promise<Record<CheckinState, number>> {
    const rows = await this.db.all<{ state: CheckinState; n: number }>('SELECT state, COUNT(*) AS n FROM checkins GROUP BY state');
    const out: Record<CheckinState, number> = { queued: 0, accepted: 0, rejected: 0, skipped: 0 };
    for (const r of rows) out[r.state] = r.n;
    return out;
  }
}
