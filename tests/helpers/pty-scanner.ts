// A hospital's scanner, as far as the daemon can tell: a configured serial port (a PTY the test
// writes into). A *simulated* scanner would not do for the district reports: its reads never reach them.

import { writeSync } from 'node:fs';
import { PtyPair } from '../../simulators/src/pty/pty-pair.ts';

export interface PtyScanner {
  /** The configuration keys that declare it (its repeat window off: the same card may be read again). */
  readonly config: { scanners: object[]; repeats: object };
  scan(payload: string): Promise<void>;
}

export async function ptyScanner(t: { teardown(fn: () => unknown): void }, id = 'quay-1', desk = 'desk-1'): Promise<PtyScanner> {
  const pair = await PtyPair.create();
  t.teardown(() => pair.close());
  return {
    config: { scanners: [{ id, path: pair.hostPath, baudRate: 115200, terminator: 'CR', desk }], repeats: { byDevice: { [id]: 0 } } },
    async scan(payload) {
      writeSync(pair.deviceFd(), Buffer.from(`${payload}\r`, 'utf8'));
      await new Promise((r) => setTimeout(r, 150));
    },
  };
}
