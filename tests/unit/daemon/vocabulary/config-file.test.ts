// Reading the configuration file hospital IT edits (the daemon's and the hub's): its JSON as written,
// Vietnamese included; a file that is not JSON is refused as a ConfigError naming the file and what
// is wrong, and a missing file keeps its system error (ENOENT) for the caller to explain.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import t, { type Test } from 'tap';
import { ConfigError } from '../../../../daemon/src/vocabulary/config-error.ts';
import { loadConfigFile } from '../../../../daemon/src/vocabulary/config-file.ts';

function dir(t: Test): string {
  const d = mkdtempSync(join(tmpdir(), 'tiepnhan-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

t.test('a JSON file is parsed as written, Vietnamese names included', async (t) => {
  const file = join(dir(t), 'tiepnhan.json');
  const config = { port: 7300, facility: { id: '51001', name: 'Trung tâm Y tế huyện Hải Hậu', stations: [{ id: 'main', desks: ['quầy-1'] }] } };
  writeFileSync(file, JSON.stringify(config, null, 2), 'utf8');
  t.same(await loadConfigFile(file), config);
});

t.test('a relative path is read from the current directory', async (t) => {
  const file = join(dir(t), 'relative.json');
  writeFileSync(file, '{"host":"127.0.0.1"}', 'utf8');
  t.same(await loadConfigFile(relative(process.cwd(), file)), { host: '127.0.0.1' });
});

t.test('a file that is not JSON is a ConfigError naming the file and the fault', async (t) => {
  const file = join(dir(t), 'broken.json');
  const text = '{ "port": 7300, }';
  writeFileSync(file, text, 'utf8');
  let fault = '';
  try {
    JSON.parse(text);
  } catch (e) {
    fault = (e as Error).message;
  }
  const err = await loadConfigFile(file).then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(err instanceof ConfigError);
  t.equal((err as Error).message, `${file}: not valid JSON (${fault})`, 'the file, and where the JSON breaks');
});

t.test('a missing file is not a ConfigError: its ENOENT reaches the caller', async (t) => {
  const file = join(dir(t), 'absent.json');
  const err = await loadConfigFile(file).then(
    () => null,
    (e: unknown) => e,
  );
  t.notOk(err instanceof ConfigError);
  t.equal((err as NodeJS.ErrnoException).code, 'ENOENT');
});
