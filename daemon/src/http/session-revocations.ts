// Sessions that were logged out, so that logging out ends a session: a page session is a signed
// cookie that would otherwise stay valid for the rest of its hours. A logged-out cookie is kept as a
// hash (never the cookie) with the time it would have expired, in a file of the data folder (mode
// 600), so a restart does not bring it back; entries past their time are dropped at each write.

import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';

const digest = (value: string): string => createHash('sha256').update(value).digest('hex');

export class SessionRevocations {
  readonly #until: Map<string, number>;
  /** Writes go one after another: two logouts at once must not race on the file. */
  #writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => number,
    entries: ReadonlyArray<readonly [string, number]>,
  ) {
    this.#until = new Map(entries);
  }

  /** The revocations kept in `file` (none when it does not exist yet). */
  static async load(file: string, now: () => number): Promise<SessionRevocations> {
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '{}';
      throw err;
    });
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const entries = Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number');
    return new SessionRevocations(file, now, entries);
  }

  /** Whether this cookie value was logged out (and would still be valid otherwise). */
  has(value: string): boolean {
    const until = this.#until.get(digest(value));
    return until !== undefined && until > this.now();
  }

  /** Ends the session of this cookie value for good (kept until `untilMs`, when it expires anyway). */
  async revoke(value: string, untilMs: number): Promise<void> {
    const now = this.now();
    for (const [k, until] of this.#until) if (until <= now) this.#until.delete(k);
    this.#until.set(digest(value), untilMs);
    const write = async (): Promise<void> => {
      const tmp = `${this.file}.tmp`;
      await writeFile(tmp, JSON.stringify(Object.fromEntries(this.#until)), { mode: 0o600 });
      await rename(tmp, this.file);
    };
    this.#writing = this.#writing.then(write, write);
    await this.#writing;
  }
}
