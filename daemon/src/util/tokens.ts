// Bearer tokens compared in constant time (on their SHA-256, so lengths never leak either).

import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1] ?? null;
}

export class TokenTable<T> {
  readonly #entries: Array<{ digest: Buffer; value: T }>;

  constructor(entries: Iterable<readonly [token: string, value: T]>) {
    this.#entries = [...entries].filter(([token]) => token.length > 0).map(([token, value]) => ({ digest: digest(token), value }));
  }

  lookup(token: string | null): T | undefined {
    if (!token) return undefined;
    const d = digest(token);
    let found: T | undefined;
    // No early exit: every entry is compared, whichever matches.
    for (const e of this.#entries) if (timingSafeEqual(e.digest, d)) found = e.value;
    return found;
  }
}
