// A locked database or a full disk must not crash the daemon or lose a read: the write is retried
// with backoff while the health report says what is wrong, in Vietnamese and English, and clears
// itself when a write succeeds again.

import type { StorageStatus } from '../api/contract.ts';
import type { Logger } from '../log.ts';
import { STORAGE_TEXT, type Text } from './storage-messages.ts';

const TRANSIENT = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL']);

export type { StorageStatus };

const OK = STORAGE_TEXT.databaseOk;
const TEXT: Record<string, Text> = { SQLITE_FULL: STORAGE_TEXT.diskFull, SQLITE_BUSY: STORAGE_TEXT.databaseLocked };
const OTHER = STORAGE_TEXT.writeError;

export class StorageHealth {
  #status: StorageStatus = { ok: true, code: null, ...OK, since: null, lost: 0 };
  #closing = false;

  constructor(private readonly deps: { log: Logger; now: () => Date; retryForMs: number; onChange: () => void; driver?: StorageStatus['driver'] }) {}

  /** With the SQLite driver in use, when it was given. */
  get status(): StorageStatus {
    return this.deps.driver ? { ...this.#status, driver: this.deps.driver } : this.#status;
  }

  /** The daemon is stopping: writes still retrying give up at their next failure, without a line each. */
  close(): void {
    this.#closing = true;
  }

  /** Runs a write, retrying transient storage errors for up to `retryForMs`; `onWait` is told once
   *  when this write has to wait (the desk then shows its read arrived). */
  async write<T>(what: string, fn: () => Promise<T>, onWait?: () => void): Promise<T> {
    const started = Date.now();
    let delay = 50;
    let told = false;
    for (;;) {
      try {
        const result = await fn();
        if (!this.#status.ok) {
          this.deps.log.info({ code: this.#status.code }, 'database writable again');
          this.#status = { ...this.#status, ok: true, code: null, ...OK, since: null };
          this.deps.onChange();
        }
        return result;
      } catch (err) {
        // Shutting down: the pipeline has logged how many writes were still waiting, in one line.
        if (this.#closing) throw err;
        const code = (err as { code?: string }).code ?? 'UNKNOWN';
        if (!TRANSIENT.has(code) || Date.now() - started > this.deps.retryForMs) {
          this.#status = { ...this.#status, lost: this.#status.lost + 1 };
          this.deps.log.error({ code, what, err: (err as Error).message }, 'database write failed for good');
          throw err;
        }
        if (this.#status.ok || this.#status.code !== code) {
          this.deps.log.warn({ code, what }, 'database write failed; retrying');
          this.#status = { ...this.#status, ok: false, code, ...(TEXT[code] ?? OTHER), since: this.deps.now().toISOString() };
          this.deps.onChange();
        }
        if (!told) onWait?.();
        told = true;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(2000, delay * 2);
      }
    }
  }
}
