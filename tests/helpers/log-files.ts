// Every log line a test daemon or a spawned CLI writes is also kept under tests/artifacts/logs/, so
// the after-suite check (tests/after/grep-logs.ts) can search all of them for patient data.

import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOG_DIR = fileURLToPath(new URL('../artifacts/logs/', import.meta.url));
let n = 0;

/** A file for one daemon's log in this test process. */
export function logFile(label: string): (text: string) => void {
  mkdirSync(LOG_DIR, { recursive: true });
  const script = basename(process.argv[process.argv.length - 1] ?? 'test').replace(/\W+/g, '-');
  const file = join(LOG_DIR, `${script}-${process.pid}-${++n}-${label.replace(/\W+/g, '-')}.log`);
  return (text) => appendFileSync(file, text);
}
