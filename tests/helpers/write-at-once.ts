// The durable write path (daemon/src/storage/storage-health.ts) without a database to wait for: each
// write runs at once. For unit tests of parts that write through it; the queue itself is tested in
// tests/unit/daemon/storage/storage-health.test.ts.

import type { KeepWrite } from '../../daemon/src/storage/storage-health.ts';

export const keepAtOnce: KeepWrite = (_what, fn) => fn();

export const writeAtOnce = {
  write: <T>(_what: string, fn: () => Promise<T>): Promise<T> => fn(),
  keep: keepAtOnce,
  close: (): void => undefined,
};
