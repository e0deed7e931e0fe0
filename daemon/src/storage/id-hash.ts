// Keyed hash of ID numbers, so counters, reports and audit rows can tell "same person" without
// holding the number. The key lives beside the database and never leaves the machine.

import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { loadOrCreateKey } from './key-file.ts';
import { STORAGE_TEXT } from './storage-messages.ts';

export type IdHasher = (id: string) => string;

/** `mayCreate`: false when a database already exists (a lost key must not silently re-key it). */
export async function loadIdHasher(dataDir: string, opts: { mayCreate?: boolean } = {}): Promise<IdHasher> {
  const key = await loadOrCreateKey(join(dataDir, 'id-hash.key'), { mayCreate: opts.mayCreate ?? true, what: STORAGE_TEXT.idHashKey });
  return (id: string) => createHmac('sha256', key).update(id).digest('hex').slice(0, 32);
}
