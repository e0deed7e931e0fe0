// The data folder's free space, watched: reception PCs fill their disks (updates, scans, a HIS's
// logs), and a warning while there is still room lets IT act before a read waits for the disk. The
// threshold is storage.warnFreeMb, or 2 % of a disk too small for it (a 4 GB card in a kiosk).

import { statfs } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DiskSpaceStatus } from '../api/contract.ts';
import type { Feature } from '../vocabulary/feature.ts';

const MB = 1024 * 1024;
const round = (n: number): number => Math.round(n * 10) / 10;

/** The status for a measurement (bytes), or for a folder that could not be measured (nulls). */
export function diskSpaceStatus(folder: string, free: number | null, total: number | null, warnFreeMb: number): DiskSpaceStatus {
  if (free === null || total === null) {
    return { ok: true, folder, freeMb: null, totalMb: null, warnBelowMb: null, vi: 'Chưa đo được dung lượng trống.', en: 'Free space not measured.' };
  }
  const warnBelowMb = round(Math.min(warnFreeMb, (total * 0.02) / MB));
  const freeMb = round(free / MB);
  const base = { folder, freeMb, totalMb: round(total / MB), warnBelowMb };
  if (freeMb >= warnBelowMb) return { ok: true, ...base, vi: `Còn ${freeMb} MB trống.`, en: `${freeMb} MB free.` };
  return {
    ok: false,
    ...base,
    vi: `Ổ đĩa sắp đầy: thư mục dữ liệu ${folder} chỉ còn ${freeMb} MB trống (cảnh báo dưới ${warnBelowMb} MB). Giải phóng dung lượng trước khi không lưu được lượt quét.`,
    en: `The disk is nearly full: the data folder ${folder} has ${freeMb} MB free (warning below ${warnBelowMb} MB). Free some space before reads can no longer be stored.`,
  };
}

/** Free and total bytes of the file system a folder is on. */
export async function measureFolder(folder: string): Promise<{ free: number; total: number }> {
  const s = await statfs(folder);
  return { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
}

/** Measures the folder now and every `everyMs`; tells `onChange` when the status changes. */
export class DiskSpaceWatch implements Feature {
  readonly name = 'disk-space';
  #status: DiskSpaceStatus;
  #timer: ReturnType<typeof setInterval> | null = null;
  readonly #folder: string;

  constructor(
    private readonly deps: {
      dataDir: string;
      warnFreeMb: number;
      everyMs: number;
      onChange: () => void;
      /** Free and total bytes of the folder's file system (statfs; tests give their own). */
      measure?: (folder: string) => Promise<{ free: number; total: number } | null>;
    },
  ) {
    this.#folder = resolve(deps.dataDir);
    this.#status = diskSpaceStatus(this.#folder, null, null, deps.warnFreeMb);
  }

  get status(): DiskSpaceStatus {
    return this.#status;
  }

  /** One measurement (also what the timer runs). */
  async check(): Promise<void> {
    const m = await (this.deps.measure ?? measureFolder)(this.#folder).catch(() => null);
    const next = diskSpaceStatus(this.#folder, m?.free ?? null, m?.total ?? null, this.deps.warnFreeMb);
    // The alarm rising or clearing, or the space shrinking under it; not every megabyte of a busy disk.
    const changed = next.ok !== this.#status.ok || (!next.ok && next.freeMb !== this.#status.freeMb);
    this.#status = next;
    if (changed) this.deps.onChange();
  }

  async start(): Promise<void> {
    await this.check();
    this.#timer = setInterval(() => void this.check(), this.deps.everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
