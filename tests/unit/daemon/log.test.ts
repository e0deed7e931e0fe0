// `log.file`: the daemon logs to a file that starts anew after `maxBytes`, keeping the newest `keep`
// old ones (the Windows service's log under %ProgramData%), and masks patient data there as on stdout.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { resolveConfig } from '../../../daemon/src/config/load.ts';
import { createLogger, logDestination } from '../../../daemon/src/log.ts';

t.test('a rotated log file: bounded files, every line whole, no patient data', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-log-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const config = resolveConfig({ log: { file: join(dir, 'logs', 'tiepnhan.log'), maxBytes: 65536, keep: 2 } });
  const log = createLogger('info', await logDestination(config.log));
  for (let i = 0; i < 3000; i++) {
    log.info({ i, pad: 'x'.repeat(80) }, 'line');
    if (i % 100 === 0) await new Promise((r) => setImmediate(r)); // the rotation happens between writes
  }
  log.info({ identity: { name: 'Nguyễn Văn An', id: '001089012345' } }, 'scan stored');
  await new Promise((r) => setTimeout(r, 50));

  const files = (await readdir(join(dir, 'logs'))).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  t.ok(
    files.every((f) => /^tiepnhan\.\d+\.log$/.test(f)),
    `numbered files: ${files.join(', ')}`,
  );
  t.equal(files.length, 3, 'the current file and the 2 newest old ones');
  const newest = await readFile(join(dir, 'logs', files[files.length - 1]!), 'utf8');
  const lines = newest.trim().split('\n');
  t.ok(
    lines.every((l) => JSON.parse(l) !== null),
    'every line is a whole JSON record',
  );
  t.match(JSON.parse(lines[lines.length - 1]!), { msg: 'scan stored', identity: { name: 'N*** V** A*', id: '0010******45' } }, 'masked in the file too');
  for (const f of files) t.ok((await readFile(join(dir, 'logs', f))).length < 65536 + 4096, `${f} stays near maxBytes`);
});

t.test('without log.file the log goes to stdout; a too small maxBytes is refused', async (t) => {
  t.equal(await logDestination(resolveConfig({}).log), undefined);
  t.throws(() => resolveConfig({ log: { file: 'x.log', maxBytes: 10 } }), /log\.maxBytes: must be >= 65536/);
});
