// The data folder's free space: a warning below storage.warnFreeMb (or 2 % of a disk too small for
// it), naming the folder and the free space in Vietnamese and English, before any write fails; the
// watch measures at start and on its timer, and says when the status changed.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { diskSpaceStatus, DiskSpaceWatch } from '../../../../daemon/src/health/disk-space.ts';

const MB = 1024 * 1024;

t.test('below the threshold: a warning with the folder and the free space', async (t) => {
  t.match(diskSpaceStatus('/srv/data', 20_000 * MB, 100_000 * MB, 500), { ok: true, freeMb: 20000, warnBelowMb: 500, en: '20000 MB free.' });
  t.same(diskSpaceStatus('/srv/data', 499 * MB, 100_000 * MB, 500), {
    ok: false,
    folder: '/srv/data',
    freeMb: 499,
    totalMb: 100000,
    warnBelowMb: 500,
    vi: 'Ổ đĩa sắp đầy: thư mục dữ liệu /srv/data chỉ còn 499 MB trống (cảnh báo dưới 500 MB). Giải phóng dung lượng trước khi không lưu được lượt quét.',
    en: 'The disk is nearly full: the data folder /srv/data has 499 MB free (warning below 500 MB). Free some space before reads can no longer be stored.',
  });
});

t.test('a disk too small for the threshold warns under 2 % of its size', async (t) => {
  t.match(diskSpaceStatus('/k', 100 * MB, 4096 * MB, 500), { ok: true, warnBelowMb: 81.9 }, 'a 4 GB card with 100 MB free');
  t.match(diskSpaceStatus('/k', 80 * MB, 4096 * MB, 500), { ok: false, warnBelowMb: 81.9 });
  t.match(diskSpaceStatus('/k', 0, 4 * MB, 0), { ok: true, warnBelowMb: 0 }, 'warnFreeMb 0: never');
});

t.test('a folder that cannot be measured is not an alarm', async (t) => {
  t.match(diskSpaceStatus('/gone', null, null, 500), { ok: true, freeMb: null, en: 'Free space not measured.' });
});

t.test('the watch measures a real folder at start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-disk-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const watch = new DiskSpaceWatch({ dataDir: dir, warnFreeMb: 0, everyMs: 60_000, onChange: () => undefined });
  await watch.start();
  t.teardown(() => watch.stop());
  t.match(watch.status, { ok: true, folder: dir });
  t.ok((watch.status.freeMb ?? 0) > 0 && (watch.status.totalMb ?? 0) >= (watch.status.freeMb ?? 0), 'free and total space measured');
});

t.test('the watch tells when the alarm rises, while the space shrinks, and when it clears', async (t) => {
  let free = 2000 * MB;
  let changes = 0;
  const watch = new DiskSpaceWatch({
    dataDir: '/srv/data',
    warnFreeMb: 500,
    everyMs: 60_000,
    onChange: () => void changes++,
    measure: async () => ({ free, total: 100_000 * MB }),
  });
  await watch.check();
  t.equal(changes, 0, 'plenty of room: nothing to tell');
  free = 1500 * MB;
  await watch.check();
  t.equal(changes, 0, 'a busy disk moving by megabytes is not news');
  free = 400 * MB;
  await watch.check();
  t.match([changes, watch.status], [1, { ok: false, freeMb: 400 }], 'under 500 MB: the alarm');
  free = 300 * MB;
  await watch.check();
  t.equal(changes, 2, 'still shrinking under the alarm: told');
  free = 900 * MB;
  await watch.check();
  t.match([changes, watch.status], [3, { ok: true }], 'space freed: cleared');
});
