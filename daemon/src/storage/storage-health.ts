// A locked database or a full disk must not crash the daemon or lose a read: the write is retried
// with backoff while the health report says what is wrong, in Vietnamese and English, and clears
// itself when a write succeeds again.

import type { StorageStatus } from '../api/contract.ts';
import type { Logger } from '../log.ts';

const TRANSIENT = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL']);

export type { StorageStatus };

const OK = { vi: 'Cơ sở dữ liệu hoạt động bình thường.', en: 'The database is working.' };
const TEXT: Record<string, { vi: string; en: string }> = {
  SQLITE_FULL: {
    vi: 'Ổ đĩa đầy: không ghi được lượt quét. Giải phóng dung lượng; tiepnhan đang thử ghi lại.',
    en: 'Disk full: scans cannot be stored. Free some space; tiepnhan keeps retrying.',
  },
  SQLITE_BUSY: {
    vi: 'Cơ sở dữ liệu đang bị khóa bởi chương trình khác; tiepnhan đang thử ghi lại.',
    en: 'The database is locked by another program; tiepnhan keeps retrying.',
  },
};
const OTHER = { vi: 'Lỗi ghi cơ sở dữ liệu; tiepnhan đang thử ghi lại.', en: 'Database write error; tiepnhan keeps retrying.' };

export class StorageHealth {
  #status: StorageStatus = { ok: true, code: null, ...OK, since: null, lost: 0 };

  constructor(private readonly deps: { log: Logger; now: () => Date; retryForMs: number; onChange: () => void }) {}

  get status(): StorageStatus {
    return this.#status;
  }

  /** Runs a write, retrying transient storage errors for up to `retryForMs`. */
  async write<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    let delay = 50;
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
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(2000, delay * 2);
      }
    }
  }
}
