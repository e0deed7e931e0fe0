// Reads given up while the disk was full are not forgotten (migration 014): each is written later as
// a `notStored` error event of its device (ScanPipeline), and stands as a loss until a technician
// acknowledges it on /tech. Until then the daemon's status is not ok, across restarts. This module
// keeps the count the health report shows (synchronously) and writes the acknowledgements.

import type { Db } from './db.ts';

const UNACKNOWLEDGED = `SELECT COUNT(*) AS n, MIN(at) AS since FROM scan_events
  WHERE error_code = 'notStored' AND id > (SELECT COALESCE(MAX(up_to_event_id), 0) FROM lost_read_acks)`;

export interface LostReadsStatus {
  /** Given up and not acknowledged yet: those written as losses, and those still waiting to be written. */
  readonly count: number;
  /** The oldest unacknowledged loss that is written (null: none written yet). */
  readonly since: string | null;
}

export class LostReads {
  #written = 0;
  #since: string | null = null;
  /** Given up, their loss not written yet (the disk is still full). */
  #unwritten = 0;

  constructor(private readonly deps: { db: Db; onChange: () => void }) {}

  /** Reads the unacknowledged losses of earlier runs (at start). */
  async load(): Promise<void> {
    const row = await this.deps.db.get<{ n: number; since: string | null }>(UNACKNOWLEDGED);
    this.#written = row?.n ?? 0;
    this.#since = row?.since ?? null;
  }

  get status(): LostReadsStatus {
    return { count: this.#written + this.#unwritten, since: this.#since };
  }

  /** A read was given up; its loss waits to be written. */
  givenUp(): void {
    this.#unwritten++;
    this.deps.onChange();
  }

  /** The loss of a read given up is written (`at`: when the read was made). */
  written(at: string): void {
    this.#unwritten = Math.max(0, this.#unwritten - 1);
    this.#written++;
    this.#since ??= at;
    this.deps.onChange();
  }

  /** The daemon stopped before the loss could be written (logged with the others, in one line). */
  notWritten(): void {
    this.#unwritten = Math.max(0, this.#unwritten - 1);
    this.deps.onChange();
  }

  /** A technician saw the losses: every written one so far is acknowledged. Returns how many. */
  async acknowledge(actor: string, at: Date): Promise<number> {
    const acknowledged = await this.deps.db.transaction(async () => {
      const row = (
        await this.deps.db.allNow<{ n: number; last: number | null }>(
          `SELECT COUNT(*) AS n, MAX(id) AS last FROM scan_events
          WHERE error_code = 'notStored' AND id > (SELECT COALESCE(MAX(up_to_event_id), 0) FROM lost_read_acks)`,
        )
      )[0];
      if (!row?.last) return 0;
      await this.deps.db.runNow('INSERT INTO lost_read_acks (at, actor, up_to_event_id, acknowledged) VALUES (?, ?, ?, ?)', [
        at.toISOString(),
        actor,
        row.last,
        row.n,
      ]);
      return row.n;
    });
    this.#written = Math.max(0, this.#written - acknowledged);
    if (this.#written === 0) this.#since = null;
    this.deps.onChange();
    return acknowledged;
  }
}
