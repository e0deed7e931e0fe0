// Keyed hash of ID numbers, so counters, reports and audit rows can tell "same person" without
// holding the number. The key lives beside the database and never leaves the machine.

import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type IdHasher = (id: string) => string;

export async function loadIdHasher(dataDir: string): Promise<IdHasher> {
  const file = join(dataDir, 'id-hash.key');
  let key: Buffer;
  try {
    key = Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
  } catch {
    key = randomBytes(32);
    await writeFile(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' }).catch(async () => {
      key = Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
    });
  }
  return (id: string) => createHmac('sha256', key).update(id).digest('hex').slice(0, 32);
}
