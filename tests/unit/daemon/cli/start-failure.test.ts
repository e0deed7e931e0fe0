// Why a start failed, said so that the IT staff reading a service log know what to fix: a full disk
// names the data folder, its free space and what tiepnhan needs; a taken port names the port;
// anything else gives the error's own message. Both languages, always.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { freeBytes, START_NEEDS_MB, startFailureText } from '../../../../daemon/src/cli/start-failure.ts';

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

t.test('a full disk names the folder, the free space and the space needed', async (t) => {
  const text = startFailureText(coded('SQLITE_FULL'), './data', 3 * 1024 * 1024, 7300);
  t.match(text.vi, `Ổ đĩa đầy: không mở được cơ sở dữ liệu trong ${resolve('./data')} (còn 3.0 MB trống, cần ít nhất ${START_NEEDS_MB} MB)`);
  t.match(text.en, `Disk full: the database in ${resolve('./data')} cannot be opened (3.0 MB free, at least ${START_NEEDS_MB} MB needed)`);
  t.match(startFailureText(coded('SQLITE_IOERR'), '/d', 1024, 7300).en, /^Disk full/, 'an I/O error on a nearly full disk is the disk');
  t.match(startFailureText(coded('SQLITE_IOERR'), '/d', 10 * 1024 ** 3, 7300).en, /^Could not start: SQLITE_IOERR/, 'with space left it is not');
  t.match(startFailureText(coded('ENOSPC'), '/d', null, 7300).en, /\? MB free/, 'free space unknown');
});

t.test('a taken port, and anything else', async (t) => {
  t.match(startFailureText(coded('EADDRINUSE', 'listen EADDRINUSE'), '/d', 1024, 7300), {
    vi: /Cổng 7300 đang được chương trình khác dùng/,
    en: /Port 7300 is in use/,
  });
  t.same(startFailureText(new Error('invalid configuration: /port must be integer'), '/d', null, 7300), {
    vi: 'Không khởi động được: invalid configuration: /port must be integer',
    en: 'Could not start: invalid configuration: /port must be integer',
  });
});

t.test('the free space of a folder, or null when there is no folder', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-free-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  t.ok(((await freeBytes(dir)) ?? 0) > 0);
  t.equal(await freeBytes(join(dir, 'missing')), null);
});
