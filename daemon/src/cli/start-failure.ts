// Why `tiepnhan start` could not start, in Vietnamese and English, for stderr and the log: a service
// manager restarts the process, and the IT staff who read the service log learn what to fix. A disk
// too full to open the database names the data folder, its free space and what tiepnhan needs.

import { measureFolder } from '../health/disk-space.ts';
import { resolve } from 'node:path';

export interface Text {
  readonly vi: string;
  readonly en: string;
}

/** Free space tiepnhan wants in its data folder to open the database (its journal and a first write). */
export const START_NEEDS_MB = 100;

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** The folder's free bytes, or null where the system cannot tell (the folder may not exist yet). */
export async function freeBytes(dir: string): Promise<number | null> {
  return (await measureFolder(dir).catch(() => null))?.free ?? null;
}

/** The reason a start failed, from the error and the data folder's free space. */
export function startFailureText(err: unknown, dataDir: string, free: number | null, port: number): Text {
  const code = (err as { code?: unknown } | null)?.code;
  const folder = resolve(dataDir);
  if (code === 'EADDRINUSE') {
    return {
      vi: `Cổng ${port} đang được chương trình khác dùng (có thể là một tiepnhan khác). Dừng chương trình đó hoặc chọn cổng khác (--port).`,
      en: `Port ${port} is in use by another program (perhaps another tiepnhan). Stop it or choose another port (--port).`,
    };
  }
  // SQLite names a full disk SQLITE_FULL when it notices it while writing; opening or journalling on a
  // full disk can fail as an I/O or open error instead, which the free space then explains.
  const low = free !== null && free < START_NEEDS_MB * 1024 * 1024;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || (low && (code === 'SQLITE_IOERR' || code === 'SQLITE_CANTOPEN'))) {
    const left = free === null ? '?' : mb(free);
    return {
      vi: `Ổ đĩa đầy: không mở được cơ sở dữ liệu trong ${folder} (còn ${left} MB trống, cần ít nhất ${START_NEEDS_MB} MB). Giải phóng dung lượng rồi khởi động lại.`,
      en: `Disk full: the database in ${folder} cannot be opened (${left} MB free, at least ${START_NEEDS_MB} MB needed). Free some space, then start again.`,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { vi: `Không khởi động được: ${message}`, en: `Could not start: ${message}` };
}
