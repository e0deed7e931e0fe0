// Secret key files beside the database (the ID hash key, the page-session key): created once,
// atomically (temporary file, fsync, rename, fsync of the folder), mode 0600. A crash can leave
// either no file or a whole one, never an empty or half-written key.

import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { STORAGE_TEXT, type Text } from './storage-messages.ts';

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
  constructor(
    readonly code: 'KEY_MISSING' | 'KEY_EMPTY',
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
  }
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const fh = await open(path, flags);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `text` to `file` so that readers see either nothing or all of it. */
export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  const tmp = join(dirname(file), `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fsyncPath(dirname(file), 'r').catch(() => undefined); // Windows cannot open a folder; rename is atomic there anyway
}

/**
 * Reads a hex key, or creates one when `mayCreate` (a fresh install). A key that is missing or empty
 * while `mayCreate` is false stops the start: making a new one would silently re-key everything
 * already stored under the old one (hashed IDs no longer match, sessions lost).
 */
export async function loadOrCreateKey(file: string, opts: { mayCreate: boolean; what: Text }): Promise<Buffer> {
  let text: string | null = null;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== null && /^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (text !== null) {
    const t = STORAGE_TEXT.keyEmpty(opts.what, file);
    throw new KeyFileError('KEY_EMPTY', t.vi, t.en);
  }
  if (!opts.mayCreate) {
    const t = STORAGE_TEXT.keyMissing(opts.what, file);
    throw new KeyFileError('KEY_MISSING', t.vi, t.en);
  }
  const key = randomBytes(32);
  await writeFileAtomic(file, key.toString('hex') + '\n');
  return key;
}
