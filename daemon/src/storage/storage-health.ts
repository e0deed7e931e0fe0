// Everything the daemon must keep goes through one ordered queue per database (docs/architecture.md,
// "The durable write path"): a locked database or a full disk must not crash the daemon, lose a read
// or a lookup's answer, or store them out of order. While writes go through they run at once, side by
// side (the database's own queue keeps their order and commits them together). At the first transient
// failure the queue stops: the failed write and every later one wait their turn, first in first out,
// behind one backoff; the health report says what is wrong in Vietnamese and English; when the head
// goes through, the rest follow in order and the report clears itself. No restart is needed.
//
// Two kinds of writes: a read's event gives up after `retryForMs` (the desk is told to scan again, and
// the loss itself is kept: ScanPipeline); every other write (lookup answers, the verify-later queue,
// the patient index, registrations' answers, check-ins, webhook deliveries) waits until it is stored
// or the daemon stops (then it is redone at the next start, being written ahead or recomputed).

import type { StorageStatus } from '../api/contract.ts';
import type { Logger } from '../log.ts';
import { STORAGE_TEXT, type Text } from './storage-messages.ts';

const TRANSIENT = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL']);
const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 2000;

export type { StorageStatus };

/** A write that must be kept: it waits in order until the database takes it (or the daemon stops). */
export type KeepWrite = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

export interface WriteOptions {
  /** Told once when this write has to wait (the desk then shows its read arrived). */
  readonly onWait?: () => void;
  /** Given up after `retryForMs` of waiting (a read's event); otherwise it waits until stored. */
  readonly givesUp?: boolean;
}

interface Job {
  readonly seq: number;
  readonly what: string;
  readonly fn: () => Promise<unknown>;
  readonly started: number;
  readonly opts: WriteOptions;
  told: boolean;
  readonly resolve: (v: unknown) => void;
  readonly reject: (err: unknown) => void;
}

const OK = STORAGE_TEXT.databaseOk;
const TEXT: Record<string, Text> = { SQLITE_FULL: STORAGE_TEXT.diskFull, SQLITE_BUSY: STORAGE_TEXT.databaseLocked };
const OTHER = STORAGE_TEXT.writeError;
const codeOf = (err: unknown): string => (err as { code?: string }).code ?? 'UNKNOWN';

export class StorageHealth {
  #status: StorageStatus = { ok: true, code: null, ...OK, since: null, lost: 0 };
  #closing = false;
  #seq = 0;
  /** Writes waiting their turn, oldest first (only while the queue is stopped or catching up). */
  readonly #waiting: Job[] = [];
  /** The catch-up loop is running (set and cleared synchronously with its last look at the queue:
   *  a write queued after it looked is run at once, never left behind a loop that has ended). */
  #catchingUp = false;
  #wake: (() => void) | null = null;

  constructor(
    private readonly deps: {
      log: Logger;
      now: () => Date;
      retryForMs: number;
      onChange: () => void;
      driver?: StorageStatus['driver'];
      /** Reads given up and not acknowledged yet (LostReads): shown here, with their words while the database works. */
      lost?: () => number;
    },
  ) {}

  /** With the SQLite driver in use, when it was given. */
  get status(): StorageStatus {
    const lost = this.deps.lost?.() ?? 0;
    const words = this.#status.ok && lost > 0 ? STORAGE_TEXT.readsLost(lost) : {};
    const status = { ...this.#status, ...words, lost };
    return this.deps.driver ? { ...status, driver: this.deps.driver } : status;
  }

  /** How many writes are waiting for the database now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** The daemon is stopping: writes still waiting give up at their next failure, without a line each. */
  close(): void {
    this.#closing = true;
    this.#wake?.();
  }

  /** A write that must be kept (KeepWrite), bound for handing to other parts. */
  readonly keep: KeepWrite = (what, fn) => this.write(what, fn);

  /** Runs a write through the ordered queue; see the top of this file. */
  write<T>(what: string, fn: () => Promise<T>, opts: WriteOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = { seq: ++this.#seq, what, fn, started: Date.now(), opts, told: false, resolve: resolve as (v: unknown) => void, reject };
      if (this.#waiting.length === 0 && !this.#catchingUp) return void this.#runAtOnce(job);
      this.#waiting.push(job);
      if (!this.#status.ok) this.#tell(job);
    });
  }

  async #runAtOnce(job: Job): Promise<void> {
    try {
      job.resolve(await job.fn());
      this.#recovered();
    } catch (err) {
      if (!this.#mayRetry(err)) return this.#fail(job, err);
      this.#failing(codeOf(err), job.what);
      // Back in its place by age: writes started after it may already be waiting behind it.
      const at = this.#waiting.findIndex((j) => j.seq > job.seq);
      this.#waiting.splice(at === -1 ? this.#waiting.length : at, 0, job);
      this.#waiting.forEach((j) => this.#tell(j));
      if (!this.#catchingUp) void this.#catchUp();
    }
  }

  /** The one backoff: the oldest waiting write is retried until it goes through, then the next at
   *  once. The loop starts right after a failure, so it waits before its first try. */
  async #catchUp(): Promise<void> {
    this.#catchingUp = true;
    let delay = FIRST_DELAY_MS;
    let pause = true;
    while (this.#waiting.length > 0) {
      if (pause) {
        await this.#sleep(delay);
        delay = Math.min(MAX_DELAY_MS, delay * 2);
      }
      this.#giveUpOld();
      const head = this.#waiting[0];
      if (!head) break;
      try {
        const result = await head.fn();
        this.#waiting.shift();
        head.resolve(result);
        this.#recovered();
        [pause, delay] = [false, FIRST_DELAY_MS];
      } catch (err) {
        pause = this.#mayRetry(err) && !(head.opts.givesUp && this.#tooOld(head));
        if (!pause) {
          this.#waiting.shift();
          this.#fail(head, err);
          continue;
        }
        this.#failing(codeOf(err), head.what);
        this.#waiting.forEach((j) => this.#tell(j));
      }
    }
    this.#catchingUp = false;
  }

  /** Reads' events waiting past the retry window behind an older write are given up unattempted. */
  #giveUpOld(): void {
    for (let i = this.#waiting.length - 1; i >= 1; i--) {
      const job = this.#waiting[i]!;
      if (!job.opts.givesUp || !this.#tooOld(job)) continue;
      this.#waiting.splice(i, 1);
      this.#fail(job, Object.assign(new Error(`${job.what} waited past storage.retryForMs`), { code: this.#status.code ?? 'UNKNOWN' }));
    }
  }

  #tooOld(job: Job): boolean {
    return Date.now() - job.started > this.deps.retryForMs;
  }

  #mayRetry(err: unknown): boolean {
    // Shutting down: the pipeline has logged how many writes were still waiting, in one line.
    return !this.#closing && TRANSIENT.has(codeOf(err));
  }

  #fail(job: Job, err: unknown): void {
    if (!this.#closing) {
      this.deps.log.error({ code: codeOf(err), what: job.what, err: (err as Error).message }, 'database write failed for good');
    }
    job.reject(err);
  }

  #failing(code: string, what: string): void {
    if (!this.#status.ok && this.#status.code === code) return;
    this.deps.log.warn({ code, what }, 'database write failed; retrying');
    this.#status = { ...this.#status, ok: false, code, ...(TEXT[code] ?? OTHER), since: this.deps.now().toISOString() };
    this.deps.onChange();
  }

  #recovered(): void {
    if (this.#status.ok) return;
    this.deps.log.info({ code: this.#status.code }, 'database writable again');
    this.#status = { ...this.#status, ok: true, code: null, ...OK, since: null };
    this.deps.onChange();
  }

  #tell(job: Job): void {
    if (job.told) return;
    job.told = true;
    job.opts.onWait?.();
  }

  #sleep(ms: number): Promise<void> {
    if (this.#closing) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    }).finally(() => void (this.#wake = null));
  }
}
