// tap "after": searches every log written during the suite (tests/artifacts/logs/) for every test
// identity in full: the ID numbers and names in the tests' card payloads, the names typed in search
// tests, and the synthetic fleet IDs. Prints TAP and a "# log-grep:" line that .ci/run counts; exits
// 1 on any hit. Hits are reported masked, so this check cannot leak what it finds.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { maskId, maskName } from '../../daemon/src/parse/mask.ts';
import { SYNTHETIC_NAMES, syntheticPayload } from '../../simulators/src/scanner/fleet.ts';
import { LOG_DIR } from '../helpers/log-files.ts';

const TESTS = fileURLToPath(new URL('../', import.meta.url));
const TYPED_NAMES = ['Trần Thị Bình', 'Lê Văn Chưa', 'Trần Thị Bích', 'Phạm Văn Cường'];

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'artifacts' ? [] : files(join(dir, e.name), ext)) : e.name.endsWith(ext) ? [join(dir, e.name)] : [],
  );
}

const ids = new Set<string>();
const names = new Set<string>([...TYPED_NAMES, ...SYNTHETIC_NAMES]);
for (const f of files(TESTS, '.ts')) {
  for (const m of readFileSync(f, 'utf8').matchAll(/(\d{12})\|(\d{9})?\|([^|'"`\\]+)\|/g)) {
    ids.add(m[1]!);
    if (m[2]) ids.add(m[2]);
    names.add(m[3]!);
  }
}
for (let i = 0; i < 100_000; i++) ids.add(syntheticPayload(i).id);

const logs = existsSync(LOG_DIR) ? files(LOG_DIR, '.log') : [];
let lines = 0;
const hits: string[] = [];
for (const f of logs) {
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    lines++;
    for (const m of line.matchAll(/\d{9,12}/g)) if (ids.has(m[0])) hits.push(`${f.slice(LOG_DIR.length)}: ID ${maskId(m[0])}`);
    for (const n of names) if (line.includes(n)) hits.push(`${f.slice(LOG_DIR.length)}: name ${maskName(n)}`);
  }
}
if (logs.length === 0) {
  // A run of test files that start no daemon writes no log: nothing to check.
  process.stdout.write('TAP version 14\n1..0 # SKIP no log files were written\n# log-grep: skip (0 files)\n');
  process.exit(0);
}
const ok = hits.length === 0;
process.stdout.write(
  `TAP version 14\n1..1\n${ok ? 'ok' : 'not ok'} 1 - no test ID (${ids.size}) or name (${names.size}) in full in ${lines} log lines of ${logs.length} files\n`,
);
for (const h of hits.slice(0, 20)) process.stdout.write(`# hit: ${h}\n`);
process.stdout.write(`# log-grep: ${ok ? 'pass' : 'FAIL'} (${lines} lines, ${logs.length} files, ${hits.length} hits)\n`);
process.exit(ok ? 0 : 1);
