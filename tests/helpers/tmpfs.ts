// A small tmpfs for the full-disk tests: a real file system that fills up, mounted for one test and
// removed after it. Mounting needs root and mount(8): CI runs as root (a missing requirement fails
// there), elsewhere the test is skipped with the reason.

import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirement } from './requirement.ts';

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function tmpfsRequirement(what: string): { skip: string | false } {
  return requirement(canMount(), 'mounting a tmpfs needs root and mount(8)', `${what} needs root to mount a tmpfs`);
}

/** A tmpfs of `size` (e.g. "8m") on a new folder, unmounted and removed at the test's end. */
export async function mountTmpfs(t: { teardown(fn: () => unknown): void }, size: string): Promise<string> {
  const mnt = await mkdtemp(join(tmpdir(), 'tiepnhan-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt]);
  t.teardown(async () => {
    execFileSync('umount', ['-l', mnt]);
    await rm(mnt, { recursive: true, force: true });
  });
  return mnt;
}

/** Writes filler files into `dir` until the file system refuses (ENOSPC): full to the last byte. */
export async function fill(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const size of [1024 * 1024, 64 * 1024, 4096, 512]) {
    for (;;) {
      const f = join(dir, `filler-${files.length}`);
      try {
        await writeFile(f, Buffer.alloc(size));
        files.push(f);
      } catch {
        await rm(f, { force: true });
        break;
      }
    }
  }
  return files;
}
